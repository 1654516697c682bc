// Keeps every open document's findings current: debounced, per-function incremental, never
// publishing results for a version that is no longer the document's. Every feature (diagnostics,
// hover, code lens, code actions, explanations) reads the findings computed here.
import type { Parser, Tree } from 'web-tree-sitter';
import type { Finding } from '../analysis/analyzer';
import { compareFindings, type AnalyzeOptions } from '../analysis/driver';
import { fixesFor } from '../analysis/fixes';
import { evalConst, packageContextFrom, type CallSite, type FileSummary, type PackageContext } from '../analysis/values/summaries';
import type { AnalysisWork } from '../protocol';
import type { Settings } from '../settings';
import { IncrementalTree, type ContentChange } from '../trees';
import { identicalSummary, summaryOf, type PackageIndex } from './packageIndex';
import { declarationView, analyzeDeclarations } from '../analysis/incremental';
import { forgetTree } from '../analysis/treeMemo';
import { dirtyUnits, inUnits, mapPos, moveFinding, moveSpan, spansOf, touches, unitSpanAt, type PointEdit, type Unit, otherUnits } from './units';
import type { Span } from '../analysis/analyzer';
import { methodKey } from '../analysis/values/iterators';
import { escapeRegExp } from '../analysis/syntax';
import { answersMemo, recordingPackage, type PackageAnswers } from '../analysis/values/packageReads';

/** What the features read: the findings of one analysed version, with what they were computed from. */
export interface Analysed {
  uri: string;
  version: number;
  text: string;
  findings: Finding[];
  pkg: PackageContext;
}

/** A finding with the span of the top-level declaration it was found in. */
interface Cached { finding: Finding; unit: Span }

/**
 * What the analysis of one top-level declaration (its rules and fixes) asked of the package
 * context, with the answers: while the context answers alike, its findings hold.
 */
interface Reads { unit: Span; answers: ReadonlyMap<string, string> }

/** The record of a declaration that asked the package nothing (most do): one map shared by all. */
const NO_ANSWERS: ReadonlyMap<string, string> = new Map();

interface DocState {
  uri: string;
  /** File-system path, for package context; undefined for untitled documents. */
  file: string | undefined;
  version: number;
  tree: IncrementalTree;
  findings: Cached[] | undefined;
  summary: FileSummary | undefined;
  /** Each declaration's questions to the package, with its span (moved with the edits; a declaration is known by where it starts). */
  reads: Reads[];
  needFull: boolean;
  /** The package context may have changed (a sibling's declarations did): declarations whose questions are answered otherwise are analysed again. */
  packageStale?: boolean;
  /** The pending analysis: a timer while debouncing, an immediate when there is no debounce. */
  timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** The real parse of declarations parsed as blank, finished in slices once edits pause. */
  completing?: NodeJS.Timeout | NodeJS.Immediate;
  result: Analysed | undefined;
  /** Above goOomLens.maxFileSize: not parsed, not analysed (told once). */
  tooLarge?: boolean;
  toldTooLarge?: boolean;
  /** Skip messages already logged for this document. */
  toldSkips?: Set<string>;
  /** Changed since it was opened. */
  edited?: boolean;
  /** When its tree was last needed (a counter), for keeping the trees of the documents in use. */
  lastUse: number;
}

/**
 * Trees (WASM memory, 25 to 50 bytes a character) are kept for the documents used last, up to this
 * much text in all (always the last one); the others are parsed again when needed.
 */
export const TREE_TEXT_BUDGET = 2 * 1024 ** 2;

/** Edits paused this long: the real parse of declarations parsed as blank starts. */
const COMPLETE_IDLE_MS = 300;
/** The real parse runs this long per turn of the event loop. */
const COMPLETE_SLICE_MS = 15;

export interface AnalysisHost {
  settings(): Settings;
  publish(result: Analysed): void;
  log(message: string): void;
  /** Shows the user a message (once per situation; the caller decides). */
  tell?(message: string): void;
  /** A document was closed: whatever else is kept for it goes too. */
  closed?(uri: string): void;
  /** Replaces TREE_TEXT_BUDGET (tests: 0 keeps the tree of the document used last only). */
  treeTextBudget?: number;
  /** Replaces PARSE_BUDGET_MS (tests: 0 parses every edited declaration as blank first). */
  parseBudgetMs?: number;
}

