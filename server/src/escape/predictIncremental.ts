// Predicted escape facts kept per top-level declaration, so a new version of a document costs the
// declarations that changed rather than the whole file. The result is exactly predictEscapes'
// (test/escape/predictIncremental.test.ts compares them after random edits): the same steps run in
// the same order, and a declaration's work is reused only when its text is the same, and every
// graph summary it looked up and every answer it got from the package's function index are what
// they were. A declaration added, removed or renamed, other package declarations (declarationsKey:
// the predictor reads nothing else of the package context), imports, Go version or target
// recompute the file. Pure: no LSP, no I/O.
import type { Node, Tree } from 'web-tree-sitter';
import { nestingExceeds } from '../analysis/nesting';
import { declarationView } from '../analysis/incremental';
import { declarationsKey } from '../analysis/values/summaries';
import { type PredictOptions, messageFor, predictPackageVars } from './predict';
import { type CalleeRef, type PredictContext, importsOf } from './predictFlow';
import type { GraphSummary } from './predictGraph';
import { functionGraph, summaryKey } from './predictGraphCall';
import { walkLive } from './predictLive';
import { predictNode } from './predictRules';
import { type Resolution, resolveFunction } from './predictScope';
import { type FuncEscapeSummary, FunctionIndex, summarizeEscapes } from './predictSummary';
import type { EscapeFact } from './types';

/** One question a computation asked the package's function index, with the answer it got. */
type Query = ['func', string, unknown] | ['methods', string, string | undefined, unknown[]] | ['leaks', CalleeRef, number, boolean];

/** One computation's reads: the graph summaries it looked up (with what it got) and the index queries it made. */
interface Reads { lookups: Map<string, GraphSummary | undefined>; queries: Query[] }

/** One functionGraph run of a unit: its summary, what it read, and the heap facts it would report. */
interface GraphRun extends Reads { result: GraphSummary; facts: EscapeFact[] }

interface DeclRecord {
  /** The text from the previous declaration's end to this one's end, and its start column. */
  key: string;
  row: number;
  type: string;
  nested: boolean;
  /** Function or method with a body (a graph unit), its summary key. */
  unit: boolean;
  name?: string;
  /** Its escape summary (functions without type parameters). */
  escape?: FuncEscapeSummary;
  rounds: GraphRun[];
  /** The graph run its facts come from, and what the rules (walkLive) read and found. */
  graph?: GraphRun;
  rules: Reads;
  ruleFacts: EscapeFact[];
  facts: EscapeFact[];
  factRow: number;
}

interface FileRun { world: readonly unknown[]; funcsKey: string; decls: DeclRecord[]; funcs: FunctionIndex; out: EscapeFact[] }

const ROUNDS = 3;

/** predictEscapes for successive versions of one document, reusing unchanged declarations' work. */
export class IncrementalPredictor {
  private run: FileRun | undefined;
  /** How the last call went (for benchmarks and tests): a whole-file run, and how many computations ran. */
  lastRun: { full: boolean; recomputed: number } = { full: true, recomputed: 0 };

  /**
   * The facts of `tree` (whose text is `text`), as predictEscapes(input, options) would give them.
   * `funcsKey` changes whenever options.funcs does (the other files' summaries).
   */
  predict(input: { path: string; tree: Tree; text: string }, options: PredictOptions, funcsKey: string): EscapeFact[] {
    const root = input.tree.rootNode;
    const nodes = root.namedChildren.filter((n): n is Node => !!n);
    const imports = importsOf(root);
    const world = [input.path, options.pkg ? declarationsKey(options.pkg) : '', options.goVersion, options.goos, options.goarch, JSON.stringify([...imports])];
    const keys = keysOf(nodes, input.text);
    const prev = this.run;
    const same = prev && prev.world.length === world.length && prev.world.every((w, i) => w === world[i]) && prev.decls.length === nodes.length
      && prev.decls.every((d, i) => d.type === nodes[i].type);
    const ctxOf = contexts(input.path, imports, options);
    const run = same ? this.incremental(prev, nodes, keys, options, funcsKey, ctxOf) : undefined;
    this.run = run ?? this.full(world, funcsKey, nodes, keys, input.tree, options, ctxOf);
    return this.run.out;
  }

