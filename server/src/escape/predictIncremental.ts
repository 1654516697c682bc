// Predicted escape facts kept per top-level declaration, so a new version of a document costs the
// declarations that changed rather than the whole file. The result is exactly predictEscapes'
// (test/escape/predictIncremental.test.ts compares them after random edits): the same steps run in
// the same order, and a declaration's work is reused only when its text is the same, and every
// graph summary it looked up, every answer it got from the package's function index and every
// answer it got from the package context (packageReads.ts) are what they were. Declarations are
// matched by text from both ends, so one added, removed, split or joined costs only itself and
// what looked it up; imports, the Go version or the target recompute the file. Pure: no LSP, no I/O.
import type { Node, Tree } from 'web-tree-sitter';
import { nestingExceeds } from '../analysis/nesting';
import { declarationView } from '../analysis/incremental';
import { answersMemo, recordingPackage, type PackageAnswers } from '../analysis/values/packageReads';
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
interface Reads { lookups: Map<string, GraphSummary | undefined>; queries: Map<string, Query>; pkg: PackageAnswers }

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
  /** Its escape summary (functions without type parameters), and what that read of the package context. */
  escape?: FuncEscapeSummary;
  escapeReads: PackageAnswers;
  rounds: GraphRun[];
  /** The graph run its facts come from, and what the rules (walkLive) read and found. */
  graph?: GraphRun;
  rules: Reads;
  ruleFacts: EscapeFact[];
  facts: EscapeFact[];
  factRow: number;
}

interface FileRun { world: readonly unknown[]; funcsKey: string; pkg: PredictOptions['pkg']; decls: DeclRecord[]; funcs: FunctionIndex; out: EscapeFact[] }

const ROUNDS = 3;

