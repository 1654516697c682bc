// go and defer statements in the escape graph. The compiler rewrites `go f(x, y)` into
// `x1, y1 := x, y; go func() { f(x1, y1) }()` (typecheck's normalizeGoDeferCall): the operands are
// evaluated at the statement, into temporaries the wrapper closure captures, and a goroutine's wrapper
// — or a deferred one in a loop — lives on the heap, so what they hold does too. Constants, nil,
// new(T) and function names are evaluated inside the wrapper instead, and composite literals are
// built there from their captured elements. Up to Go 1.19 (measured) every argument but a deferred
// allocation goes to the heap. A top-level defer's arguments only have to last until the return. Pure.
import type { Node } from 'web-tree-sitter';
import type { CallFlow, GoDeferFlow, GraphBuilder } from './predictGraphBuild';
import { addressedVariable, calleeRef, unparen } from './predictFlow';
import { boxingCall, libraryCallee } from './predictLibrary';
import { behavesLikeGo119 } from './predictMake';
import { loopDepthOf } from './predictScope';
import { closureFlow } from './predictGraphExpr';
import { boxesOnConversion, classifyType, elementType, structFields, typeOfExpr, underlying } from './predictTypes';

const LITERALS = new Set(['int_literal', 'float_literal', 'imaginary_literal', 'rune_literal', 'interpreted_string_literal', 'raw_string_literal', 'true', 'false', 'nil', 'iota']);

/** The flow of go and defer statements, given the flow of calls. */
export function goDeferFlow(call: CallFlow): GoDeferFlow {
  return (b, stmt) => {
    const node = unparen(stmt.namedChild(0));
    if (node?.type !== 'call_expression') { b.expr(node, undefined); return; }
    const isGo = stmt.type === 'go_statement';
    const fn = unparen(node.childForFieldName('function'));
    const argList = node.childForFieldName('arguments');
    const raw = argList?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
    const spread = raw.at(-1)?.type === 'variadic_argument' || !!argList?.children.some((c) => c?.type === '...');
    const args = raw.map((a) => (a.type === 'variadic_argument' ? a.namedChild(0) ?? a : a));
    if (!fn || (!isGo && loopDepthOf(stmt) === 0)) { call(b, node, []); return; }
    const why = isGo ? 'passed to a goroutine' : 'deferred in a loop';
    const types = paramTypes(b, fn, args.length, spread);
    if (fn.type === 'func_literal') {
      closureFlow(b, fn, b.heapHole(isGo ? 'started as a goroutine' : 'deferred in a loop'));
      b.argsToParams(fn, args);
    } else {
      receiver(b, fn, why);
      if (!behavesLikeGo119(b.ctx.options.goVersion)) call(b, node, []);
    }
    const old = behavesLikeGo119(b.ctx.options.goVersion);
    // The values inside the wrapper went to the callee above; the captured ones also go to the heap.
    // Measured on Go 1.19: a goroutine's new(T) is captured, a deferred call's allocations in a loop are not.
    args.forEach((a, i) => {
      if (!(old && !isGo && isAllocation(a))) captured(b, a, types[i], !old, (n, type) => b.into(n, b.heapHole(why, type)));
    });
  };
}

/** The receiver of `go x.m()` is captured too: x's address for a pointer method of an addressable x. */
function receiver(b: GraphBuilder, fn: Node, why: string): void {
  if (fn.type !== 'selector_expression' || libraryCallee(fn, b.ctx)) return;
  const operand = unparen(fn.childForFieldName('operand'));
  if (!operand) return;
  const ref = calleeRef(fn, b.ctx);
  const method = ref?.method ? b.ctx.funcs.methodsNamed(ref.name, ref.receiver)[0] : undefined;
  const v = method?.pointerReceiver && b.cls(operand) !== 'pointer' ? addressedVariable(operand, b.ctx) : undefined;
  if (v) b.g.flow(b.heapHole(why), b.g.varLoc(v), -1);
  else b.expr(operand, b.heapHole(why));
}

