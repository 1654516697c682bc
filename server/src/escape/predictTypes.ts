// Just enough typing for the predictor: the written or inferable type of an expression and what
// kind of type it is (does converting it to an interface allocate?). Unknown stays unknown. Pure.
import type { Node } from 'web-tree-sitter';
import type { PackageContext } from '../analysis/values/summaries';
import type { VarInfo } from './predictScope';

export type TypeClass = 'basic' | 'string' | 'slice' | 'array' | 'struct' | 'pointer' | 'map' | 'chan' | 'func' | 'interface' | 'unknown';

export interface TypeEnv {
  pkg?: PackageContext;
  /** Import name → import path for the file. */
  imports: ReadonlyMap<string, string>;
  useOf: ReadonlyMap<number, VarInfo>;
  /** The result type of the package's own function `name`, when it has one result. */
  resultOf?: (name: string) => string | undefined;
}

const BASIC_SIZES: Record<string, number> = {
  bool: 1, int8: 1, uint8: 1, byte: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, rune: 4, float32: 4,
  int: 8, uint: 8, int64: 8, uint64: 8, uintptr: 8, float64: 8, complex64: 8, complex128: 16,
};
/** A few library types whose kind is worth knowing (they are often printed). */
const LIBRARY_TYPES: Record<string, TypeClass> = {
  'time.Duration': 'basic', 'time.Month': 'basic', 'time.Weekday': 'basic', 'time.Time': 'struct',
  'os.FileMode': 'basic', 'fs.FileMode': 'basic', 'reflect.Kind': 'basic', 'token.Pos': 'basic', 'token.Token': 'basic',
  'unsafe.Pointer': 'pointer', 'error': 'interface', 'any': 'interface',
};
/** Results of library calls, by import path and function. */
const LIBRARY_RESULTS: Record<string, string> = {
  'fmt.Sprintf': 'string', 'fmt.Sprint': 'string', 'fmt.Sprintln': 'string', 'fmt.Errorf': 'error', 'errors.New': 'error',
  'strconv.Itoa': 'string', 'strconv.FormatInt': 'string', 'strconv.FormatUint': 'string', 'strconv.FormatFloat': 'string',
  'strconv.FormatBool': 'string', 'strconv.Quote': 'string', 'strings.Join': 'string', 'strings.Repeat': 'string',
  'strings.ToUpper': 'string', 'strings.ToLower': 'string', 'strings.TrimSpace': 'string', 'strings.Trim': 'string',
  'strings.TrimPrefix': 'string', 'strings.TrimSuffix': 'string', 'strings.Replace': 'string', 'strings.ReplaceAll': 'string',
  'strings.Index': 'int', 'strings.LastIndex': 'int', 'strings.IndexByte': 'int', 'strings.Count': 'int',
  'time.Since': 'time.Duration', 'time.Until': 'time.Duration', 'time.Now': 'time.Time',
  'encoding/json.NewDecoder': '*encoding/json.Decoder', 'encoding/json.NewEncoder': '*encoding/json.Encoder',
  'encoding/xml.NewDecoder': '*encoding/xml.Decoder', 'encoding/xml.NewEncoder': '*encoding/xml.Encoder',
  'encoding/gob.NewDecoder': '*encoding/gob.Decoder', 'encoding/gob.NewEncoder': '*encoding/gob.Encoder', 'log.New': '*log.Logger',
};