/** A file's imports: local name → path. */
type Imports = ReadonlyMap<string, string>;

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
    const world = [input.path, options.goVersion, options.goos, options.goarch, JSON.stringify([...imports])];
    const keys = keysOf(nodes, input.text);
    const prev = this.run;
    const same = prev && prev.world.length === world.length && prev.world.every((w, i) => w === world[i]);
    const ctxOf = contexts(input.path, imports, options);
    const run = same ? this.incremental(prev, nodes, keys, imports, options, funcsKey, ctxOf) : undefined;
    this.run = run ?? this.full(world, funcsKey, nodes, keys, imports, options, ctxOf);
    return this.run.out;
  }

  private full(world: readonly unknown[], funcsKey: string, nodes: Node[], keys: string[], imports: Imports, options: PredictOptions, ctxOf: ContextMaker): FileRun {
    const decls: DeclRecord[] = nodes.map((n, i) => record(n, keys[i], input(n)));
    decls.forEach((d, i) => summarize(nodes[i], d, options.pkg, imports));
    const funcs = new FunctionIndex([...(options.funcs ?? []), ...decls.flatMap((d) => (d.escape ? [d.escape] : []))]);
    const work = new Work(nodes, decls, funcs, ctxOf);
    work.rounds(() => undefined);
    decls.forEach((_, i) => work.facts(i));
    this.lastRun = { full: true, recomputed: work.computed };
    return { world, funcsKey, pkg: options.pkg, decls, funcs, out: collect(decls) };
  }

  /**
   * The new version from the previous one: declarations are matched by text from both ends (an
   * edit, even one that splits or joins declarations, leaves the others in order); what is not
   * matched is computed anew, and a matched declaration's work is kept while what it read holds.
   * Undefined when a whole-file run is needed (a name added or removed that another declaration shares).
   */
  private incremental(prev: FileRun, nodes: Node[], keys: string[], imports: Imports, options: PredictOptions, funcsKey: string, ctxOf: ContextMaker): FileRun | undefined {
    const from = matchDeclarations(prev.decls, keys, (i) => input(nodes[i]).name);
    const pkgChanged = options.pkg !== prev.pkg;
    const pkgHolds = pkgChanged ? answersMemo(options.pkg) : undefined;
    const changed = new Set<number>();
    let indexChanged = funcsKey !== prev.funcsKey;
    const decls = nodes.map((node, i) => {
      const j = from[i];
      let old = j === undefined ? undefined : prev.decls[j];
      if (old && old.key === keys[i]) {
        const d = { ...old, row: node.startPosition.row, rounds: [...old.rounds] };
        // Its summary asked the package context; a context that answers otherwise gives a new one.
        if (pkgHolds && d.unit && !pkgHolds(d.escapeReads)) {
          summarize(node, d, options.pkg, imports);
          if (JSON.stringify(d.escape) === JSON.stringify(old.escape)) d.escape = old.escape;
          else indexChanged = true;
        }
        return d;
      }
      changed.add(i);
      const d = record(node, keys[i], input(node));
      // Another kind of unit in its place: the old one went and this one came.
      if (old && (d.unit !== old.unit || d.name !== old.name || d.nested !== old.nested)) from[i] = old = undefined;
      summarize(node, d, options.pkg, imports);
      // An equal summary keeps its object, so index answers that name it compare equal.
      if (old && JSON.stringify(d.escape) === JSON.stringify(old.escape)) d.escape = old.escape;
      else if (d.escape || old?.escape) indexChanged = true;
      return d;
    });
    // Units that came or went: every lookup of their names now finds something else.
    const kept = new Set(from.filter((j) => j !== undefined));
    const gone = prev.decls.filter((d, j) => !kept.has(j) && d.name).map((d) => d.name!);
    const came = decls.filter((d, i) => from[i] === undefined && d.name).map((d) => d.name!);
    const named = (list: readonly DeclRecord[], name: string): number => list.filter((d) => d.name === name).length;
    if (gone.some((n) => named(prev.decls, n) > 1 || named(decls, n) > 0) || came.some((n) => named(decls, n) > 1)) return undefined;
    // A unit that went with an escape summary leaves the index too: what asked it is asked again
    // (a function whose declaration went blank, its callers kept facts that depended on it).
    if (prev.decls.some((d, j) => !kept.has(j) && d.escape)) indexChanged = true;
    const funcs = indexChanged ? new FunctionIndex([...(options.funcs ?? []), ...decls.flatMap((d) => (d.escape ? [d.escape] : []))]) : prev.funcs;
    // Without a new index or context every recorded answer stands; with one, each computation's answers are asked again.
    const holds = (reads: Reads): boolean => (!indexChanged || indexAnswersHold(reads.queries, funcs)) && (!pkgHolds || pkgHolds(reads.pkg));
    const work = new Work(nodes, decls, funcs, ctxOf);
    // The previous run's computation at the same step still holds when the text is the same, no
    // summary it looked up differs (`differs`: names whose summary now differs from the previous
    // run's at this step) and the index and the context answer alike.
    const differs = new Set<string>(gone);
    const before = (i: number, r: number): GraphRun | undefined => (from[i] === undefined ? undefined : prev.decls[from[i]!].rounds[r]);
    work.rounds((i, r) => {
      const was = before(i, r);
      return was && !changed.has(i) && !meets(was.lookups, differs) && holds(was) ? was : undefined;
    }, (name, result, was) => { if (result === was) differs.delete(name); else differs.add(name); }, before);
    decls.forEach((d, i) => {
      const graphHolds = !d.graph || (!meets(d.graph.lookups, differs) && holds(d.graph));
      if (changed.has(i) || !graphHolds || !holds(d.rules)) work.facts(i);
    });
    this.lastRun = { full: false, recomputed: work.computed };
    return { world: prev.world, funcsKey, pkg: options.pkg, decls, funcs, out: collect(decls) };
  }
}

/**
 * For each new declaration, the index of the old one it continues: equal keys matched from the
 * start and from the end; between them, declarations pair by position when as many remain on both
 * sides (an edit inside one), else units pair by name in order (`nameOf`: a new declaration's unit
 * name), and the rest are new.
 */
