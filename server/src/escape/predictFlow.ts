// Where values go, for the predictor: does a value leave the function's frame (returned, stored in
// a global or through a pointer parameter, sent, passed to a goroutine or to a library function that
// leaks its interface parameters)? Plus the constants that decide dead code. Pure.
import type { Node } from 'web-tree-sitter';
import type { EscapeKind } from './types';
import type { PredictOptions } from './predict';
import { type Resolution, type VarInfo, enclosingFunction } from './predictScope';
import type { FunctionIndex } from './predictSummary';
import { type TypeEnv, classifyType, typeOfExpr } from './predictTypes';
import { maxExpressionDepth } from '../analysis/nesting';
import { boxingCall, libraryCallee } from './predictLibrary';
import { behavesLikeGo119 } from './predictMake';

/** Everything a prediction rule needs about the function it is in. */
export interface PredictContext {
  file: string;
  env: TypeEnv;
  res: Resolution;
  /** Declaring identifier id → variable. */
  declOf: Map<number, VarInfo>;
  options: PredictOptions;
  /** The package's functions and methods, with their leaking parameters. */
  funcs: FunctionIndex;
  add(node: Node, kind: EscapeKind, name: string, why: string, at?: Node): void;
}

/** A call of the package's own function or method (not a builtin, not a library function). */
export interface CalleeRef { name: string; method: boolean; receiver?: string }

const BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);

export function calleeRef(fn: Node, ctx: PredictContext): CalleeRef | undefined {
  if (fn.type === 'identifier') return ctx.res.useOf.has(fn.id) || BUILTINS.has(fn.text) ? undefined : { name: fn.text, method: false };
  if (fn.type !== 'selector_expression' || libraryCallee(fn, ctx)) return undefined;
  const operand = fn.childForFieldName('operand');
  const name = fn.childForFieldName('field')?.text;
  // Only a receiver of a known type of this package: `once.Do(f)` on a sync.Once is not our Do.
  const receiver = operand ? receiverTypeOf(operand, ctx) : undefined;
  return name && receiver && ctx.env.pkg?.types.has(receiver) ? { name, method: true, receiver } : undefined;
}

/** The base type name of an expression's type (`*parser` → `parser`), when known. */
export function receiverTypeOf(operand: Node, ctx: PredictContext): string | undefined {
  const t = typeOfExpr(operand, ctx.env)?.replace(/^\*/, '');
  return t && /^\w+$/.test(t) ? t : undefined;
}

/**
 * A method call on an interface value whose concrete type the compiler cannot know here (a parameter,
 * a field, an element): its arguments leak. Locals initialised from a concrete value may be devirtualized.
 */
export function dynamicCall(fn: Node, ctx: PredictContext): boolean {
  if (fn.type !== 'selector_expression') return false;
  const operand = unparen(fn.childForFieldName('operand'));
  if (!operand || classifyType(typeOfExpr(operand, ctx.env), ctx.env) !== 'interface') return false;
  if (operand.type === 'selector_expression' || operand.type === 'index_expression') return true;
  const v = operand.type === 'identifier' ? ctx.res.useOf.get(operand.id) : undefined;
  return !!v && (v.kind === 'param' || v.kind === 'receiver' || (v.kind === 'local' && !v.init && !!v.range));
}

/**
 * Where the value of node goes if that place outlives the function's frame: returned from a
 * declared function, stored in a package variable or through a pointer parameter, appended to such a
 * slice, sent on a channel, passed to a goroutine or to fmt. Undefined when it stays (or may stay) local.
 */
export function sinkOf(node: Node, ctx: PredictContext, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  let n = node;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  switch (p.type) {
    case 'return_statement':
      return enclosingFunction(p)?.type === 'func_literal' ? undefined : 'returned';
    case 'expression_list': {
      const stmt = p.parent;
      if (stmt?.type === 'return_statement') return sinkOf(p, ctx, depth);
      if (stmt?.type !== 'assignment_statement' && stmt?.type !== 'short_var_declaration' && stmt?.type !== 'var_spec') return undefined;
      if (stmt.type !== 'var_spec' && stmt.childForFieldName('right')?.id !== p.id) return undefined;
      const targets = stmt.type === 'var_spec' ? stmt.childrenForFieldName('name') : stmt.childForFieldName('left')?.namedChildren ?? [];
      const values = p.namedChildren;
      const target = targets.length === values.length ? targets[values.findIndex((v) => v?.id === n.id)] : undefined;
      return target ? targetSink(target, ctx, depth) : undefined;
    }
    case 'argument_list': {
      const call = p.parent;
      const fn = call?.childForFieldName('function');
      if (!call || !fn) return undefined;
      // append's result holds its first argument's array (when it has room) and the other values.
      if (fn.type === 'identifier' && fn.text === 'append' && !ctx.res.useOf.has(fn.id)) return sinkOf(call, ctx, depth + 1);
      // Measured on Go 1.19: a goroutine's arguments are captured, but a slice literal is built by its wrapper.
      if (call.parent?.type === 'go_statement' && behavesLikeGo119(ctx.options.goVersion)) {
        return n.type === 'composite_literal' && classifyType(n.childForFieldName('type')?.text, ctx.env) === 'slice' ? undefined : 'passed to a goroutine';
      }
      const boxing = boxingCall(fn, ctx);
      const index = p.namedChildren.findIndex((a) => a?.id === n.id);
      if (boxing?.leaks(index)) return `passed to ${boxing.name}`;
      if (dynamicCall(fn, ctx)) return `passed to the interface method ${fn.text}`;
      const callee = calleeRef(fn, ctx);
      return callee && ctx.funcs.leaks(callee, index) ? `passed to ${fn.text}, which leaks it` : undefined;
    }
    case 'send_statement':
      return p.childForFieldName('value')?.id === n.id ? 'sent on a channel' : undefined;
    case 'literal_element': case 'keyed_element': case 'literal_value': {
      let lit: Node | null = p;
      while (lit && lit.type !== 'composite_literal') lit = lit.parent;
      if (!lit) return undefined;
      if (classifyType(lit.childForFieldName('type')?.text, ctx.env) === 'map') return 'stored in a map literal';
      return sinkOf(lit, ctx, depth + 1);
    }
    case 'unary_expression':
      return p.childForFieldName('operator')?.text === '&' ? sinkOf(p, ctx, depth + 1) : undefined;
    default:
      return undefined;
  }
}

