// What one file needs to know about the rest of its package: constants (typed, iota, constant
// expressions), functions that always return a constant, and type declarations. Summaries are
// plain data, so a server can keep them for files that are not open.
import type { Node, Tree } from 'web-tree-sitter';
import { type ConstExpr, toConstExpr } from './constExpr';
import { knownConstant } from './facts';
import { usesOf } from './callSites';
import { maxExpressionDepth } from '../nesting';
import { endlessIteratorOf, mergeIteratorFacts, methodKey, type EndlessIterator } from './iterators';

export interface ConstDecl { name: string; expr: ConstExpr; type?: string; line: number; file: string }
/** A package-level function; `returns` holds every returned expression when each is constant-like. */
export interface FuncDecl {
  name: string;
  returns: ConstExpr[] | null;
  line: number;
  file: string;
  /** Negative constants among its returns (`return -1` beside computed returns): sentinels a caller may add. */
  sentinels?: number[];
  /** The line of a `return 0` among computed returns: a caller's position advanced by it can stall. */
  zeroReturnLine?: number;
  /** It is, or returns, an iterator that yields forever (methods are kept under `.Name`). */
  endlessIterator?: EndlessIterator;
}
export interface TypeDecl { name: string; text: string; line: number; file: string }
export interface VarDecl { name: string; type?: string; line: number; file: string }

export interface FileSummary {
  path: string;
  packageName: string;
  constants: ConstDecl[];
  funcs: FuncDecl[];
  types: TypeDecl[];
  vars: VarDecl[];
  /** Struct fields this file sets straight from a parameter that nothing in the function checks (`pageSize: sz`). */
  unguardedFieldWrites?: Array<{ field: string; line: number }>;
  /** Calls of unexported functions and methods in this file, with their arguments as constant expressions. */
  callSites?: CallSite[];
  /** Unexported names this file uses other than by calling them (`f := helper`, `run(helper)`). */
  valueUses?: Array<{ name: string; line: number }>;
}

/** One call `f(a, b)` or `x.m(a, b)`: what each argument is when it is a constant. */
export interface CallSite { name: string; method: boolean; args: ConstExpr[]; variadic: boolean; line: number }

export interface ConstValue { value: number | string | boolean; decl?: ConstDecl }

export interface PackageContext {
  packageName: string;
  constants: ReadonlyMap<string, ConstDecl>;
  funcs: ReadonlyMap<string, FuncDecl>;
  types: ReadonlyMap<string, TypeDecl>;
  vars: ReadonlyMap<string, VarDecl>;
  /** The value of a package constant (or a well-known library constant), if computable. */
  constValue(name: string): ConstValue | undefined;
  /** Whether some function of the package sets field `name` from an unchecked parameter (so it can be 0). */
  fieldSetFromParameter?(name: string): boolean;
  /**
   * For an unexported function or method: the values its callers pass as argument `index`, when every
   * call in the package passes a constant (and the name is never used as a value); undefined otherwise.
   */
  argumentsFromCallers?(name: string, method: boolean, index: number): number[] | undefined;
}

/** Collects the package-level declarations of one file. */
export function summarizeFile(path: string, tree: Tree): FileSummary {
  const root = tree.rootNode;
  const summary: FileSummary = { path, packageName: '', constants: [], funcs: [], types: [], vars: [] };
  for (const decl of root.namedChildren) {
    if (!decl) continue;
    switch (decl.type) {
      case 'package_clause':
        summary.packageName = decl.namedChild(0)?.text ?? '';
        break;
      case 'const_declaration':
        collectConsts(decl, path, summary.constants);
        break;
      case 'function_declaration':
        summary.funcs.push(summarizeFunc(decl, path));
        break;
      case 'method_declaration': {
        // Every method is kept (by name only): a range over `x.All()` trusts an endless `All` only when no other `All` differs.
        const name = decl.childForFieldName('name')?.text;
        const it = name ? iteratorOf(decl) : undefined;
        if (name) summary.funcs.push({ name: methodKey(name), returns: null, line: decl.startPosition.row, file: path, ...(it ? { endlessIterator: it } : {}) });
        break;
      }
      case 'type_declaration':
        for (const spec of decl.namedChildren) {
          if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) continue;
          const name = spec.childForFieldName('name')?.text;
          const type = spec.childForFieldName('type');
          if (name && type) summary.types.push({ name, text: type.text, line: spec.startPosition.row, file: path });
        }
        break;
      case 'var_declaration':
        for (const spec of specsOf(decl, 'var_spec')) {
          const type = spec.childForFieldName('type')?.text;
          for (const n of spec.childrenForFieldName('name')) {
            if (n) summary.vars.push({ name: n.text, type, line: n.startPosition.row, file: path });
          }
        }
        break;
    }
  }
  // Huge files (generated tables, rewrite rules) are not walked for calls and field writes: their
  // summaries leave callSites undefined, which turns the callers' constants off for the package.
  if (root.endIndex < 1_000_000) Object.assign(summary, usesOf(root.namedChildren.filter((n): n is Node => !!n)));
  return summary;
}