function matchDeclarations(old: readonly DeclRecord[], now: readonly string[], nameOf: (i: number) => string | undefined): Array<number | undefined> {
  const from: Array<number | undefined> = new Array(now.length).fill(undefined);
  let head = 0;
  while (head < old.length && head < now.length && old[head].key === now[head]) from[head] = head++;
  let tail = 0;
  while (tail < old.length - head && tail < now.length - head && old[old.length - 1 - tail].key === now[now.length - 1 - tail]) {
    from[now.length - 1 - tail] = old.length - 1 - tail;
    tail++;
  }
  if (old.length === now.length) {
    for (let i = head; i < now.length - tail; i++) from[i] = i;
    return from;
  }
  let j = head;
  for (let i = head; i < now.length - tail; i++) {
    const name = nameOf(i);
    if (!name) continue;
    let k = j;
    while (k < old.length - tail && old[k].name !== name) k++;
    if (k < old.length - tail) { from[i] = k; j = k + 1; }
  }
  return from;
}

/** A declaration's escape summary (functions without type parameters), with what it read of the package. */
function summarize(node: Node, d: DeclRecord, pkg: PredictOptions['pkg'], imports: Imports): void {
  d.escape = undefined;
  d.escapeReads = new Map();
  if (!hasEscapeSummary(node, d)) return;
  const answers = d.escapeReads;
  d.escape = summarizeEscapes(node.tree, recordingPackage(pkg, () => answers), { decls: [node], imports })[0];
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
  rounds(reuse: (i: number, r: number) => GraphRun | undefined, wrote?: (name: string, result: GraphSummary, before: GraphSummary | undefined) => void, before?: (i: number, r: number) => GraphRun | undefined): void {
    for (let r = 0; r < ROUNDS; r++) {
      this.decls.forEach((d, i) => {
        if (!d.unit || !d.name) return;
        const last = r > 0 ? d.rounds[r - 1] : undefined;
        let run = reuse(i, r) ?? (last && this.stillFinds(last) ? last : undefined) ?? this.graph(i);
        const was = before?.(i, r);
        if (was && run !== was && sameGraphSummary(run.result, was.result)) run = { ...run, result: was.result };
        d.rounds[r] = run;
        wrote?.(d.name, run.result, was?.result);
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

/** Contexts as predictEscapes makes them, each adding its facts to the recorder's list and recording what it asks of the package. */
function contexts(path: string, imports: Imports, options: PredictOptions): ContextMaker {
  return (res, funcs, into) => {
    const pkg = recordingPackage(options.pkg, () => into.reads.pkg);
    return {
      file: path, env: { pkg, imports, useOf: res.useOf, resultOf: (name) => funcs.func(name)?.result }, res,
      declOf: new Map(res.vars.map((v) => [v.decl.id, v])), options: { ...options, pkg }, funcs,
      add: (node, kind, name, why, at = node) => {
        into.facts.push({ file: path, line: at.startPosition.row + 1, column: at.startPosition.column + 1, kind, name, message: messageFor(kind, name), why, source: 'predicted' });
      },
    };
  };
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
  return { lookups: new Map(), queries: new Map(), pkg: new Map() };
}

/** A function index that records every question and answer into `rec.reads`. */
function recordingIndex(index: FunctionIndex, rec: Recorder): FunctionIndex {
  // The same question asked again got the same answer: kept once.
  const note = (key: string, q: Query): void => { if (!rec.reads.queries.has(key)) rec.reads.queries.set(key, q); };
  return {
    func: (name: string) => { const r = index.func(name); note(`f\0${name}`, ['func', name, r]); return r; },
    methodsNamed: (name: string, receiver?: string) => { const r = index.methodsNamed(name, receiver); note(`m\0${name}\0${receiver ?? ''}`, ['methods', name, receiver, r]); return r; },
    leaks: (callee: CalleeRef, i: number) => { const r = index.leaks(callee, i); note(`l\0${callee.name}\0${callee.method}\0${callee.receiver ?? ''}\0${i}`, ['leaks', callee, i, r]); return r; },
  } as unknown as FunctionIndex;
}

/** Whether a new index answers every recorded question as before (summaries compare by identity: equal ones are kept). */
function indexAnswersHold(queries: ReadonlyMap<string, Query>, index: FunctionIndex): boolean {
  for (const q of queries.values()) {
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
  return { key, row: n.startPosition.row, type: n.type, ...what, escapeReads: new Map(), rounds: [], rules: newReads(), ruleFacts: [], facts: [], factRow: n.startPosition.row };
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