/** Per-document analysis state and scheduling. */
export class AnalysisService {
  private readonly docs = new Map<string, DocState>();
  private uses = 0;
  private readonly done = { fullPasses: 0, declarations: 0 };
  private trimming: NodeJS.Immediate | undefined;
  /** The package context each finding's fixes were computed in (withFixes). */
  private readonly fixedIn = new WeakMap<Finding, PackageContext>();

  constructor(private readonly parser: Parser, private readonly index: PackageIndex, private readonly host: AnalysisHost) {}

  open(uri: string, file: string | undefined, version: number, text: string): void {
    this.close(uri);
    const st: DocState = { uri, file, version, tree: new IncrementalTree(this.parser, text, this.host.parseBudgetMs), findings: undefined, summary: undefined, reads: [], needFull: true, timer: undefined, result: undefined, lastUse: 0 };
    this.docs.set(uri, st);
    this.schedule(st, 0);
  }

  change(uri: string, version: number, changes: readonly ContentChange[]): void {
    const st = this.docs.get(uri);
    if (!st) return;
    cancel(st.completing);
    const edits = st.tree.applyChanges(changes);
    st.version = version;
    st.edited = true;
    if (changes.some((c) => !c.range)) st.needFull = true;
    const base = (st.file ?? st.uri).split(/[\\/]/).pop();
    // Declarations whose findings name lines this batch moved: analysed again, so the words follow.
    let restale: Span[] = [];
    for (const e of edits) {
      const pe: PointEdit = {
        start: { line: e.startPosition.row, character: e.startPosition.column },
        oldEnd: { line: e.oldEndPosition.row, character: e.oldEndPosition.column },
        newEnd: { line: e.newEndPosition.row, character: e.newEndPosition.column },
      };
      restale = restale.map((s) => moveSpan(s, pe));
      st.reads = moveReads(st.reads, pe);
      if (st.findings) {
        const kept: Cached[] = [];
        for (const c of st.findings) {
          // An edit in the finding's own declaration: that declaration is re-analysed, the finding found again.
          if (touches(c.unit, pe)) continue;
          // A related location elsewhere changed: only a full pass finds the finding again.
          if (spansOf(c.finding).some((s) => touches(s, pe))) { st.needFull = true; continue; }
          // "comes from `k` (line 10)": moving that line makes the message wrong, not just its range.
          if (namesMovedLine(c.finding, pe, base)) { restale.push(moveSpan(c.unit, pe)); continue; }
          kept.push({ finding: moveFinding(c.finding, pe), unit: moveSpan(c.unit, pe) });
        }
        st.findings = kept;
      }
      // A declaration inside replaced text is gone (or changed beyond its unit): summarise afresh.
      if (st.summary && moveSummaryLines(st.summary, pe)) st.needFull = true;
    }
    for (const s of restale) st.tree.markRows(s.start.line, s.end.line);
    this.schedule(st, this.host.settings().debounceMs);
  }

  close(uri: string): void {
    const st = this.docs.get(uri);
    if (!st) return;
    cancel(st.timer);
    cancel(st.completing);
    st.tree.dispose();
    this.docs.delete(uri);
    this.host.closed?.(uri);
    if (st.file && st.summary && this.index.closeOpen(st.file, st.edited === true)) this.reanalyseSiblings(st.file, st.summary.packageName);
  }

  /** A file on disk changed: drop its summary and re-analyse the open files of its directory. */
  diskChanged(file: string): void {
    this.index.diskChanged(file);
    for (const st of this.docs.values()) {
      if (st.file && sameDir(st.file, file) && st.file !== file) this.packageChanged(st);
    }
  }

  /** Settings changed: analyse everything again. */
  invalidateAll(): void {
    for (const st of this.docs.values()) this.invalidate(st);
  }

  /** The current version's results, analysing now if an analysis is pending. */
  current(uri: string): Analysed | undefined {
    const st = this.docs.get(uri);
    if (!st) return undefined;
    if (st.timer || !st.result || st.result.version !== st.version) this.run(st);
    return st.result;
  }

  /**
   * The document's tree and text for the current version (reparsing if needed). The tree stays
   * valid until the current task ends (trees of documents not in use are freed after it).
   */
  treeOf(uri: string): { tree: Tree; text: string; treeText: string } | undefined {
    const st = this.docs.get(uri);
    if (!st) return undefined;
    this.current(uri);
    if (st.tooLarge) return undefined;
    this.used(st);
    const { tree } = st.tree.parsed();
    return { tree, text: st.tree.getText(), treeText: st.tree.treeText() };
  }