function specsOf(decl: Node, type: string): Node[] {
  const out: Node[] = [];
  for (const c of decl.namedChildren) {
    if (!c) continue;
    if (c.type === type) out.push(c);
    else if (c.type.endsWith('_spec_list')) for (const s of c.namedChildren) if (s?.type === type) out.push(s);
  }
  return out;
}

/** Const specs repeat the previous expression list when theirs is omitted; iota counts specs. */
function collectConsts(decl: Node, file: string, out: ConstDecl[]): void {
  let prevValues: Node[] = [];
  let prevType: string | undefined;
  let iota = 0;
  for (const spec of specsOf(decl, 'const_spec')) {
    const valueList = spec.childForFieldName('value');
    const values = valueList ? valueList.namedChildren.filter((n): n is Node => n !== null) : prevValues;
    const type = valueList ? spec.childForFieldName('type')?.text : (spec.childForFieldName('type')?.text ?? prevType);
    spec.childrenForFieldName('name').forEach((n, i) => {
      if (!n || n.text === '_') return;
      out.push({ name: n.text, expr: toConstExpr(values[i] ?? null, iota), type, line: n.startPosition.row, file });
    });
    if (valueList) { prevValues = values; prevType = type; }
    iota++;
  }
}

function summarizeFunc(decl: Node, file: string): FuncDecl {
  const name = decl.childForFieldName('name')?.text ?? '';
  const result = decl.childForFieldName('result');
  const body = decl.childForFieldName('body');
  const single = result && (result.type !== 'parameter_list' || result.namedChildCount === 1);
  let returns: ConstExpr[] | null = null;
  const sentinels = new Set<number>();
  let zeroReturnLine: number | undefined;
  // Sentinels and zero returns matter for integer results only (positions, lengths, counts).
  const integer = single && /^\(?\s*(\w+\s+)?(u?int(8|16|32|64)?|uintptr)\s*\)?$/.test(result?.text ?? '');
  // Asked of the tree once for both walks below (a search costs ~20 µs however small the body: a
  // 10 MB file of 200,000 small functions spent 4 s asking twice).
  let found: (Node | null)[] | undefined;
  const returnStatements = (b: Node): (Node | null)[] => (found ??= b.descendantsOfType('return_statement'));
  if (integer && body && body.endIndex - body.startIndex < 20000) {
    for (const ret of returnStatements(body)) {
      const list = ret?.namedChild(0);
      const expr = list?.type === 'expression_list' ? (list.namedChildCount === 1 ? list.namedChild(0) : null) : list;
      const literal = expr && (expr.type === 'int_literal' || expr.type === 'unary_expression' || expr.type === 'identifier');
      const v = ret && literal && !inFuncLiteral(ret, body) ? evalConst(toConstExpr(expr, 0), () => undefined) : undefined;
      if (typeof v === 'number' && v < 0) sentinels.add(v);
      if (v === 0 && zeroReturnLine === undefined && ret) zeroReturnLine = ret.startPosition.row;
    }
  }
  if (single && body && body.endIndex - body.startIndex < 2000) {
    returns = [];
    for (const ret of returnStatements(body)) {
      const list = ret?.namedChild(0);
      const expr = list?.type === 'expression_list' ? (list.namedChildCount === 1 ? list.namedChild(0) : null) : list;
      const ce = toConstExpr(expr ?? null, 0);
      if (!ret || ce.k === 'unknown' || inFuncLiteral(ret, body)) { returns = null; break; }
      returns.push(ce);
    }
    if (returns && returns.length === 0) returns = null;
  }
  const it = iteratorOf(decl);
  return {
    name, returns, line: decl.startPosition.row, file,
    ...(sentinels.size ? { sentinels: [...sentinels] } : {}),
    ...(zeroReturnLine !== undefined ? { zeroReturnLine } : {}),
    ...(it ? { endlessIterator: it } : {}),
  };
}

/** Only a function that takes one parameter or returns one result, with a func literal in its body, can be an iterator. */
function iteratorOf(decl: Node): EndlessIterator | undefined {
  const result = decl.childForFieldName('result');
  const params = decl.childForFieldName('parameters');
  const takesYield = (params?.namedChildCount ?? 0) === 1 && /\bfunc\b/.test(params?.text ?? '');
  if (!takesYield && !(result && result.type !== 'parameter_list' && decl.childForFieldName('body')?.text.includes('func('))) return undefined;
  return endlessIteratorOf(decl);
}

function inFuncLiteral(node: Node, stop: Node): boolean {
  for (let p = node.parent; p && p.id !== stop.id; p = p.parent) if (p.type === 'func_literal') return true;
  return false;
}