  private full(world: readonly unknown[], funcsKey: string, nodes: Node[], keys: string[], tree: Tree, options: PredictOptions, ctxOf: ContextMaker): FileRun {
    const decls: DeclRecord[] = nodes.map((n, i) => record(n, keys[i], input(n)));
    const summaries = summarizeEscapes(tree, options.pkg);
    let s = 0;
    decls.forEach((d, i) => { if (hasEscapeSummary(nodes[i], d)) d.escape = summaries[s++]; });
    const funcs = new FunctionIndex([...(options.funcs ?? []), ...summaries]);
    const work = new Work(nodes, decls, funcs, ctxOf);
    work.rounds(() => undefined);
    decls.forEach((_, i) => work.facts(i));
    this.lastRun = { full: true, recomputed: work.computed };
    return { world, funcsKey, decls, funcs, out: collect(decls) };
  }

  private incremental(prev: FileRun, nodes: Node[], keys: string[], options: PredictOptions, funcsKey: string, ctxOf: ContextMaker): FileRun | undefined {
    const changed = new Set<number>();
    let indexChanged = funcsKey !== prev.funcsKey;
    const decls = prev.decls.map((old, i) => {
      if (old.key === keys[i]) return { ...old, row: nodes[i].startPosition.row, rounds: [...old.rounds] };
      changed.add(i);
      const d = record(nodes[i], keys[i], input(nodes[i]));
      if (d.unit !== old.unit || d.name !== old.name || d.nested !== old.nested) return undefined;
      if (hasEscapeSummary(nodes[i], d)) d.escape = summarizeEscapes(declarationView(nodes[i].tree, [nodes[i]]), options.pkg)[0];
      // An equal summary keeps its object, so index answers that name it compare equal.
      if (JSON.stringify(d.escape) === JSON.stringify(old.escape)) d.escape = old.escape;
      else indexChanged = true;
      return d;
    });
    if (decls.some((d) => !d)) return undefined;
    const records = decls as DeclRecord[];
    const funcs = indexChanged ? new FunctionIndex([...(options.funcs ?? []), ...records.flatMap((d) => (d.escape ? [d.escape] : []))]) : prev.funcs;
    // Without a new index every recorded answer stands; with one, each computation's answers are asked again.
    const holds = (reads: Reads): boolean => !indexChanged || answersHold(reads.queries, funcs);
    const work = new Work(nodes, records, funcs, ctxOf);
    // The previous run's computation at the same step still holds when the text is the same, no
    // summary it looked up differs (`differs`: keys whose summary now differs from the previous
    // run's at this step) and the index answers alike.
    const differs = new Set<string>();
    work.rounds((i, r) => {
      const before = prev.decls[i].rounds[r];
      return !changed.has(i) && !meets(before.lookups, differs) && holds(before) ? before : undefined;
    }, (name, result, before) => { if (result === before) differs.delete(name); else differs.add(name); }, (i, r) => prev.decls[i].rounds[r]);
    records.forEach((d, i) => {
      const graphHolds = !d.graph || (!meets(d.graph.lookups, differs) && holds(d.graph));
      if (changed.has(i) || !graphHolds || !holds(d.rules)) work.facts(i);
    });
    this.lastRun = { full: false, recomputed: work.computed };
    return { world: prev.world, funcsKey, decls: records, funcs, out: collect(records) };
  }
}

/** The graph rounds and the facts of one version, run the way predictEscapes runs them. */
class Work {
  computed = 0;
  private readonly out = new Map<string, GraphSummary>();
  private readonly made = new Map<number, { ctx: PredictContext; rec: Recorder }>();

  constructor(private readonly nodes: Node[], private readonly decls: DeclRecord[], private readonly funcs: FunctionIndex, private readonly ctxOf: ContextMaker) {}