/** Whether assigning to target stores beyond the frame (a global, through a pointer parameter, a returned local). */
function targetSink(target: Node, ctx: PredictContext, depth: number): string | undefined {
  if (target.type === 'identifier') {
    if (target.text === '_') return undefined;
    const v = ctx.res.useOf.get(target.id) ?? ctx.declOf.get(target.id);
    if (!v) return ctx.env.pkg?.vars.has(target.text) ? 'stored in a package variable' : undefined;
    if (v.kind === 'result') return v.func.type === 'func_literal' ? undefined : 'returned';
    if (v.kind === 'const') return undefined;
    for (const use of v.uses) {
      const why = sinkOf(use, ctx, depth + 1);
      if (why) return why;
    }
    return undefined;
  }
  let root: Node | null = target;
  while (root && root.type !== 'identifier') {
    if (root.type === 'selector_expression' || root.type === 'index_expression') root = root.childForFieldName('operand');
    else if (root.type === 'parenthesized_expression' || (root.type === 'unary_expression' && root.childForFieldName('operator')?.text === '*')) {
      root = root.type === 'parenthesized_expression' ? root.namedChild(0) : root.childForFieldName('operand');
    } else return undefined;
  }
  if (!root || root.id === target.id) return undefined;
  const v = ctx.res.useOf.get(root.id);
  if (!v) return ctx.env.pkg?.vars.has(root.text) ? 'stored in a package variable' : undefined;
  if (v.kind !== 'param' && v.kind !== 'receiver') return undefined;
  const cls = classifyType(v.typeText, ctx.env);
  return cls === 'pointer' || cls === 'slice' || cls === 'map' ? 'stored through a parameter' : undefined;
}

export function unparen(node: Node | null): Node | null {
  let n = node;
  while (n?.type === 'parenthesized_expression') n = n.namedChild(0);
  return n;
}

/** How the compiler prints a composite literal: `T{...}`, or `T{}` when empty. */
export function literalName(lit: Node): string {
  const body = lit.childForFieldName('body');
  return `${compact(lit.childForFieldName('type')?.text ?? '')}${body && body.namedChildCount > 0 ? '{...}' : '{}'}`;
}