/** Merges the summaries of the files of one package (same directory, same package clause). */
export function packageContextFrom(summaries: readonly FileSummary[]): PackageContext {
  const t = packageTables(summaries);
  return contextOfTables(t, summaries[0]?.packageName ?? '');
}

/** The tables a package context is made of, collected from some files' summaries (later files win). */
export interface PackageTables {
  constants: Map<string, ConstDecl>;
  funcs: Map<string, FuncDecl>;
  types: Map<string, TypeDecl>;
  vars: Map<string, VarDecl>;
  zeroFields: Set<string>;
  sitesByName: Map<string, CallSite[]>;
  valueUses: Set<string>;
  /** Every summary knows its calls (one without them, from a huge file or an older cache, turns callers' constants off). */
  allCalls: boolean;
}

export function packageTables(summaries: readonly FileSummary[]): PackageTables {
  const t: PackageTables = { constants: new Map(), funcs: new Map(), types: new Map(), vars: new Map(), zeroFields: new Set(), sitesByName: new Map(), valueUses: new Set(), allCalls: true };
  for (const s of summaries) addSummary(t, s);
  return t;
}

/**
 * The context of `base`'s files with `own` added last: the same as packageContextFrom of those
 * files then `own`, tables in the same order, without collecting or copying the other files'
 * tables (`base` is not changed): lookups try the open file's entries first.
 */
export function packageContextWith(base: PackageTables, own: FileSummary, packageName: string): PackageContext {
  const mine = packageTables([own]);
  // A method named in several files merges what they say of it, the open file's last.
  const funcs = new Map<string, FuncDecl>();
  for (const f of own.funcs) if (f.name) funcs.set(f.name, mergeIteratorFacts(funcs.get(f.name) ?? base.funcs.get(f.name), f));
  const sites = (key: string): CallSite[] | undefined => {
    const a = base.sitesByName.get(key);
    const b = mine.sitesByName.get(key);
    return a && b ? [...a, ...b] : a ?? b;
  };
  return contextOfTables({
    constants: new Overlay(base.constants, mine.constants), funcs: new Overlay(base.funcs, funcs),
    types: new Overlay(base.types, mine.types), vars: new Overlay(base.vars, mine.vars),
    zeroFields: { has: (n) => mine.zeroFields.has(n) || base.zeroFields.has(n) },
    sitesByName: { get: sites },
    valueUses: { has: (n) => mine.valueUses.has(n) || base.valueUses.has(n) },
    allCalls: base.allCalls && mine.allCalls,
  }, packageName);
}

/** A map read as `base` with `top`'s entries set on it: base's order, then top's new keys. */
class Overlay<V> implements ReadonlyMap<string, V> {
  constructor(private readonly base: ReadonlyMap<string, V>, private readonly top: ReadonlyMap<string, V>) {}

  get(key: string): V | undefined {
    return this.top.has(key) ? this.top.get(key) : this.base.get(key);
  }

  has(key: string): boolean {
    return this.top.has(key) || this.base.has(key);
  }

  get size(): number {
    let n = this.base.size;
    for (const k of this.top.keys()) if (!this.base.has(k)) n++;
    return n;
  }