  /**
   * Runs the summary rounds: `reuse` may offer a computation that still holds; a unit whose
   * lookups find what its last computation found gives that computation again (the graph is a
   * function of them).
   */
  rounds(reuse: (i: number, r: number) => GraphRun | undefined, wrote?: (name: string, result: GraphSummary, before: GraphSummary) => void, before?: (i: number, r: number) => GraphRun): void {
    for (let r = 0; r < ROUNDS; r++) {
      this.decls.forEach((d, i) => {
        if (!d.unit || !d.name) return;
        const last = r > 0 ? d.rounds[r - 1] : undefined;
        let run = reuse(i, r) ?? (last && this.stillFinds(last) ? last : undefined) ?? this.graph(i);
        const was = before?.(i, r);
        if (was && run !== was && sameGraphSummary(run.result, was.result)) run = { ...run, result: was.result };
        d.rounds[r] = run;
        wrote?.(d.name, run.result, was?.result ?? run.result);
        this.out.set(d.name, run.result);
      });
    }
  }

  /** A declaration's facts: package variables, or a function's rules and then its graph's heap facts. */
  facts(i: number): void {
    const d = this.decls[i];
    const node = this.nodes[i];
    d.rules = newReads();
    d.ruleFacts = [];
    d.graph = undefined;
    if (d.type === 'var_declaration' && !d.nested) predictPackageVars(node, this.ctx(-1 - i, { reads: d.rules, facts: d.ruleFacts }));
    if (d.unit) {
      const c = this.ctx(i, { reads: d.rules, facts: d.ruleFacts });
      walkLive(node, c, (n) => predictNode(n, c));
      const last = d.rounds[ROUNDS - 1];
      d.graph = last && this.stillFinds(last) ? last : this.graph(i);
    }
    d.factRow = d.row;
    d.facts = dedupe([...d.ruleFacts, ...(d.graph?.facts ?? [])]);
    this.computed++;
  }

  private stillFinds(run: GraphRun): boolean {
    for (const [k, v] of run.lookups) if (this.out.get(k) !== v) return false;
    return true;
  }

  /** One functionGraph run, reporting into its own fact list. */
  private graph(i: number): GraphRun {
    const run: GraphRun = { ...newReads(), result: undefined as unknown as GraphSummary, facts: [] };
    const ctx = this.ctx(i, { reads: run, facts: run.facts });
    run.result = functionGraph(this.nodes[i], ctx, recording(this.out, run), true);
    this.computed++;
    return run;
  }

  /** A declaration's context (made once: its scope resolution is the costly part); a negative index: package variables. */
  private ctx(i: number, into: Recorder): PredictContext {
    let m = this.made.get(i);
    if (!m) {
      const rec: Recorder = { ...into };
      const res: Resolution = i < 0 ? { vars: [], useOf: new Map() } : resolveFunction(this.nodes[i]);
      m = { ctx: this.ctxOf(res, recordingIndex(this.funcs, rec), rec), rec };
      this.made.set(i, m);
    }
    m.rec.reads = into.reads;
    m.rec.facts = into.facts;
    return m.ctx;
  }
}

/** Where a context's reads and facts go (switched between computations). */
interface Recorder { reads: Reads; facts: EscapeFact[] }

type ContextMaker = (res: Resolution, funcs: FunctionIndex, into: Recorder) => PredictContext;

/** Contexts as predictEscapes makes them, each adding its facts to the recorder's list. */
function contexts(path: string, imports: Map<string, string>, options: PredictOptions): ContextMaker {
  return (res, funcs, into) => ({
    file: path, env: { pkg: options.pkg, imports, useOf: res.useOf, resultOf: (name) => funcs.func(name)?.result }, res,
    declOf: new Map(res.vars.map((v) => [v.decl.id, v])), options, funcs,
    add: (node, kind, name, why, at = node) => {
      into.facts.push({ file: path, line: at.startPosition.row + 1, column: at.startPosition.column + 1, kind, name, message: messageFor(kind, name), why, source: 'predicted' });
    },
  });
}