/** Calls the operands the wrapper captures (a composite literal's elements rather than the literal). */
function captured(b: GraphBuilder, arg: Node, type: string | undefined, newInside: boolean, capture: (n: Node, type: string | undefined) => void): void {
  const n = unparen(arg);
  if (!n) return;
  // A conversion to an interface is made at the statement, even of a constant.
  if (type && classifyType(type, b.ctx.env) === 'interface' && boxesOnConversion(typeOfExpr(n, b.ctx.env), b.ctx.env)) { capture(n, type); return; }
  if (evaluatedInside(n, b, newInside)) return;
  const c = n.type === 'composite_literal' ? b.cls(n) : undefined;
  if (c === 'struct' || c === 'array' || c === 'slice') {
    const litType = n.childForFieldName('type')?.text;
    const fields = c === 'struct' ? structFields(underlying(litType, b.ctx.env) ?? '') : undefined;
    for (const el of n.childForFieldName('body')?.namedChildren ?? []) {
      if (!el || el.type === 'comment') continue;
      const [key, value] = el.type === 'keyed_element' ? el.namedChildren : [null, el];
      const v = value?.type === 'literal_element' ? value.namedChild(0) : value;
      const name = key?.namedChild(0)?.type === 'identifier' ? key.namedChild(0)!.text : undefined;
      if (v && v.type !== 'literal_value') captured(b, v, fields ? (name ? fields.get(name) : undefined) : elementType(litType, b.ctx.env), newInside, capture);
    }
    return;
  }
  capture(n, type);
}

/** Constants, nil, new(T) and function names: evaluated by the wrapper itself. */
function evaluatedInside(n: Node, b: GraphBuilder, newInside: boolean): boolean {
  if (LITERALS.has(n.type)) return true;
  if (n.type === 'identifier') {
    const v = b.ctx.res.useOf.get(n.id);
    if (v) return v.kind === 'const';
    return !!b.ctx.env.pkg?.constants.has(n.text) || !!b.ctx.env.pkg?.funcs.has(n.text);
  }
  return newInside && n.type === 'call_expression' && unparen(n.childForFieldName('function'))?.text === 'new' && !b.ctx.res.useOf.has(unparen(n.childForFieldName('function'))!.id);
}

/** The parameter type each argument is converted to (a variadic one's element type), where known. */
function paramTypes(b: GraphBuilder, fn: Node, count: number, spread: boolean): Array<string | undefined> {
  const ctx = b.ctx;
  let params: string[] | undefined;
  if (fn.type === 'func_literal') params = fn.childForFieldName('parameters')?.namedChildren.flatMap((p) => {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) return [];
    const t = `${p.type === 'variadic_parameter_declaration' ? '...' : ''}${p.childForFieldName('type')?.text ?? ''}`;
    return Array<string>(Math.max(1, p.childrenForFieldName('name').length)).fill(t);
  });
  else {
    const ref = calleeRef(fn, ctx);
    const info = ref && (ref.method ? ctx.funcs.methodsNamed(ref.name, ref.receiver)[0] : ctx.funcs.func(ref.name));
    params = info?.params.map((p) => p.type);
    const boxing = params ? undefined : boxingCall(fn, ctx);
    if (boxing) return Array.from({ length: count }, (_, i) => (boxing.leaks(i) ? 'interface{}' : undefined));
  }
  if (!params) return [];
  const variadic = params.findIndex((p) => p.startsWith('...'));
  // `f(xs...)` passes the slice itself.
  const elem = (i: number): string => (spread && i === count - 1 ? `[]${params![variadic].slice(3)}` : params![variadic].slice(3));
  return Array.from({ length: count }, (_, i) => (variadic >= 0 && i >= variadic ? elem(i) : params![i]));
}

function isAllocation(a: Node): boolean {
  const n = unparen(a);
  const fn = n?.type === 'call_expression' ? n.childForFieldName('function')?.text : undefined;
  return fn === 'new' || fn === 'make' || n?.type === 'composite_literal' || (n?.type === 'unary_expression' && unparen(n.childForFieldName('operand'))?.type === 'composite_literal');
}
