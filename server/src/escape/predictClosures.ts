// Closures and loops for the predictor: goroutine and returned closures escape, and the variables
// they capture by reference move to the heap; `x = append(x, …)` in a loop regrows x's array. Pure.
import type { Node } from 'web-tree-sitter';
import type { PredictContext } from './predictFlow';
import { loopDepthOf } from './predictScope';
import type { VarInfo } from './predictScope';
import { sizeOfType, typeOfVar } from './predictTypes';

/** The compiler captures by value only variables of at most this many bytes that are never reassigned. */
const MAX_BY_VALUE = 128;

type SinkOf = (node: Node, ctx: PredictContext) => string | undefined;

/** Why a func literal escapes: it is the body of a `go` statement or flows beyond the frame. */
export function escapingClosure(lit: Node, ctx: PredictContext, sinkOf: SinkOf): string | undefined {
  const call = lit.parent;
  if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === lit.id) {
    return call.parent?.type === 'go_statement' ? 'started as a goroutine' : undefined;
  }
  return sinkOf(lit, ctx);
}

/** Variables an escaping closure captures by reference (reassigned, address taken, or large). */
export function capturedByReference(lit: Node, ctx: PredictContext): VarInfo[] {
  const out: VarInfo[] = [];
  for (const v of ctx.res.vars) {
    if (v.kind === 'const' || within(v.decl, lit) || !v.uses.some((u) => within(u, lit)) && !v.assignments.some((a) => within(a.node, lit))) continue;
    if (byReference(v, ctx)) out.push(v);
  }
  return out;
}

function byReference(v: VarInfo, ctx: PredictContext): boolean {
  if (v.addrTaken) return true;
  const size = sizeOfType(typeOfVar(v, ctx.env), ctx.env);
  if (size !== undefined && size > MAX_BY_VALUE) return true;
  const first = firstCapture(v);
  if (!first) return false;
  // Assignments in straight-line code before the first capture (at the declaration's loop depth) do not count.
  const sameDepth = loopDepthWithin(first, v.func) === v.loopDepth;
  return v.assignments.some((a) => a.inClosure || a.node.startIndex > first.startIndex || !sameDepth);
}

/** The first func literal (in source order) that refers to v from outside v's own function. */
function firstCapture(v: VarInfo): Node | undefined {
  let first: Node | undefined;
  const refs = [...v.uses, ...v.assignments.map((a) => a.node)];
  for (const r of refs) {
    const lit = outermostClosureBelow(r, v.func);
    if (lit && (!first || lit.startIndex < first.startIndex)) first = lit;
  }
  return first;
}

function outermostClosureBelow(node: Node, fn: Node): Node | undefined {
  let found: Node | undefined;
  for (let p = node.parent; p && p.id !== fn.id; p = p.parent) if (p.type === 'func_literal') found = p;
  return found;
}

function loopDepthWithin(node: Node, fn: Node): number {
  let depth = 0;
  for (let p = node.parent; p && p.id !== fn.id; p = p.parent) if (p.type === 'for_statement') depth++;
  return depth;
}

function within(node: Node, outer: Node): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** `x = append(x, …)` inside a loop: each growth copies x's elements into a larger heap array. */
export function appendGrowth(stmt: Node, ctx: PredictContext): void {
  const left = stmt.childForFieldName('left')?.namedChildren ?? [];
  const right = stmt.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== 1 || right.length !== 1 || loopDepthOf(stmt) === 0) return;
  const call = right[0];
  const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (!call || fn?.type !== 'identifier' || fn.text !== 'append' || ctx.res.useOf.has(fn.id)) return;
  const args = call.childForFieldName('arguments');
  const first = args?.namedChild(0);
  if (!first || first.text !== left[0]!.text) return;
  ctx.add(call, 'append-growth', left[0]!.text, 'append in a loop', args ?? call);
}