  /** Whether the document is open and analysed (not above goOomLens.maxFileSize), so treeOf gives a tree. */
  analysable(uri: string): boolean {
    const st = this.docs.get(uri);
    return !!st && !st.tooLarge;
  }

  isOpen(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** The URIs of the open documents. */
  uris(): string[] {
    return [...this.docs.keys()];
  }

  /**
   * Computes the quick fixes of some of the current version's findings (those asked for by a code
   * action or an explanation), in place. They are built when first asked for, not at every
   * keystroke (they cost as much as the rules on a flagged loop, and rode in every diagnostic's data),
   * and built again when the package context changed since.
   */
  withFixes(uri: string, findings: readonly Finding[]): void {
    const st = this.docs.get(uri);
    const result = this.current(uri);
    if (!st || !result) return;
    const current = new Set(result.findings);
    const todo = findings.filter((f) => current.has(f) && this.fixedIn.get(f) !== result.pkg);
    if (todo.length === 0) return;
    const parsed = this.treeOf(uri);
    if (!parsed) return;
    const file = { path: st.file ?? st.uri, text: parsed.text, tree: parsed.tree };
    for (const f of todo) {
      try {
        f.fixes = fixesFor(f, file, result.pkg);
      } catch {
        // A fix builder that cannot handle some shape must not cost the code actions.
        f.fixes = [];
      }
      this.fixedIn.set(f, result.pkg);
    }
  }

  /** How much analysis was done so far (statistics; tests compare it before and after an edit). */
  work(): AnalysisWork {
    return { ...this.done, ...this.index.work };
  }

  /** The URIs of the documents whose tree is kept (statistics). */
  withTrees(): string[] {
    return [...this.docs.values()].filter((st) => st.tree.hasTree).map((st) => st.uri);
  }

  dispose(): void {
    for (const uri of [...this.docs.keys()]) this.close(uri);
    clearImmediate(this.trimming);
  }

  /** Records a use of the document's tree; trees beyond the budget are freed once the current task is done. */
  private used(st: DocState): void {
    st.lastUse = ++this.uses;
    this.trimming ??= setImmediate(() => {
      this.trimming = undefined;
      this.trimTrees();
    });
  }

  /** Releases trees beyond the budget, the documents used last kept; `parsing`: a document about to be parsed counts first. */
  private trimTrees(parsing?: DocState): void {
    const held = [...this.docs.values()].filter((st) => st.tree.hasTree && st !== parsing).sort((a, b) => b.lastUse - a.lastUse);
    let text = parsing ? parsing.tree.getText().length : 0;
    for (const [i, st] of held.entries()) {
      text += st.tree.getText().length;
      if ((i > 0 || parsing) && text > (this.host.treeTextBudget ?? TREE_TEXT_BUDGET)) st.tree.release();
    }
  }

  private invalidate(st: DocState): void {
    st.needFull = true;
    this.schedule(st, this.host.settings().debounceMs);
  }

  private packageChanged(st: DocState): void {
    st.packageStale = true;
    this.schedule(st, this.host.settings().debounceMs);
  }

  private schedule(st: DocState, delay: number): void {
    cancel(st.timer);
    const task = (): void => {
      st.timer = undefined;
      if (this.docs.get(st.uri) !== st) return;
      // A timer's task holds no tree: trim now (not after all timers due have run, as a package's files
      // re-analysed together would), and first, so that other trees make room for this one.
      st.lastUse = ++this.uses;
      this.trimTrees(st.tree.hasTree ? undefined : st);
      this.run(st);
      this.trimTrees();
    };
    // No debounce: right after the pending messages (a 0 ms timer waits at least 1 ms).
    st.timer = delay > 0 ? setTimeout(task, delay) : setImmediate(task);
  }

  private run(st: DocState): void {
    cancel(st.timer);
    st.timer = undefined;
    const version = st.version;
    if (this.skipTooLarge(st)) {
      this.host.publish(st.result!);
      return;
    }
    try {
      this.analyse(st);
    } catch (e) {
      this.host.log(`analysis of ${st.uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      // What changed may have been consumed: start from scratch next time.
      st.needFull = true;
      return;
    }
    // Analysis is synchronous, so nothing can have changed meanwhile; the check guards future changes to that.
    if (st.version !== version || this.docs.get(st.uri) !== st || !st.result) return;
    this.host.publish(st.result);
    if (st.tree.hasBlanks) this.completeLater(st);
  }

  /**
   * Declarations parsed as blank (their reparse ran out of time): their real parse runs once edits
   * pause, a slice per turn of the event loop so that requests are answered meanwhile; an edit
   * stops it. When it ends, they are analysed.
   */
  private completeLater(st: DocState): void {
    cancel(st.completing);
    const step = (): void => {
      st.completing = undefined;
      if (this.docs.get(st.uri) !== st) return;
      const state = st.tree.completeParse(COMPLETE_SLICE_MS);
      if (state === 'more') st.completing = setImmediate(step);
      else if (state === 'done') this.schedule(st, 0);
    };
    st.completing = setTimeout(step, COMPLETE_IDLE_MS);
  }

  private analyse(st: DocState): void {
    this.used(st);
    const { tree, dirty } = st.tree.parsed();
    const text = st.tree.getText();
    const path = st.file ?? st.uri;
    const options: AnalyzeOptions = {
      ...analyzeOptions(this.host.settings()),
      onSkipped: ({ span, reason }) => {
        st.toldSkips ??= new Set();
        if (st.toldSkips.has(reason)) return;
        st.toldSkips.add(reason);
        this.host.log(`${st.uri}:${span.start.line + 1}: ${reason}`);
      },
      onRuleError: (rule, e) => this.host.log(`rule ${rule} failed on ${st.uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`),
    };
    if (st.needFull || !st.findings || !st.summary || dirty === undefined) return this.analyseFully(st, tree, text, options);
    const { units, context } = dirty.length > 0 ? dirtyUnits(tree, dirty) : { units: [], context: false };
    if (context) return this.analyseFully(st, tree, text, options);
    const previous = (st.result as Analysed).pkg;
    let pkg = previous;
    let changed = false;
    // Changed regions parsed as blank where no declaration is now: what was declared there is gone
    // from the summary too. (Not any region without a unit: a comment typed after a declaration
    // on its line would take that declaration's rows with it.)
    const blanks = st.tree.blankRanges;
    const empty = dirty.filter((d) => !units.some((u) => u.startIndex <= d.endIndex && u.endIndex >= d.startIndex)
      && blanks.some((b) => b.startIndex <= d.endIndex && b.endIndex >= d.startIndex));
    if (units.length > 0 || empty.length > 0) {
      const inRows = (line: number): boolean => units.some((u) => line >= u.startRow && line <= u.endRow) || empty.some((d) => line >= d.startRow && line <= d.endRow);
      const fresh = summaryOf(path, declarationView(tree, units.map((u) => u.node)));
      const replaced = replaceUnitSummary(st.summary, fresh, inRows);
      st.summary = replaced.summary;
      // Calls and uses that no package query can see (builtins, locals, library calls) keep the context.
      changed = replaced.changed || (replaced.uses !== undefined && usesMatter(replaced.uses, previous));
      if ((replaced.moved || changed) && st.file) this.index.setOpen(st.file, replaced.summary);
      else if (replaced.uses && st.file) this.index.replaceOpen(st.file, replaced.summary);
      if (st.file || replaced.moved || changed) pkg = this.index.contextFor(st.file, replaced.summary);
    } else if (st.packageStale && st.file) pkg = this.index.contextFor(st.file, st.summary);
    // What the package sees changed (here or in a sibling): the declarations whose questions to the
    // package are answered otherwise now are analysed again too.
    if (changed || st.packageStale) units.push(...staleUnits(st.reads, tree, units, pkg));
    st.packageStale = false;
    if (units.length > 0) {
      const file = { path, text, tree };
      const { findings, reads } = analyseUnits(file, pkg, options, units);
      this.done.declarations += units.length;
      const analysed = new Set(units.map((u) => startKey(u.startRow, u.node.startPosition.column)));
      st.reads = st.reads.filter((r) => !analysed.has(startKey(r.unit.start.line, r.unit.start.character))).concat(reads);
      st.findings = sortCached(st.findings.filter((c) => !inUnits(c.finding, units)).concat(cache(findings, tree)));
    }
    st.result = { uri: st.uri, version: st.version, text, findings: st.findings.map((c) => c.finding), pkg };
    if (changed && st.file) this.reanalyseSiblings(st.file, st.summary.packageName);
  }

  private analyseFully(st: DocState, tree: Tree, text: string, options: AnalyzeOptions): void {
    const path = st.file ?? st.uri;
    const fresh = summaryOf(path, tree);
    const previous = st.summary ?? (st.file ? this.index.knownSummary(st.file) : undefined);
    // An unchanged summary keeps its object, so the package context built from it stays (one per package, not one per document).
    const summary = previous && identicalSummary(previous, fresh) ? previous : fresh;
    const changed = !previous || !sameSummary(previous, summary);
    st.summary = summary;
    if (st.file) this.index.setOpen(st.file, summary);
    const pkg = this.index.contextFor(st.file, summary);
    const file = { path, text, tree };
    const units = otherUnits(tree, [], () => true);
    const { findings, reads } = analyseUnits(file, pkg, options, units);
    findings.sort(compareFindings);
    this.done.fullPasses++;
    this.done.declarations += units.length;
    st.reads = reads;
    st.findings = cache(findings, tree);
    st.needFull = false;
    st.packageStale = false;
    st.result = { uri: st.uri, version: st.version, text, findings, pkg };
    if (changed && st.file) this.reanalyseSiblings(st.file, summary.packageName);
  }

  /**
   * A document above goOomLens.maxFileSize is neither parsed nor analysed: its result is empty (which
   * clears earlier diagnostics), its tree is freed, and the user is told once.
   */
  private skipTooLarge(st: DocState): boolean {
    const cap = this.host.settings().maxFileSizeBytes;
    this.index.maxFileBytes = cap;
    const text = st.tree.getText();
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: most documents need no counting.
    const bytes = text.length * 3 <= cap ? 0 : Buffer.byteLength(text, 'utf8');
    const wasTooLarge = st.tooLarge === true;
    st.tooLarge = bytes > cap;
    if (!st.tooLarge) {
      if (wasTooLarge) st.needFull = true;
      return false;
    }
    if (!st.toldTooLarge) {
      st.toldTooLarge = true;
      const name = (st.file ?? st.uri).split(/[\\/]/).pop();
      const message = `Go OOM Lens: ${name} is not analysed: it is ${(bytes / 1024 ** 2).toFixed(1)} MiB, more than goOomLens.maxFileSize (${this.host.settings().maxFileSize}).`;
      this.host.log(message);
      this.host.tell?.(message);
    }
    st.tree.dispose();
    st.findings = undefined;
    st.summary = undefined;
    st.needFull = true;
    st.result = { uri: st.uri, version: st.version, text, findings: [], pkg: packageContextFrom([]) };
    return true;
  }

  private reanalyseSiblings(file: string, packageName: string): void {
    const siblings = new Set(this.index.openSiblings(file, packageName));
    for (const st of this.docs.values()) if (st.file && siblings.has(st.file)) this.packageChanged(st);
  }
}

/** Whether a finding's words name a line of this file (`(line 12)`, `(main.go:12)`) that the edit moves. */
function namesMovedLine(f: Finding, e: PointEdit, base: string | undefined): boolean {
  if (e.newEnd.line === e.oldEnd.line && e.start.line === e.oldEnd.line) return false;
  const named = base ? new RegExp(`\\bline (\\d+)|${escapeRegExp(base)}:(\\d+)`, 'g') : /\bline (\d+)/g;
  for (const text of [f.message, f.facts.cause ?? '', ...f.related.map((r) => r.message)]) {
    for (const m of text.matchAll(named)) {
      const line = Number(m[1] ?? m[2]) - 1;
      if (mapPos({ line, character: 0 }, e).line !== line) return true;
    }
  }
  return false;
}

/** The driver options that follow from the settings. */
export function analyzeOptions(s: Settings): AnalyzeOptions {
  const rules = new Set(Object.entries(s.rules).filter(([, v]) => v !== 'off').map(([id]) => id));
  return { rules, minSeverity: s.report === 'certain' ? 'error' : 'warning' };
}

/**
 * Analyses top-level declarations one by one, each with a record of what its rules and fixes asked
 * of the package context.
 */
function analyseUnits(file: { path: string; text: string; tree: Tree }, pkg: PackageContext, options: AnalyzeOptions, units: readonly Unit[]): { findings: Finding[]; reads: Reads[] } {
  const findings: Finding[] = [];
  const reads: Reads[] = [];
  for (const u of units) {
    const answers: PackageAnswers = new Map();
    const recorded = recordingPackage(pkg, () => answers)!;
    findings.push(...analyzeDeclarations(file, recorded, options, [u.node]));
    reads.push({ unit: spanOfUnit(u), answers: answers.size > 0 ? answers : NO_ANSWERS });
  }
  // The rules' per-tree tables (function models, loop states) go with the pass (see treeMemo.ts).
  forgetTree(file.tree);
  return { findings, reads };
}

/**
 * The top-level declarations besides `units` whose findings may not hold in the context `pkg`:
 * those whose recorded questions it answers otherwise (or that have no record).
 */
function staleUnits(reads: readonly Reads[], tree: Tree, units: readonly Unit[], pkg: PackageContext): Unit[] {
  const holds = answersMemo(pkg);
  // By where each declaration starts: a record whose declaration an edit touched is gone, so a
  // declaration that starts where a record's does is that record's.
  const recorded = new Map<string, ReadonlyMap<string, string>>();
  for (const r of reads) recorded.set(startKey(r.unit.start.line, r.unit.start.character), r.answers);
  return otherUnits(tree, units, (node) => {
    const answers = recorded.get(startKey(node.startPosition.row, node.startPosition.column));
    return answers === undefined || !holds(answers);
  });
}

function startKey(line: number, character: number): string {
  return `${line}:${character}`;
}

/** Moves the recorded declarations through an edit; a declaration the edit touches is analysed again, so its record goes. */
function moveReads(reads: readonly Reads[], e: PointEdit): Reads[] {
  const out: Reads[] = [];
  for (const r of reads) if (!touches(r.unit, e)) out.push({ unit: moveSpan(r.unit, e), answers: r.answers });
  return out;
}

function spanOfUnit(u: Unit): Span {
  return { start: { line: u.startRow, character: u.node.startPosition.column }, end: { line: u.endRow, character: u.node.endPosition.column } };
}

function cache(findings: Finding[], tree: Tree): Cached[] {
  return findings.map((finding) => ({ finding, unit: unitSpanAt(tree, finding.span.start) }));
}

function sortCached(list: Cached[]): Cached[] {
  return list.sort((x, y) => compareFindings(x.finding, y.finding));
}

type Entry = { line: number; file?: string };

function entriesOf(s: FileSummary): Entry[][] {
  return [s.constants, s.funcs, s.types, s.vars, (s.callSites ?? []) as unknown as Entry[], (s.valueUses ?? []) as unknown as Entry[], (s.unguardedFieldWrites ?? []) as unknown as Entry[]];
}

/**
 * Moves the lines of a summary's declarations through an edit (in place: package contexts share
 * these objects); true when a declaration's line was (partly) replaced.
 */
function moveSummaryLines(s: FileSummary, e: PointEdit): boolean {
  let hit = false;
  for (const list of entriesOf(s)) {
    for (const d of list) {
      const l = d.line;
      if ((l > e.start.line && l < e.oldEnd.line)
        || (l === e.start.line && e.start.character === 0 && e.oldEnd.line > l)
        || (l === e.oldEnd.line && l > e.start.line && e.oldEnd.character > 0)) hit = true;
      d.line = mapPos({ line: l, character: 0 }, e).line;
    }
  }
  return hit;
}

/** What changed among a file's calls and uses (not its declarations): call sites by callee, used names, field writes. */
interface UsesChange { calls: Map<string, { removed: CallSite[]; added: CallSite[] }>; names: Set<string>; fields: boolean }

/**
 * Replaces the declarations of re-parsed units; reports whether a declaration the package sees
 * changed (`changed`), only moved (`moved`), or whether only calls and uses changed (`uses`).
 */
function replaceUnitSummary(old: FileSummary, fresh: FileSummary, inRows: (line: number) => boolean): { summary: FileSummary; changed: boolean; moved: boolean; uses?: UsesChange } {
  const summary: FileSummary = { ...old, constants: [], funcs: [], types: [], vars: [] };
  const lists: Array<keyof Pick<FileSummary, 'constants' | 'funcs' | 'types' | 'vars' | 'callSites' | 'valueUses' | 'unguardedFieldWrites'>> =
    ['constants', 'funcs', 'types', 'vars', 'callSites', 'valueUses', 'unguardedFieldWrites'];
  let changed = false;
  let moved = false;
  let uses: UsesChange | undefined;
  for (const key of lists) {
    // A huge file's summary has no call sites (undefined): it stays without them.
    if (!old[key] || !fresh[key]) { (summary as unknown as Record<string, unknown>)[key] = undefined; if (old[key] !== fresh[key]) changed = true; continue; }
    const kept = (old[key] as Entry[]).filter((d) => !inRows(d.line));
    const removed = (old[key] as Entry[]).filter((d) => inRows(d.line));
    const added = (fresh[key] as Entry[]).filter((d) => inRows(d.line));
    if (signature(removed) !== signature(added)) {
      if (key === 'callSites' || key === 'valueUses' || key === 'unguardedFieldWrites') {
        uses ??= { calls: new Map(), names: new Set(), fields: false };
        if (key === 'unguardedFieldWrites') uses.fields = true;
        else if (key === 'valueUses') {
          // The context sees the union of the package's used names: only a name used before and not after (or the reverse) counts.
          const before = new Set((removed as unknown as Array<{ name: string }>).map((e) => e.name));
          const after = new Set((added as unknown as Array<{ name: string }>).map((e) => e.name));
          for (const n of before) if (!after.has(n)) uses.names.add(n);
          for (const n of after) if (!before.has(n)) uses.names.add(n);
        }
        else addCallChanges(uses.calls, removed as unknown as CallSite[], added as unknown as CallSite[]);
      } else changed = true;
    } else if (removed.some((d, i) => d.line !== added[i].line)) moved = true;
    (summary[key] as Entry[]) = [...kept, ...added].sort((a, b) => a.line - b.line);
  }
  return { summary, changed, moved, uses };
}

/** Records, per callee, the call sites of re-parsed units that differ before and after. */
function addCallChanges(calls: UsesChange['calls'], removed: CallSite[], added: CallSite[]): void {
  const keyOf = (c: CallSite): string => `${c.method ? '.' : ''}${c.name}`;
  const group = (list: CallSite[]): Map<string, CallSite[]> => {
    const m = new Map<string, CallSite[]>();
    for (const c of list) m.set(keyOf(c), [...(m.get(keyOf(c)) ?? []), c]);
    return m;
  };
  const before = group(removed);
  const after = group(added);
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(k) ?? [];
    const b = after.get(k) ?? [];
    if (signature(a as unknown as Entry[]) !== signature(b as unknown as Entry[])) calls.set(k, { removed: a, added: b });
  }
}

/**
 * Whether changed calls or uses can change an answer of the package context. Callers' constants
 * are asked for the package's own functions and methods only, and a function's answer is "none"
 * as long as one call passes no constant: so calls of builtins, locals and library functions, uses
 * of other names, and calls that passed no constant before and after the edit cannot. Changed
 * field writes always may.
 */
function usesMatter(uses: UsesChange, pkg: PackageContext): boolean {
  if (uses.fields) return true;
  const declared = (key: string): boolean => pkg.funcs.has(key) || pkg.funcs.has(methodKey(key.replace(/^\./, '')));
  for (const n of uses.names) if (declared(n)) return true;
  const opaque = (c: CallSite): boolean => c.variadic || c.args.every((a) => typeof evalConst(a, pkg.constValue) !== 'number');
  for (const [key, { removed, added }] of uses.calls) {
    if (!declared(key)) continue;
    if (removed.length === 0 || added.length === 0 || !removed.every(opaque) || !added.every(opaque)) return true;
  }
  return false;
}

function signature(entries: Entry[]): string {
  return JSON.stringify(entries.map(({ line: _line, file: _file, ...rest }) => rest));
}

function sameSummary(a: FileSummary, b: FileSummary): boolean {
  return a.packageName === b.packageName && entriesOf(a).every((list, i) => signature(list) === signature(entriesOf(b)[i]));
}

function sameDir(a: string, b: string): boolean {
  const dir = (p: string): string => p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')));
  return dir(a) === dir(b);
}

function cancel(timer: NodeJS.Timeout | NodeJS.Immediate | undefined): void {
  if (!timer) return;
  if ('refresh' in timer) clearTimeout(timer);
  else clearImmediate(timer as NodeJS.Immediate);
}