/** Facts without repeats (kind, position and name), first one kept, as predictEscapes' `seen` does. */
function dedupe(facts: EscapeFact[]): EscapeFact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const key = `${f.kind}:${f.line}:${f.column}:${f.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function newReads(): Reads {
  return { lookups: new Map(), queries: [] };
}

/** A function index that records every question and answer into `rec.reads`. */
function recordingIndex(index: FunctionIndex, rec: Recorder): FunctionIndex {
  return {
    func: (name: string) => { const r = index.func(name); rec.reads.queries.push(['func', name, r]); return r; },
    methodsNamed: (name: string, receiver?: string) => { const r = index.methodsNamed(name, receiver); rec.reads.queries.push(['methods', name, receiver, r]); return r; },
    leaks: (callee: CalleeRef, i: number) => { const r = index.leaks(callee, i); rec.reads.queries.push(['leaks', callee, i, r]); return r; },
  } as unknown as FunctionIndex;
}

/** Whether a new index answers every recorded question as before (summaries compare by identity: equal ones are kept). */
function answersHold(queries: readonly Query[], index: FunctionIndex): boolean {
  for (const q of queries) {
    if (q[0] === 'func') { if (index.func(q[1]) !== q[2]) return false; }
    else if (q[0] === 'methods') {
      const now = index.methodsNamed(q[1], q[2]);
      if (now.length !== q[3].length || now.some((m, i) => m !== q[3][i])) return false;
    } else if (index.leaks(q[1], q[2]) !== q[3]) return false;
  }
  return true;
}

function input(n: Node): { nested: boolean; unit: boolean; name?: string } {
  const nested = (n.type === 'function_declaration' || n.type === 'method_declaration' || n.type === 'var_declaration') && nestingExceeds(n.text) >= 0;
  const unit = !nested && (n.type === 'function_declaration' || n.type === 'method_declaration') && !!n.childForFieldName('body');
  return { nested, unit, name: unit ? summaryKey(n) : undefined };
}

function record(n: Node, key: string, what: { nested: boolean; unit: boolean; name?: string }): DeclRecord {
  return { key, row: n.startPosition.row, type: n.type, ...what, rounds: [], rules: newReads(), ruleFacts: [], facts: [], factRow: n.startPosition.row };
}

/** Whether summarizeEscapes gives this declaration a summary (the same test, in the same order). */
function hasEscapeSummary(n: Node, d: DeclRecord): boolean {
  return d.unit && !!n.childForFieldName('name') && !n.childForFieldName('type_parameters');
}

/** Each declaration's key: its start column and the text since the previous non-comment declaration ended (comments above it included). */
function keysOf(nodes: readonly Node[], text: string): string[] {
  let from = 0;
  return nodes.map((n) => {
    const key = `${n.startPosition.column}\0${text.slice(from, n.endIndex)}`;
    if (n.type !== 'comment') from = n.endIndex;
    return key;
  });
}

/** A summaries map that records which keys were looked up. */
function recording(out: ReadonlyMap<string, GraphSummary>, reads: Reads): ReadonlyMap<string, GraphSummary> {
  const get = (k: string): GraphSummary | undefined => { const v = out.get(k); reads.lookups.set(k, v); return v; };
  return { get, has: (k: string) => get(k) !== undefined } as unknown as ReadonlyMap<string, GraphSummary>;
}

function meets(a: ReadonlyMap<string, unknown>, b: ReadonlySet<string>): boolean {
  if (b.size === 0) return false;
  for (const k of b) if (a.has(k)) return true;
  return false;
}

function sameGraphSummary(a: GraphSummary, b: GraphSummary): boolean {
  if (a.heap.size !== b.heap.size || a.results.size !== b.results.size) return false;
  for (const [k, v] of a.heap) if (b.heap.get(k) !== v) return false;
  for (const [k, m] of a.results) {
    const n = b.results.get(k);
    if (!n || n.size !== m.size) return false;
    for (const [r, d] of m) if (n.get(r) !== d) return false;
  }
  return true;
}

/** The file's facts in predictEscapes' order: package variables first, then the functions; lines follow moved declarations. */
function collect(decls: DeclRecord[]): EscapeFact[] {
  const out: EscapeFact[] = [];
  for (const d of decls) {
    if (d.row !== d.factRow) {
      const delta = d.row - d.factRow;
      d.facts = d.facts.map((f) => ({ ...f, line: f.line + delta }));
      d.factRow = d.row;
    }
  }
  for (const d of decls) if (d.type === 'var_declaration') out.push(...d.facts);
  for (const d of decls) if (d.unit) out.push(...d.facts);
  return out;
}