export function compact(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** A literal or a named constant (conversions of constants are constants, not allocations). */
export function isConstantValue(node: Node, ctx: PredictContext): boolean {
  const n = unparen(node);
  if (!n) return false;
  if (/_literal$/.test(n.type) && n.type !== 'composite_literal' && n.type !== 'func_literal') return true;
  if (n.type !== 'identifier') return false;
  const local = ctx.res.useOf.get(n.id);
  return local ? local.kind === 'const' : !!ctx.env.pkg?.constants.has(n.text);
}

/** The value of a constant condition (`if debug`, `runtime.GOOS == "windows"`), or undefined. */
export function constantCondition(cond: Node | null, ctx: PredictContext, depth = 0): boolean | undefined {
  const c = unparen(cond);
  if (!c || depth > maxExpressionDepth) return undefined;
  switch (c.type) {
    case 'true': return true;
    case 'false': return false;
    case 'identifier': {
      const value = constantOf(c, ctx, depth + 1);
      return typeof value === 'boolean' ? value : undefined;
    }
    case 'unary_expression': {
      const x = c.childForFieldName('operator')?.text === '!' ? constantCondition(c.childForFieldName('operand'), ctx, depth + 1) : undefined;
      return x === undefined ? undefined : !x;
    }
    case 'binary_expression': {
      const op = c.childForFieldName('operator')?.text;
      const left = c.childForFieldName('left');
      const right = c.childForFieldName('right');
      if (op === '&&' || op === '||') {
        const l = constantCondition(left, ctx, depth + 1);
        const r = constantCondition(right, ctx, depth + 1);
        if (op === '&&') return l === false || r === false ? false : l === true && r === true ? true : undefined;
        return l === true || r === true ? true : l === false && r === false ? false : undefined;
      }
      if (op !== '==' && op !== '!=') return undefined;
      const l = left && constantOf(left, ctx, depth + 1);
      const r = right && constantOf(right, ctx, depth + 1);
      if (l === undefined || r === undefined) return undefined;
      return (l === r) === (op === '==');
    }
    default: return undefined;
  }
}

/** A constant's value: literals, local and package constants, runtime.GOOS/GOARCH when known. */
export function constantOf(node: Node, ctx: PredictContext, depth = 0): string | number | boolean | undefined {
  const n = unparen(node);
  if (!n || depth > maxExpressionDepth) return undefined;
  if (n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal') return n.text.slice(1, -1);
  if (n.type === 'int_literal') return Number(n.text.replace(/_/g, ''));
  if (n.type === 'true' || n.type === 'false') return n.type === 'true';
  if (n.type === 'selector_expression') {
    const library = libraryCallee(n, ctx);
    if (library?.importPath === 'runtime' && library.name === 'GOOS') return ctx.options.goos;
    if (library?.importPath === 'runtime' && library.name === 'GOARCH') return ctx.options.goarch;
    return undefined;
  }
  if (n.type !== 'identifier') return undefined;
  const local = ctx.res.useOf.get(n.id);
  if (local) return local.kind === 'const' && local.init ? constantOf(local.init, ctx, depth + 1) : undefined;
  return ctx.env.pkg?.constValue(n.text)?.value;
}

/** Where the compiler positions an expression: `(` of calls, `.` of selectors, `[` of indexing, the operator. */
export function compilerPosition(expr: Node): Node {
  const token = (type: string): Node | undefined => expr.children.find((c) => c?.type === type) ?? undefined;
  switch (expr.type) {
    case 'call_expression': return expr.childForFieldName('arguments') ?? expr;
    case 'type_conversion_expression': return token('(') ?? expr;
    case 'selector_expression': return token('.') ?? expr;
    case 'index_expression': case 'slice_expression': return token('[') ?? expr;
    case 'binary_expression': return expr.childForFieldName('operator') ?? expr;
    case 'composite_literal': {
      const body = expr.childForFieldName('body');
      if (!body || body.startPosition.row === body.endPosition.row) return body ?? expr;
      // A literal over several lines is reported where its last element's value is.
      const last = body.namedChildren.filter((c): c is Node => !!c).pop();
      const value = last?.type === 'keyed_element' ? last.namedChild(1) : last;
      const inner = value?.type === 'literal_element' ? value.namedChild(0) : value;
      return inner ? compilerPosition(inner) : body;
    }
    default: return expr;
  }
}

export function importsOf(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of importSpecs(root)) {
    const importPath = spec.childForFieldName('path')?.text.slice(1, -1);
    if (!importPath) continue;
    const name = spec.childForFieldName('name')?.text ?? importPath.split('/').pop()!;
    if (name !== '_' && name !== '.') out.set(name, importPath);
  }
  return out;
}

/**
 * The import specs of a file: those of its top-level import declarations, and any inside top-level
 * syntax errors (a broken file), without walking the declarations' bodies.
 */
function importSpecs(root: Node): Node[] {
  const out: Node[] = [];
  for (const c of root.namedChildren) {
    if (c?.type === 'import_declaration' || c?.type === 'ERROR') out.push(...c.descendantsOfType('import_spec').filter((n): n is Node => !!n));
  }
  return out;
}

/** The local variable whose address `&operand` takes: `&x`, or `&x.f` / `&x[i]` on a struct or array value. */
export function addressedVariable(operand: Node, ctx: PredictContext): VarInfo | undefined {
  let n: Node | null = operand;
  let path = false;
  while (n && (n.type === 'selector_expression' || n.type === 'index_expression' || n.type === 'parenthesized_expression')) {
    n = n.type === 'parenthesized_expression' ? n.namedChild(0) : n.childForFieldName('operand');
    path = true;
  }
  if (n?.type !== 'identifier') return undefined;
  const v = ctx.res.useOf.get(n.id);
  if (!v || v.kind === 'const') return undefined;
  if (path) {
    const cls = classifyType(typeOfExpr(n, ctx.env), ctx.env);
    if (cls !== 'struct' && cls !== 'array') return undefined;
    // Only field and array-index steps: anything through a pointer or slice is already elsewhere.
    for (let p: Node | null = operand; p && p.id !== n.id; p = p.type === 'parenthesized_expression' ? p.namedChild(0) : p.childForFieldName('operand')) {
      const inner = p.type === 'parenthesized_expression' ? null : p.childForFieldName('operand');
      const innerCls = inner ? classifyType(typeOfExpr(inner, ctx.env), ctx.env) : 'struct';
      if (innerCls !== 'struct' && innerCls !== 'array') return undefined;
    }
  }
  return v;
}