  *entries(): MapIterator<[string, V]> {
    for (const [k, v] of this.base) yield [k, this.top.has(k) ? this.top.get(k)! : v];
    for (const [k, v] of this.top) if (!this.base.has(k)) yield [k, v];
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) f(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}

/** Adds one file's summary to collected tables. */
function addSummary(t: PackageTables, s: FileSummary): void {
  if (!s.callSites) t.allCalls = false;
  for (const c of s.callSites ?? []) {
    const key = `${c.method ? '.' : ''}${c.name}`;
    const list = t.sitesByName.get(key);
    if (list) list.push(c);
    else t.sitesByName.set(key, [c]);
  }
  for (const u of s.valueUses ?? []) t.valueUses.add(u.name);
  for (const f of s.unguardedFieldWrites ?? []) t.zeroFields.add(f.field);
  for (const c of s.constants) t.constants.set(c.name, c);
  for (const f of s.funcs) if (f.name) t.funcs.set(f.name, mergeIteratorFacts(t.funcs.get(f.name), f));
  for (const x of s.types) t.types.set(x.name, x);
  for (const v of s.vars) t.vars.set(v.name, v);
}

/** What a context reads of its tables. */
interface TableView {
  constants: ReadonlyMap<string, ConstDecl>;
  funcs: ReadonlyMap<string, FuncDecl>;
  types: ReadonlyMap<string, TypeDecl>;
  vars: ReadonlyMap<string, VarDecl>;
  zeroFields: { has(name: string): boolean };
  sitesByName: { get(key: string): CallSite[] | undefined };
  valueUses: { has(name: string): boolean };
  allCalls: boolean;
}

function contextOfTables(t: TableView, packageName: string): PackageContext {
  const { constants, funcs, types, vars, zeroFields, sitesByName, valueUses, allCalls } = t;
  const cache = new Map<string, ConstValue | undefined>();
  const evaluating = new Set<string>();
  const constValue = (name: string): ConstValue | undefined => {
    if (cache.has(name)) return cache.get(name);
    const decl = constants.get(name);
    let result: ConstValue | undefined;
    if (!decl) {
      const known = knownConstant(name);
      result = known === undefined ? undefined : { value: known };
    } else if (!evaluating.has(name)) {
      // A constant defined through a chain of hundreds of others is not followed (nor recursed on)
      // further; constants on such a chain may stay unknown.
      if (evaluating.size >= maxExpressionDepth) return undefined;
      evaluating.add(name);
      const v = evalConst(decl.expr, constValue);
      evaluating.delete(name);
      result = v === undefined ? undefined : { value: v, decl };
    }
    cache.set(name, result);
    return result;
  };
  const argumentsFromCallers = (name: string, method: boolean, index: number): number[] | undefined => {
    // Every summary must know its calls (a summary without them, from an older cache, knows nothing).
    if (!/^[a-z_]/.test(name) || valueUses.has(name) || !allCalls) return undefined;
    const sites = sitesByName.get(`${method ? '.' : ''}${name}`);
    if (!sites?.length) return undefined;
    const out = new Set<number>();
    for (const c of sites) {
      if (c.variadic || index >= c.args.length) return undefined;
      const v = evalConst(c.args[index], constValue);
      if (typeof v !== 'number') return undefined;
      out.add(v);
    }
    return [...out];
  };
  return { packageName, constants, funcs, types, vars, constValue, fieldSetFromParameter: (n) => zeroFields.has(n), argumentsFromCallers };
}

/** Evaluates a constant expression; undefined when it is not a computable constant. */
export function evalConst(e: ConstExpr, lookup: (name: string) => ConstValue | undefined): number | string | boolean | undefined {
  switch (e.k) {
    case 'num': case 'str': case 'bool': return e.v;
    case 'ref': return lookup(e.name)?.value;
    case 'conv': {
      const x = evalConst(e.x, lookup);
      return typeof x === 'number' && /^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64))$/.test(e.type) && !/^float/.test(e.type) ? Math.trunc(x) : x;
    }
    case 'un': {
      const x = evalConst(e.x, lookup);
      if (typeof x === 'number') return e.op === '-' ? -x : e.op === '+' ? x : e.op === '^' ? ~x : undefined;
      if (typeof x === 'boolean' && e.op === '!') return !x;
      return undefined;
    }
    case 'bin': {
      const l = evalConst(e.l, lookup);
      const r = evalConst(e.r, lookup);
      if (typeof l === 'number' && typeof r === 'number') return numeric(e.op, l, r);
      if (typeof l === 'string' && typeof r === 'string' && e.op === '+') return l + r;
      return undefined;
    }
    default: return undefined;
  }
}

function numeric(op: string, l: number, r: number): number | boolean | undefined {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return r === 0 ? undefined : Number.isInteger(l) && Number.isInteger(r) ? Math.trunc(l / r) : l / r;
    case '%': return r === 0 ? undefined : l % r;
    case '<<': return r > 62 ? undefined : l * 2 ** r;
    case '>>': return Math.floor(l / 2 ** r);
    case '&': return Number(BigInt(Math.trunc(l)) & BigInt(Math.trunc(r)));
    case '|': return Number(BigInt(Math.trunc(l)) | BigInt(Math.trunc(r)));
    case '^': return Number(BigInt(Math.trunc(l)) ^ BigInt(Math.trunc(r)));
    case '&^': return Number(BigInt(Math.trunc(l)) & ~BigInt(Math.trunc(r)));
    case '==': return l === r;
    case '!=': return l !== r;
    case '<': return l < r;
    case '<=': return l <= r;
    case '>': return l > r;
    case '>=': return l >= r;
    default: return undefined;
  }
}

/** The tables of a package context that hold declarations by name. */
export const declarationTables = ['constants', 'funcs', 'types', 'vars'] as const;
export type DeclarationTable = typeof declarationTables[number];

const declarationTexts = new WeakMap<object, string>();

/**
 * A declaration (or any plain value) as a string without its line and file: two that compare equal
 * answer every question about the declaration alike, wherever it moved. Cached per object (package
 * contexts share unchanged declarations).
 */
export function declarationText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'object') return JSON.stringify(v);
  let text = declarationTexts.get(v);
  if (text === undefined) {
    const { line: _line, file: _file, ...rest } = v as { line?: number; file?: string };
    text = JSON.stringify(rest);
    declarationTexts.set(v, text);
  }
  return text;
}
