// Calls in the escape graph, and the graph of a whole function: builtins (new, make, append, copy,
// panic), conversions, func literals called on the spot, the package's own functions through their
// graph summaries (which parameter reaches the heap or a result, through how many dereferences),
// library functions known to leak their interface parameters, calls whose callee is unknown (an
// interface method, a func value: every argument leaks), and go/defer. Pure.
import type { Node } from 'web-tree-sitter';
import { type GraphSummary, type Hole, type Loc, EscapeGraph, solve } from './predictGraph';
import { type CallFlow, type GoDeferFlow, GraphBuilder } from './predictGraphBuild';
import { type PredictContext, addressedVariable, calleeRef, compact, dynamicCall, unparen } from './predictFlow';
import { boxingCall } from './predictLibrary';
import { goMinor, makeHeapReason } from './predictMake';
import { isTypeSwitchAlias, paramNames } from './predictScope';
import { goDeferFlow } from './predictGraphGoDefer';
import { convertFlow } from './predictGraphExpr';
import { RECEIVER } from './predictSummary';
import { classifyType, elementType, typeOfExpr } from './predictTypes';
import { interfaceCallTarget } from './predictDevirtualize';

const BUILTIN_TYPES = new Set(['bool', 'byte', 'rune', 'string', 'error', 'any', 'uintptr', 'int', 'int8', 'int16', 'int32', 'int64',
  'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'complex64', 'complex128']);
const TYPE_NODES = new Set(['slice_type', 'array_type', 'map_type', 'pointer_type', 'interface_type', 'channel_type', 'function_type', 'qualified_type', 'generic_type']);
const DISCARDING_BUILTINS = new Set(['len', 'cap', 'close', 'delete', 'clear', 'complex', 'real', 'imag', 'min', 'max', 'print', 'println', 'recover']);

/** Which summary a function or method declaration has: `name`, or `Recv.name`. */
export function summaryKey(decl: Node): string | undefined {
  const name = decl.childForFieldName('name')?.text;
  if (!name) return undefined;
  const recv = decl.childForFieldName('receiver')?.namedChild(0)?.childForFieldName('type')?.text;
  return recv ? `${recv.replace(/^\*/, '').replace(/\[.*$/, '')}.${name}` : name;
}

/**
 * Builds and solves the graph of one top-level function; with report, adds its heap facts through
 * ctx.add. Returns what it does with its parameters, for its callers.
 */
export function functionGraph(decl: Node, ctx: PredictContext, summaries: ReadonlyMap<string, GraphSummary>, report: boolean): GraphSummary {
  const g = new EscapeGraph();
  const flows = callFlows(summaries);
  const b = new GraphBuilder(g, ctx, decl, flows.call, flows.goDefer);
  const params = new Map<Loc, number>();
  const recv = decl.childForFieldName('receiver')?.descendantsOfType('identifier').find((n) => n?.parent?.type === 'parameter_declaration');
  const rv = recv ? ctx.declOf.get(recv.id) : undefined;
  if (rv) params.set(g.varLoc(rv), RECEIVER);
  paramNames(decl).forEach((n, i) => { const v = n && ctx.declOf.get(n.id); if (v) params.set(g.varLoc(v), i); });
  b.body(decl);
  const summary = solve(g, params, b.results);
  // A generic function's facts are reported per instantiation, at the caller's shapes: not claimed.
  if (report && !decl.childForFieldName('type_parameters')) {
    for (const l of g.locs) {
      if (!l.escapes) continue;
      if (l.kind === 'var' && l.v && !isTypeSwitchAlias(l.v.decl)) ctx.add(l.v.decl, 'moved-to-heap', l.v.name, l.escapes);
      else if (l.kind === 'alloc' && l.alloc) ctx.add(l.alloc.at, 'escapes', l.alloc.name, l.escapes, l.alloc.at);
    }
  }
  return summary;
}

/** Summaries of the package's functions: a few rounds, each using the last round's (leaks only grow). */
export function graphSummaries(units: ReadonlyArray<{ decl: Node; ctx: PredictContext }>, rounds = 3): Map<string, GraphSummary> {
  const out = new Map<string, GraphSummary>();
  for (let r = 0; r < rounds; r++) {
    for (const u of units) {
      const key = summaryKey(u.decl);
      if (key) out.set(key, functionGraph(u.decl, u.ctx, out, false));
    }
  }
  return out;
}

function callFlows(summaries: ReadonlyMap<string, GraphSummary>): { call: CallFlow; goDefer: GoDeferFlow } {
  const call: CallFlow = (b, node, holes) => {
    const ctx = b.ctx;
    const fn = unparen(node.childForFieldName('function'));
    const argList = node.childForFieldName('arguments');
    if (!fn || !argList) return;
    const raw = argList.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
    const spread = raw.at(-1)?.type === 'variadic_argument' || argList.children.some((c) => c?.type === '...');
    const args = raw.map((a) => (a.type === 'variadic_argument' ? a.namedChild(0) ?? a : a));
    const h0 = holes[0];
    if (fn.type === 'func_literal') { directClosure(b, fn, args, holes); return; }
    const conversion = conversionType(fn, ctx);
    if (conversion !== undefined) { convertFlow(b, conversion, args[0] ?? null, h0, node); return; }
    if (fn.type === 'identifier' && !ctx.res.useOf.has(fn.id) && builtin(b, node, fn.text, args, argList, spread, h0)) return;
    const discardAll = (): void => { b.expr(fn.type === 'selector_expression' ? fn.childForFieldName('operand') : null, undefined); args.forEach((a) => b.expr(a, undefined)); };

    // An interface method call the compiler devirtualizes is a call of the concrete type's method.
    const target = interfaceCallTarget(fn, ctx);
    const devirtualized = typeof target === 'object' ? target.type : undefined;
    const ref = devirtualized ? { name: fn.childForFieldName('field')!.text, method: true, receiver: devirtualized.replace(/^\*/, '').replace(/\[.*$/, '') } : calleeRef(fn, ctx);
    const info = ref && (ref.method ? ctx.funcs.methodsNamed(ref.name, ref.receiver)[0] : ctx.funcs.func(ref.name));
    const summary = ref && summaries.get(ref.method ? `${ref.receiver}.${ref.name}` : ref.name);
    if (ref && (summary || info)) {
      const holesFor = (p: number): Hole[] => {
        const out: Hole[] = [];
        const heap = summary ? summary.heap.get(p) : ctx.funcs.leaks(ref, p) ? 0 : undefined;
        if (heap !== undefined) out.push(b.heapHole(`passed to ${compact(fn.text)}, which leaks it`, undefined, heap));
        for (const [r, d] of summary?.results.get(p) ?? []) { const h = holes[r]; if (h) out.push({ ...h, derefs: h.derefs + d, type: undefined }); }
        return out;
      };
      if (ref.method) {
        const operand = fn.childForFieldName('operand');
        const hole = b.tee(node, holesFor(RECEIVER));
        const pointer = classifyType(typeOfExpr(operand, ctx.env), ctx.env) === 'pointer';
        const v = info?.pointerReceiver && operand && !pointer ? addressedVariable(unparen(operand)!, ctx) : undefined;
        // Through an interface: its word is the pointer, or points to the boxed value a value method copies.
        if (devirtualized) b.expr(operand, hole && (devirtualized.startsWith('*') && info?.pointerReceiver ? hole : { ...hole, derefs: hole.derefs + 1 }));
        else if (v) b.g.flow(hole, b.g.varLoc(v), -1);
        // A value receiver called through a pointer (or a type not known to be a value) gets *operand.
        else b.expr(operand, hole && info && !info.pointerReceiver && (pointer || !operand || !isValue(operand, b)) ? { ...hole, derefs: hole.derefs + 1 } : hole);
      }
      const params = info?.params ?? [];
      const variadic = params.findIndex((p) => p.type.startsWith('...'));
      args.forEach((a, i) => {
        if (variadic >= 0 && i >= variadic && !spread) return;
        const hole = b.tee(a, holesFor(i));
        b.into(a, hole && { ...hole, type: params[i]?.type });
      });
      if (variadic >= 0 && !spread && args.length > variadic) {
        const packed = b.alloc(node, '... argument', argList, b.tee(node, holesFor(variadic)));
        for (const a of args.slice(variadic)) b.into(a, { loc: packed, derefs: 0, type: params[variadic].type.slice(3) });
      }
      return;
    }
    if (target === 'dynamic') {
      const why = `its interface method ${compact(fn.text)} is called (not devirtualized)`;
      b.expr(fn.childForFieldName('operand'), b.heapHole(why));
      args.forEach((a) => b.expr(a, b.heapHole(why)));
      return;
    }
    const boxing = boxingCall(fn, ctx);
    if (boxing) {
      b.expr(fn.type === 'selector_expression' ? fn.childForFieldName('operand') : null, undefined);
      args.forEach((a, i) => {
        if (!boxing.leaks(i)) b.expr(a, undefined);
        else if (spread && i === args.length - 1) b.expr(a, b.heapHole(`passed to ${boxing.name}`, undefined, 1));
        else b.into(a, b.heapHole(`passed to ${boxing.name}`, 'interface{}'));
      });
      return;
    }
    if (dynamicCall(fn, ctx) || unknownFuncValue(fn, b)) {
      const why = dynamicCall(fn, ctx) ? `passed to the interface method ${compact(fn.text)}` : `passed to the function value ${compact(fn.text)}`;
      if (fn.type === 'selector_expression') b.expr(fn.childForFieldName('operand'), undefined);
      args.forEach((a, i) => b.expr(a, spread && i === args.length - 1 ? b.heapHole(why, undefined, 1) : b.heapHole(why)));
      return;
    }
    const local = boundLiteral(fn, ctx);
    if (local) { b.argsToParams(local, args); return; }
    discardAll();
  };

  return { call, goDefer: goDeferFlow(call) };
}

/** Whether an expression is known to be a value of a non-pointer type. */
function isValue(operand: Node, b: GraphBuilder): boolean {
  const c = b.cls(operand);
  return c !== 'pointer' && c !== 'unknown' && c !== 'interface';
}

/** Builtins that allocate or move values; returns false when name is not a builtin. */
function builtin(b: GraphBuilder, node: Node, name: string, args: Node[], argList: Node, spread: boolean, h0: Hole | undefined): boolean {
  const ctx = b.ctx;
  if (name === 'new' || name === 'make') {
    const c = classifyType(args[0]?.text, ctx.env);
    // make(chan T) is runtime.makechan's, never reported (Go 1.19 and 1.26 alike).
    if (name === 'make' && c !== 'slice' && c !== 'map') { args.slice(1).forEach((a) => b.expr(a, undefined)); return true; }
    const loc = b.alloc(node, `${name}(${args.map((a) => compact(a.text)).join(', ')})`, argList, h0);
    const reason = name === 'make' && c === 'slice' ? makeHeapReason(args, ctx) : undefined;
    if (reason) b.g.force(loc, reason);
    args.slice(1).forEach((a) => b.expr(a, undefined));
    return true;
  }
  if (name === 'append') {
    if (!args.length) return true;
    const elem = elementType(typeOfExpr(args[0], ctx.env), ctx.env);
    const pointers = hasPointers(elem, b);
    b.expr(args[0], pointers ? b.tee(node, [h0, b.heapHole('in an appended-to slice', undefined, 1)]) : h0);
    if ((goMinor(ctx.options.goVersion) ?? 99) >= 25) b.alloc(node, 'append', argList, h0);
    args.slice(1).forEach((a, i) => {
      if (spread && i === args.length - 2) b.expr(a, pointers ? b.heapHole('appended', undefined, 1) : undefined);
      else b.into(a, b.heapHole('appended to a slice', elem));
    });
    return true;
  }
  if (name === 'copy') {
    b.expr(args[0], undefined);
    b.expr(args[1], hasPointers(elementType(typeOfExpr(args[1] ?? null, ctx.env), ctx.env), b) ? b.heapHole('copied into a slice', undefined, 1) : undefined);
    return true;
  }
  if (name === 'panic') { b.into(args[0] ?? null, b.heapHole('passed to panic', 'interface{}')); return true; }
  if (DISCARDING_BUILTINS.has(name)) { args.forEach((a) => b.expr(a, undefined)); return true; }
  return false;
}

function hasPointers(type: string | undefined, b: GraphBuilder): boolean {
  const c = classifyType(type, b.ctx.env);
  return c === 'pointer' || c === 'interface' || c === 'map' || c === 'chan' || c === 'func' || c === 'slice';
}

/** `func(…){…}(args)`: no closure is made; the arguments go to its parameters, its results to holes. */
function directClosure(b: GraphBuilder, lit: Node, args: Node[], holes: ReadonlyArray<Hole | undefined>): void {
  b.closureResults.set(lit.id, holes);
  b.argsToParams(lit, args);
  b.body(lit);
}

/** The type of `T(x)`, when the callee is a type. */
function conversionType(fn: Node, ctx: PredictContext): string | undefined {
  if (TYPE_NODES.has(fn.type)) return fn.text;
  if (fn.type === 'parenthesized_expression') {
    const inner = unparen(fn);
    if (inner && (TYPE_NODES.has(inner.type) || (inner.type === 'unary_expression' && inner.childForFieldName('operator')?.text === '*'))) return inner.text;
    return undefined;
  }
  if (fn.type === 'identifier' && !ctx.res.useOf.has(fn.id)) {
    if (BUILTIN_TYPES.has(fn.text) && !ctx.env.pkg?.funcs.has(fn.text)) return fn.text;
    if (ctx.env.pkg?.types.has(fn.text) && !ctx.env.pkg.funcs.has(fn.text)) return fn.text;
  }
  if (fn.type === 'selector_expression' && fn.text === 'unsafe.Pointer' && ctx.env.imports.get('unsafe') === 'unsafe') return 'unsafe.Pointer';
  return undefined;
}

/** A func value the compiler cannot see through: a parameter, a package variable, a field, a call's result. */
function unknownFuncValue(fn: Node, b: GraphBuilder): boolean {
  const ctx = b.ctx;
  if (fn.type === 'identifier') {
    const v = ctx.res.useOf.get(fn.id);
    if (v) return (v.kind === 'param' || v.kind === 'result') && classifyType(v.typeText, ctx.env) === 'func';
    const global = ctx.env.pkg?.vars.get(fn.text);
    return !!global && classifyType(global.type, ctx.env) === 'func';
  }
  if (fn.type === 'selector_expression') return !calleeRef(fn, ctx) && classifyType(typeOfExpr(fn, ctx.env), ctx.env) === 'func';
  return false;
}

/** A local variable that only ever holds one func literal: calling it calls that literal. */
function boundLiteral(fn: Node, ctx: PredictContext): Node | undefined {
  const v = fn.type === 'identifier' ? ctx.res.useOf.get(fn.id) : undefined;
  const init = v?.kind === 'local' && !v.assignments.length ? unparen(v.init ?? null) : null;
  return init?.type === 'func_literal' ? init : undefined;
}
