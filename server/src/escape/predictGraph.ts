// The predictor's data-flow graph, after the Go compiler's own escape analysis (cmd/compile/internal/
// escape): a location per variable and per allocation, edges `dst ← src` counting dereferences (-1 is
// "the address of src", 0 a copy of its value, 1 what it points to), and a solver that walks back from
// the roots — the heap, the function's results, and every location that outlives another (declared
// outside a loop, or in an enclosing function) — marking each location whose address reaches a root
// that outlives it. A marked location is on the heap and becomes a root itself. Built from syntax
// (predictGraphBuild.ts), it adds an edge only where the flow is certain, so a claim stays a sure one.
// Pure: no LSP, no I/O.
import type { Node } from 'web-tree-sitter';
import type { VarInfo } from './predictScope';

export interface Loc {
  id: number;
  kind: 'heap' | 'var' | 'alloc' | 'result';
  /** The function (declaration or literal) the location belongs to. */
  fn?: Node;
  loopDepth: number;
  v?: VarInfo;
  /** For allocations: how the compiler names it and where it reports it. */
  alloc?: { name: string; at: Node; reachOnly?: boolean };
  /** For results: which one (0-based). */
  result?: number;
  /** Incoming edges: this ← src. */
  edges: Edge[];
  /** Why the location is on the heap, once it is. */
  escapes?: string;
}

export interface Edge { src: Loc; derefs: number; why?: string }

/** Where an expression's value goes: into loc, dereferenced `derefs` times; `type` is the destination's static type. */
export interface Hole { loc: Loc; derefs: number; why?: string; type?: string }

/** What a function does with its parameters (RECEIVER = -1 for the receiver): the fewest dereferences to the heap or to each result. */
export interface GraphSummary {
  heap: Map<number, number>;
  results: Map<number, Map<number, number>>;
}

export class EscapeGraph {
  readonly locs: Loc[] = [];
  readonly heap: Loc;
  private readonly vars = new Map<VarInfo, Loc>();

  constructor() {
    this.heap = this.newLoc('heap', undefined, 0);
  }

  newLoc(kind: Loc['kind'], fn: Node | undefined, loopDepth: number, extra: Partial<Loc> = {}): Loc {
    const loc: Loc = { id: this.locs.length, kind, fn, loopDepth, edges: [], ...extra };
    this.locs.push(loc);
    return loc;
  }

  varLoc(v: VarInfo): Loc {
    let loc = this.vars.get(v);
    if (!loc) { loc = this.newLoc('var', v.func, v.loopDepth, { v }); this.vars.set(v, loc); }
    return loc;
  }

  /** src's value (derefs 0), address (-1) or pointee (1) flows into the hole. */
  flow(hole: Hole | undefined, src: Loc, derefs: number): void {
    if (!hole || hole.loc === src && hole.derefs + derefs >= 0) return;
    hole.loc.edges.push({ src, derefs: hole.derefs + derefs, why: hole.why });
  }

  /** Marks an allocation that is on the heap whatever happens to it (too large, variable size). */
  force(loc: Loc, why: string): void {
    if (!loc.escapes) loc.escapes = why;
  }
}

/** Above this many locations only the heap and the results are walked from (the walk is quadratic). */
const MAX_ROOT_WALKS = 1500;

/**
 * Marks every location that must live on the heap and returns the parameters' leaks. params maps a
 * parameter location to its index; results are the top-level function's result locations.
 */
export function solve(graph: EscapeGraph, params: ReadonlyMap<Loc, number>, results: readonly Loc[]): GraphSummary {
  const summary: GraphSummary = { heap: new Map(), results: new Map() };
  const roots: Loc[] = [graph.heap, ...results, ...graph.locs.filter((l) => l.escapes)];
  if (graph.locs.length <= MAX_ROOT_WALKS) roots.push(...graph.locs.filter((l) => l.kind === 'var' || l.kind === 'alloc'));
  // A root is walked once as itself and, if it turns out to be on the heap, once more as a heap root.
  const walked = new Set<Loc>();
  const walkedOnHeap = new Set<Loc>();
  while (roots.length) {
    const root = roots.shift()!;
    const onHeap = root.kind === 'heap' || !!root.escapes;
    if ((onHeap ? walkedOnHeap : walked).has(root)) continue;
    (onHeap ? walkedOnHeap : walked).add(root);
    walked.add(root);
    walkFrom(root, params, summary, roots);
  }
  return summary;
}

function walkFrom(root: Loc, params: ReadonlyMap<Loc, number>, summary: GraphSummary, roots: Loc[]): void {
  const heapLike = root.kind === 'heap' || !!root.escapes;
  const dist = new Map<Loc, number>([[root, 0]]);
  const why = new Map<Loc, string | undefined>([[root, rootWhy(root)]]);
  const todo: Loc[] = [root];
  while (todo.length) {
    const l = todo.pop()!;
    let d = dist.get(l)!;
    if (d < 0) {
      d = 0;
      if (l !== root && !l.escapes && outlives(root, l)) { l.escapes = why.get(l) ?? 'stored on the heap'; roots.push(l); }
    }
    const param = params.get(l);
    if (param !== undefined && l !== root) {
      if (heapLike) summary.heap.set(param, Math.min(summary.heap.get(param) ?? Infinity, d));
      else if (root.kind === 'result' && root.result !== undefined) {
        const byResult = summary.results.get(param) ?? new Map<number, number>();
        byResult.set(root.result, Math.min(byResult.get(root.result) ?? Infinity, d));
        summary.results.set(param, byResult);
      }
    }
    for (const e of l.edges) {
      if (heapLike && e.src.escapes && e.src !== root) continue;
      const nd = d + e.derefs;
      const old = dist.get(e.src);
      if (old === undefined || nd < old) {
        dist.set(e.src, nd);
        why.set(e.src, l === root ? e.why ?? why.get(l) : why.get(l));
        todo.push(e.src);
      }
    }
  }
}

function rootWhy(root: Loc): string | undefined {
  if (root.escapes) return root.kind === 'var' && root.v ? `stored in ${root.v.name}, which is on the heap` : root.escapes;
  if (root.kind === 'result') return 'returned';
  if (root.kind === 'var' && root.v) return `stored in ${root.v.name}, which outlives it`;
  return undefined;
}

/** Whether root outlives l (the compiler's `outlives`). */
function outlives(root: Loc, l: Loc): boolean {
  if (root.kind === 'heap' || root.escapes) return true;
  // Measured on Go 1.26: an append's new array is reported only when it reaches the heap or the
  // function's own results, not when it outlives a loop or is made in a closure.
  if (l.alloc?.name === 'append') return root.kind === 'result' && root.fn?.id === l.fn?.id;
  if (l.alloc?.reachOnly) return root.kind === 'result';
  if (root.kind === 'result') return true;
  if (!root.fn || !l.fn) return false;
  if (root.fn.id === l.fn.id) return root.loopDepth < l.loopDepth;
  // l belongs to a closure inside root's function: the closure's frame ends first.
  return l.fn.startIndex > root.fn.startIndex && l.fn.endIndex <= root.fn.endIndex;
}