/** What kind of type a type's text denotes, following the package's type declarations. */
export function classifyType(text: string | undefined, env: TypeEnv, depth = 0): TypeClass {
  if (!text || depth > 6) return 'unknown';
  const t = text.trim();
  if (t.startsWith('*')) return 'pointer';
  if (t.startsWith('[]')) return 'slice';
  if (/^\[1\]\s*(\*|map\[|chan\b|func\b)/.test(t) || /^\[0\]/.test(t)) return 'unknown';
  if (t.startsWith('[')) return 'array';
  if (t.startsWith('map[')) return 'map';
  if (/^(<-\s*)?chan\b/.test(t)) return 'chan';
  if (/^func\b/.test(t)) return 'func';
  if (/^interface\b/.test(t)) return 'interface';
  if (/^struct\b/.test(t)) return classifyStruct(t);
  if (t === 'string') return 'string';
  if (t in BASIC_SIZES) return 'basic';
  if (t in LIBRARY_TYPES) return LIBRARY_TYPES[t];
  if (/^\w+$/.test(t)) {
    const decl = env.pkg?.types.get(t);
    if (decl) return classifyType(decl.text, env, depth + 1);
  }
  return 'unknown';
}

/** Structs of one pointer-shaped field are stored directly in an interface; empty ones use zerobase. */
function classifyStruct(text: string): TypeClass {
  const fields = structFields(text);
  if (fields === undefined || fields.size === 0) return 'unknown';
  if (fields.size === 1 && /^(\*|map\[|chan\b|func\b|unsafe\.Pointer)/.test([...fields.values()][0])) return 'unknown';
  return 'struct';
}

/** Parsed struct texts: the same few struct types are asked about for every expression. Read-only maps. */
const structFieldsMemo = new Map<string, ReadonlyMap<string, string> | undefined>();
const STRUCT_MEMO_LIMIT = 4096;

/** Field name → type text of a struct type's text (an embedded field is named after its type). */
export function structFields(text: string): ReadonlyMap<string, string> | undefined {
  if (structFieldsMemo.has(text)) return structFieldsMemo.get(text);
  const fields = parseStructFields(text);
  if (structFieldsMemo.size >= STRUCT_MEMO_LIMIT) structFieldsMemo.clear();
  structFieldsMemo.set(text, fields);
  return fields;
}

function parseStructFields(text: string): Map<string, string> | undefined {
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open < 0 || close < open) return undefined;
  const fields = new Map<string, string>();
  for (const rawLine of text.slice(open + 1, close).split(/[\n;]/)) {
    const line = rawLine.replace(/\/\/.*$/, '').replace(/`[^`]*`|"[^"]*"$/, '').trim();
    if (!line) continue;
    const m = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+(\S.*)$/.exec(line);
    const embedded = m ? undefined : /^\*?(?:\w+\.)?(\w+)(\[.*\])?$/.exec(line);
    if (embedded) { fields.set(embedded[1], line); continue; }
    if (!m) return undefined;
    for (const name of m[1].split(',')) fields.set(name.trim(), m[2].trim());
  }
  return fields;
}

/** The declared text behind a named type of this package (`Names` → `[]string`). */
export function underlying(text: string | undefined, env: TypeEnv, depth = 0): string | undefined {
  if (!text || depth > 6) return text;
  const decl = /^\w+$/.test(text) ? env.pkg?.types.get(text) : undefined;
  return decl ? underlying(decl.text, env, depth + 1) : text;
}

/** Size in bytes of a type, when it is simple enough to know (for `make` size limits). */
export function sizeOfType(text: string | undefined, env: TypeEnv): number | undefined {
  const t = underlying(text?.trim(), env);
  if (!t) return undefined;
  if (t in BASIC_SIZES) return BASIC_SIZES[t];
  if (t === 'string' || /^interface\b/.test(t) || t === 'any' || t === 'error') return 16;
  if (t.startsWith('[]')) return 24;
  if (/^(\*|map\[|(<-\s*)?chan\b|func\b)/.test(t)) return 8;
  const arr = /^\[(\d+)\](.+)$/.exec(t);
  if (arr) {
    const elem = sizeOfType(arr[2], env);
    return elem === undefined ? undefined : Number(arr[1]) * elem;
  }
  return undefined;
}

/** The element type of a slice, array, map (value) or string (byte) type text. */
export function elementType(text: string | undefined, env: TypeEnv): string | undefined {
  const t = underlying(text?.trim(), env);
  if (!t) return undefined;
  if (t === 'string') return 'byte';
  const arr = /^\[[^\]]*\](.+)$/.exec(t);
  if (arr) return arr[1].trim();
  if (t.startsWith('map[')) return mapParts(t)?.[1];
  return undefined;
}

function mapParts(t: string): [string, string] | undefined {
  let depth = 0;
  for (let i = 3; i < t.length; i++) {
    if (t[i] === '[') depth++;
    else if (t[i] === ']' && --depth === 0) return [t.slice(4, i).trim(), t.slice(i + 1).trim()];
  }
  return undefined;
}

/** The type text of a variable: written, or inferred from its initialiser or ranged expression. */
export function typeOfVar(v: VarInfo, env: TypeEnv, depth = 0): string | undefined {
  if (v.typeText) return v.typeText;
  if (depth > 6) return undefined;
  if (v.init) return typeOfExpr(v.init, env, depth + 1);
  if (v.range) {
    const ranged = underlying(typeOfExpr(v.range.expr, env, depth + 1), env);
    if (!ranged) return undefined;
    const cls = classifyType(ranged, env);
    if (v.range.role === 'key') {
      if (cls === 'slice' || cls === 'array' || cls === 'string' || /^\*\[/.test(ranged)) return 'int';
      if (cls === 'map') return mapParts(ranged)?.[0];
      return cls === 'basic' ? ranged : undefined; // range over an integer (Go 1.22)
    }
    if (cls === 'string') return 'rune';
    return cls === 'slice' || cls === 'array' || cls === 'map' ? elementType(ranged, env) : undefined;
  }
  return undefined;
}

/** The type text of an expression, when the syntax (and the package's declarations) tell it. */
export function typeOfExpr(node: Node | null, env: TypeEnv, depth = 0): string | undefined {
  if (!node || depth > 8) return undefined;
  switch (node.type) {
    case 'int_literal': return 'int';
    case 'float_literal': return 'float64';
    case 'imaginary_literal': return 'complex128';
    case 'rune_literal': return 'rune';
    case 'interpreted_string_literal': case 'raw_string_literal': return 'string';
    case 'true': case 'false': return 'bool';
    case 'parenthesized_expression': return typeOfExpr(node.namedChild(0), env, depth + 1);
    case 'composite_literal': return node.childForFieldName('type')?.text;
    case 'type_conversion_expression': return node.childForFieldName('type')?.text;
    case 'func_literal': return 'func()';
    case 'identifier': {
      const v = env.useOf.get(node.id);
      if (v) return typeOfVar(v, env, depth + 1);
      const global = env.pkg?.vars.get(node.text);
      if (global?.type) return global.type;
      const c = env.pkg?.constants.get(node.text);
      if (c) {
        if (c.type) return c.type;
        const value = env.pkg?.constValue(node.text)?.value;
        return typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float64') : undefined;
      }
      return undefined;
    }
    case 'unary_expression': {
      const op = node.childForFieldName('operator')?.text;
      const operand = node.childForFieldName('operand');
      if (op === '&') return `*${typeOfExpr(operand, env, depth + 1) ?? '?'}`;
      if (op === '!') return 'bool';
      if (op === '-' || op === '+' || op === '^') return typeOfExpr(operand, env, depth + 1);
      if (op === '*') return typeOfExpr(operand, env, depth + 1)?.replace(/^\*/, '') ?? undefined;
      if (op === '<-') {
        const ch = underlying(typeOfExpr(operand, env, depth + 1), env);
        return ch ? /^(?:<-\s*)?chan\s*(?:<-\s*)?(\S.*)$/.exec(ch)?.[1] : undefined;
      }
      return undefined;
    }
    case 'type_assertion_expression': return node.childForFieldName('type')?.text;
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(op)) return 'bool';
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const l = typeOfExpr(left, env, depth + 1);
      if (op === '<<' || op === '>>') return l;
      const r = typeOfExpr(right, env, depth + 1);
      return left && /literal$/.test(left.type) && r ? r : (l ?? r);
    }
    case 'index_expression': return elementType(typeOfExpr(node.childForFieldName('operand'), env, depth + 1), env);
    case 'slice_expression': {
      const t = underlying(typeOfExpr(node.childForFieldName('operand'), env, depth + 1), env);
      if (!t) return undefined;
      if (t === 'string' || t.startsWith('[]')) return t;
      const arr = /^\*?\[[^\]]*\](.+)$/.exec(t);
      return arr ? `[]${arr[1]}` : undefined;
    }
    case 'selector_expression': {
      const operand = typeOfExpr(node.childForFieldName('operand'), env, depth + 1)?.replace(/^\*/, '');
      const decl = underlying(operand, env);
      return decl && /^struct\b/.test(decl) ? structFields(decl)?.get(node.childForFieldName('field')?.text ?? '') : undefined;
    }
    case 'call_expression': return typeOfCall(node, env, depth);
    default: return undefined;
  }
}

function typeOfCall(node: Node, env: TypeEnv, depth: number): string | undefined {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n) ?? [];
  if (!fn) return undefined;
  if (fn.type === 'identifier' && !env.useOf.has(fn.id)) {
    const name = fn.text;
    if (name === 'len' || name === 'cap' || name === 'copy') return 'int';
    if (name === 'new') return args[0] ? `*${args[0].text}` : undefined;
    if (name === 'make') return args[0]?.text;
    if (name === 'append') return typeOfExpr(args[0] ?? null, env, depth + 1);
    if (name in BASIC_SIZES || name === 'string' || name === 'any' || name === 'error') return name;
    if (env.pkg?.types.has(name) && !env.pkg.funcs.has(name)) return name;
    return env.resultOf?.(name);
  }
  if (fn.type === 'parenthesized_expression' || fn.type === 'slice_type' || fn.type === 'array_type') return fn.text.replace(/^\((.*)\)$/, '$1');
  if (fn.type === 'selector_expression' && args.length === 0) {
    const field = fn.childForFieldName('field')?.text;
    if (field === 'String' || field === 'Error') return 'string';
  }
  if (fn.type === 'selector_expression') {
    const operand = fn.childForFieldName('operand');
    if (operand?.type === 'identifier' && !env.useOf.has(operand.id)) {
      const importPath = env.imports.get(operand.text);
      const field = fn.childForFieldName('field')?.text;
      if (importPath) return LIBRARY_RESULTS[`${importPath}.${field}`];
    }
  }
  return undefined;
}

/** Whether converting a value of this type to an interface makes the compiler report an escape. */
export function boxesOnConversion(text: string | undefined, env: TypeEnv): boolean {
  const cls = classifyType(text, env);
  return cls === 'basic' || cls === 'string' || cls === 'slice' || cls === 'array' || cls === 'struct';
}

/** The result types of a function declaration or literal, one per result. */
export function resultTypes(fn: Node): string[] {
  const result = fn.childForFieldName('result');
  if (!result) return [];
  if (result.type !== 'parameter_list') return [result.text];
  const out: string[] = [];
  for (const p of result.namedChildren) {
    if (p?.type !== 'parameter_declaration') continue;
    const type = p.childForFieldName('type')?.text ?? '';
    const names = p.childrenForFieldName('name').length;
    for (let i = 0; i < Math.max(1, names); i++) out.push(type);
  }
  return out;
}
