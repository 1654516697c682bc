// Escape analysis for open documents: which source a document's facts come from (the compiler, a
// prediction, or none), compiler runs per package (after a save, or when typing pauses; one run per
// package, superseded runs cancelled, two packages at most at a time), and what the user is told
// when a package does not compile or go is missing or hangs — once, not on every keystroke.
// The Go toolchain never runs unless the client said the workspace is trusted.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import type { PackageContext } from '../analysis/values/summaries';
import { pathOf } from '../documents';
import type { EscapeRun } from '../escape/compiler';
import { findGo } from '../escape/findGo';
import { EscapeScheduler } from '../escape/scheduler';
import type { EscapeFact } from '../escape/types';
import type { EscapeLogParams } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { lineMapBetween, relocateFacts, TextLines, type EscapeView } from './escapeFacts';
import { EscapePredictions, type PredictedDoc } from './escapePredicted';

/** After an edit, the compiler runs once typing has paused this long (a save runs it at once). */
export const ESCAPE_IDLE_MS = 1000;
/**
 * While typing, a document's predicted facts are the last prediction's, moved to the current text
 * (those on edited lines dropped); the prediction of the current version runs once requests have
 * paused this long, and the editor is asked for hints again.
 */
export const PREDICT_IDLE_MS = 300;
/** How late the pause timer may fire and still count as a pause (later: the event loop was busy). */
const PREDICT_LATE_MS = 100;
/** The package's files are summarised for a prediction this long per turn of the event loop. */
const PREDICT_SLICE_MS = 15;
/** A document's first prediction reading more than this (its text and the package's files without summaries) waits for a pause. */
export const FIRST_PREDICTION_BYTES = 1024 * 1024;
/** Packages analysed at the same time (each run is a go command and a compiler). */
const MAX_RUNS = 2;

export interface ProgressReporter {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  done(): void;
  token: { onCancellationRequested(listener: () => void): unknown };
}

export interface EscapeHost {
  settings(): Settings;
  isOpen(uri: string): boolean;
  /** The current version of an open document, with its tree (and the text the tree was parsed from: declarations parsed as blank are spaces). */
  document(uri: string): { version: number; text: string; tree: Tree; treeText: string; pkg: PackageContext } | undefined;
  log(message: string): void;
  tell(level: 'warning' | 'info', message: string): void;
  /** A compiler run ended (the escape-log output channel). */
  runLog(params: EscapeLogParams): void;
  /** Facts changed: ask the editor for inlay hints again. */
  refresh(): void;
  progress(): Promise<ProgressReporter>;
  /** For tests: replaces the scheduler's runner. */
  scheduler?: EscapeScheduler;
}

type Source = { kind: 'compiler' } | { kind: 'predicted'; because: string } | { kind: 'none' };

interface DocInfo { uri: string; file: string | undefined; text: string }

interface CompilerResult { generation: number; facts: Map<string, EscapeFact[]>; texts: Map<string, string> }

interface PackageState {
  timer?: NodeJS.Timeout;
  generation: number;
  running: boolean;
  /** The open buffers' texts, and which of them went in the overlay, at the latest launch. */
  inputs: Map<string, string>;
  overlaid: Set<string>;
  result?: CompilerResult;
  /** `auto`: go did not finish in time here, so this package is predicted (until settings change). */
  timedOut: boolean;
}

/** What a view is computed from, so it is computed once per document version and result. */
/** A document's facts moved to its current version; `lines`: the snapshot they were computed on (kept while it is the same). */
interface ViewCache { key: string; view: EscapeView; lines?: TextLines }

export class EscapeService {
  private trusted: boolean;
  private readonly docs = new Map<string, DocInfo>();
  private readonly packages = new Map<string, PackageState>();
  private readonly queue = new Set<string>();
  private readonly told = new Set<string>();
  private readonly missingGo = new Set<string>();
  private readonly views = new Map<string, ViewCache>();
  /** Per document being typed in: the pending prediction of its current version. */
  private readonly predictTimers = new Map<string, NodeJS.Timeout>();
  /** Per document: the prediction under way, its siblings' summaries computed a slice per turn of the event loop. */
  private readonly predicting = new Map<string, NodeJS.Immediate>();
  private readonly scheduler: EscapeScheduler;
  private disposed = false;
  private settingsKey: string;

  constructor(private readonly host: EscapeHost, private readonly predictions: EscapePredictions, trusted: boolean) {
    this.trusted = trusted;
    this.scheduler = host.scheduler ?? new EscapeScheduler();
    this.settingsKey = escapeSettingsKey(host.settings());
  }

  /** Where a file's facts come from under the current settings and trust. */
  sourceFor(file: string | undefined): Source {
    return this.sourceIn(file === undefined ? undefined : path.dirname(file));
  }

  /** The source for the files of a package directory (undefined: a document not on disk). */
  private sourceIn(dir: string | undefined): Source {
    const s = this.host.settings();
    const mode = s.escape.mode;
    if (mode === 'off') return { kind: 'none' };
    if (mode === 'predicted') return { kind: 'predicted', because: 'goOomLens.escape.mode is "predicted"' };
    if (!dir) return mode === 'auto' ? { kind: 'predicted', because: 'the file is not saved on disk' } : { kind: 'none' };
    if (!this.trusted) return { kind: 'predicted', because: 'the workspace is not trusted, so the Go compiler does not run' };
    if (this.missingGo.has(goBinaryOf(s))) return mode === 'auto' ? { kind: 'predicted', because: 'the go command was not found' } : { kind: 'none' };
    if (mode === 'auto' && this.packages.get(dir)?.timedOut) return { kind: 'predicted', because: 'the go command did not finish in time' };
    return { kind: 'compiler' };
  }

  /** A document was analysed (opened or edited): run the compiler when its package's input changed. */
  analysed(result: Analysed): void {
    // An analysis is work the editor waits for, not a pause: a prediction waiting for one waits anew.
    // One under way stops too; the summaries it made are kept, and the next pause goes on from them.
    if (this.predictTimers.has(result.uri) || this.predicting.has(result.uri)) {
      clearImmediate(this.predicting.get(result.uri));
      this.predicting.delete(result.uri);
      this.predictAfterPause(result.uri);
    }
    const file = pathOf(result.uri);
    this.docs.set(result.uri, { uri: result.uri, file, text: result.text });
    this.prune();
    if (!file?.endsWith('.go')) return;
    const source = this.sourceFor(file);
    if (source.kind === 'predicted' && !this.trusted && this.host.settings().escape.mode !== 'predicted') {
      const message = 'Go OOM Lens: the workspace is not trusted, so the Go compiler does not run; escape hints are predicted from the source.';
      if (this.host.settings().escape.mode === 'compiler') this.tellOnce('untrusted', 'info', message);
      else if (!this.told.has('untrusted-log')) {
        this.told.add('untrusted-log');
        this.host.log(`${message} (Editors other than VS Code: initializationOptions.workspaceTrusted = true allows it.)`);
      }
    }
    if (source.kind !== 'compiler') return;
    const dir = path.dirname(file);
    const st = this.state(dir);
    if (st.inputs.get(file) === result.text) return;
    void this.scheduleIfChanged(dir, st, file, result.text);
  }

  /** A document was saved: analyse its package now. */
  saved(uri: string): void {
    const file = pathOf(uri);
    this.prune();
    if (!file?.endsWith('.go') || this.sourceFor(file).kind !== 'compiler') return;
    this.schedule(path.dirname(file), 0);
  }

  /** Settings changed: when the escape settings did, forget go's absence and timeouts, and analyse again. */
  settingsChanged(): void {
    const key = escapeSettingsKey(this.host.settings());
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    this.missingGo.clear();
    for (const key of [...this.told]) if (!key.startsWith('broken:')) this.told.delete(key);
    for (const st of this.packages.values()) st.timedOut = false;
    this.restart();
  }

  /** The client reported the workspace's trust (VS Code: trust was granted). */
  setTrusted(trusted: boolean): void {
    if (trusted === this.trusted) return;
    this.trusted = trusted;
    if (!trusted) for (const st of this.packages.values()) st.result = undefined;
    this.restart();
  }

  /** The facts of an open document, positioned in its current text, with its tree. */
  view(uri: string): { view: EscapeView; tree: Tree; text: string } | undefined {
    this.prune();
    const file = pathOf(uri);
    const source = this.sourceFor(file);
    if (source.kind === 'none') return undefined;
    const doc = this.host.document(uri);
    if (!doc) return undefined;
    if (source.kind === 'predicted') {
      const facts = this.predictedFacts(uri, file, doc);
      return { view: { uri, source: 'predicted', facts, predictedBecause: source.because }, tree: doc.tree, text: doc.text };
    }
    const result = this.packages.get(path.dirname(file!))?.result;
    if (!result) return undefined;
    const view = this.movedView(uri, `${doc.version}:${result.generation}`, 'compiler', result.facts.get(file!) ?? [], result.texts.get(file!), doc.text);
    return { view, tree: doc.tree, text: doc.text };
  }

  /** Facts computed on `snapshot` (undefined: the current text), moved to `text`; made once per `key`. */
  private movedView(uri: string, key: string, source: EscapeView['source'], facts: EscapeFact[], snapshot: string | undefined, text: string): EscapeView {
    let cached = this.views.get(uri);
    if (cached?.key !== key) {
      const lines = snapshot === undefined ? undefined : cached?.lines?.text === snapshot ? cached.lines : new TextLines(snapshot);
      cached = { key, view: { uri, source, facts: lines ? relocateFacts(facts, lineMapBetween(lines, text)) : facts }, lines };
      this.views.set(uri, cached);
    }
    return cached.view;
  }

  /**
   * A document's predicted facts: the current version's when predicted (or when nothing was yet),
   * else the last prediction's moved to the current text, with the current version's prediction
   * waiting for a pause (PREDICT_IDLE_MS).
   */
  private predictedFacts(uri: string, file: string | undefined, doc: { version: number; text: string; tree: Tree; treeText: string; pkg: PackageContext }): EscapeFact[] {
    const last = this.predictions.last(uri);
    if (last?.version === doc.version) return this.predictions.factsFor({ uri, file, ...doc }, this.siblingsOf(uri, file));
    if (!last) {
      // Nothing to move yet: predicted now, unless that means reading a large package (opening
      // rewriteAMD64.go: 5 s, its 120 siblings parsed for their summaries); then at the first
      // pause, like later versions, and the editor asked for hints again.
      const siblings = this.siblingsOf(uri, file);
      const predicted = { uri, file, ...doc };
      if (this.predictions.pendingBytes(predicted, siblings) <= FIRST_PREDICTION_BYTES) return this.predictions.factsFor(predicted, siblings);
      this.predictAfterPause(uri);
      return [];
    }
    this.predictAfterPause(uri);
    return this.movedView(uri, `${last.version}>${doc.version}`, 'predicted', last.facts, last.text, doc.text).facts;
  }

  /**
   * Predicts once requests and analyses have paused for PREDICT_IDLE_MS. A timer that fires late
   * found the server busy, with messages perhaps still unread: that was no pause, so it waits again.
   */
  private predictAfterPause(uri: string): void {
    clearTimeout(this.predictTimers.get(uri));
    const armed = performance.now();
    this.predictTimers.set(uri, setTimeout(() => {
      if (performance.now() - armed > PREDICT_IDLE_MS + PREDICT_LATE_MS) this.predictAfterPause(uri);
      else this.predictNow(uri);
    }, PREDICT_IDLE_MS));
  }

  /**
   * Typing paused: predicts the document's current version and asks the editor for hints again
   * (when they changed). The package's other files are summarised first, PREDICT_SLICE_MS per turn
   * of the event loop, so that requests and edits are answered between them (opening
   * rewriteAMD64.go, 120 siblings: 2.4 s of parsing); an analysis meanwhile (an edit) stops it
   * until the next pause.
   */
  private predictNow(uri: string): void {
    this.predictTimers.delete(uri);
    if (this.disposed || this.predicting.has(uri)) return;
    const file = pathOf(uri);
    const doc = this.host.document(uri);
    if (!doc || this.sourceFor(file).kind !== 'predicted') return;
    const steps = this.predictions.siblingSummaries({ uri, file, ...doc }, this.siblingsOf(uri, file));
    const slice = (): void => {
      this.predicting.delete(uri);
      if (this.disposed) return;
      const until = performance.now() + PREDICT_SLICE_MS;
      do {
        if (steps.next().done) return this.predictCurrent(uri);
      } while (performance.now() < until);
      this.predicting.set(uri, setImmediate(slice));
    };
    slice();
  }

  /** The prediction of the document's current version (its siblings' summaries kept); the editor is asked for hints again if they changed. */
  private predictCurrent(uri: string): void {
    const file = pathOf(uri);
    const doc = this.host.document(uri);
    if (!doc || this.sourceFor(file).kind !== 'predicted') return;
    const before = this.predictions.last(uri)?.facts;
    const facts = this.predictions.factsFor({ uri, file, ...doc }, this.siblingsOf(uri, file));
    this.views.delete(uri);
    if (facts !== before) this.host.refresh();
  }

  /** A document was closed: its text, view and predictions go now (not at the next request). */
  closed(): void {
    this.prune();
  }

  /** The documents this service keeps state for (statistics): texts, views and predictions. */
  heldDocuments(): string[] {
    return [...new Set([...this.docs.keys(), ...this.views.keys(), ...this.predictions.uris()])];
  }

  dispose(): void {
    this.disposed = true;
    for (const st of this.packages.values()) clearTimeout(st.timer);
    for (const t of this.predictTimers.values()) clearTimeout(t);
    for (const t of this.predicting.values()) clearImmediate(t);
    this.scheduler.cancelAll();
  }

  private restart(): void {
    this.scheduler.cancelAll();
    this.queue.clear();
    this.views.clear();
    for (const dir of new Set([...this.docs.values()].map((d) => d.file && path.dirname(d.file)))) {
      if (dir && this.sourceIn(dir).kind === 'compiler') this.schedule(dir, 0);
    }
    this.host.refresh();
  }

  private async scheduleIfChanged(dir: string, st: PackageState, file: string, text: string): Promise<void> {
    // A buffer that equals its file and was not overlaid is what the last run read from disk.
    if (st.generation > 0 && !st.overlaid.has(file) && (await readText(file)) === text) return;
    this.schedule(dir, st.generation > 0 ? ESCAPE_IDLE_MS : 0);
  }

  private schedule(dir: string, delayMs: number): void {
    if (this.disposed) return;
    const st = this.state(dir);
    clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      st.timer = undefined;
      if (this.packages.get(dir) !== st || this.sourceIn(dir).kind !== 'compiler') return;
      const running = [...this.packages.values()].filter((p) => p.running).length;
      if (!st.running && running >= MAX_RUNS) this.queue.add(dir);
      else void this.launch(dir, st);
    }, delayMs);
  }

  private async launch(dir: string, st: PackageState): Promise<void> {
    const generation = ++st.generation;
    st.running = true;
    this.queue.delete(dir);
    const settings = this.host.settings();
    const goBinary = goBinaryOf(settings);
    const inputs = new Map<string, string>();
    for (const d of this.docs.values()) if (d.file?.endsWith('.go') && path.dirname(d.file) === dir) inputs.set(d.file, d.text);
    st.inputs = inputs;
    const overlay = new Map<string, string>();
    for (const [file, text] of inputs) if ((await readText(file)) !== text) overlay.set(file, text);
    if (st.generation !== generation || this.disposed || this.packages.get(dir) !== st) return;
    st.overlaid = new Set(overlay.keys());
    const progress = this.host.progress().then((p) => {
      p.begin('Go escape analysis', undefined, `go list -gcflags=-m=2 in ${dir}`, true);
      p.token.onCancellationRequested(() => { if (st.generation === generation) this.scheduler.cancel(dir); });
      return p;
    }, () => undefined);
    const run = await this.scheduler.run({ packageDir: dir, goBinary, overlay, timeoutMs: settings.escape.timeoutMs });
    void progress.then((p) => p?.done());
    if (!run || st.generation !== generation) return;
    st.running = false;
    this.pump();
    await this.finish(dir, st, generation, run, inputs, goBinary);
  }

  private pump(): void {
    for (const dir of [...this.queue]) {
      const st = this.packages.get(dir);
      this.queue.delete(dir);
      if (!st) continue;
      if ([...this.packages.values()].filter((p) => p.running).length >= MAX_RUNS) { this.queue.add(dir); return; }
      void this.launch(dir, st);
    }
  }

  private async finish(dir: string, st: PackageState, generation: number, run: EscapeRun, inputs: Map<string, string>, goBinary: string): Promise<void> {
    if (run.outcome === 'cancelled') return;
    const mode = this.host.settings().escape.mode;
    const timeoutMs = this.host.settings().escape.timeoutMs;
    if (run.outcome === 'ok') {
      const facts = new Map<string, EscapeFact[]>();
      for (const f of run.facts) facts.set(f.file, [...(facts.get(f.file) ?? []), f]);
      const texts = new Map(inputs);
      for (const file of facts.keys()) {
        if (texts.has(file)) continue;
        const text = await readText(file);
        if (text !== undefined) texts.set(file, text);
      }
      if (!st.result || st.result.generation < generation) st.result = { generation, facts, texts };
      st.timedOut = false;
      this.told.delete(`broken:${dir}`);
    } else if (run.outcome === 'failed') {
      this.tellOnce(`broken:${dir}`, 'warning', `Go OOM Lens: escape analysis of ${dir}: ${run.message}. The escape hints keep the last compiler results until the package compiles again.`);
    } else if (run.outcome === 'go-not-found') {
      this.missingGo.add(goBinary);
      this.tellOnce(`missing:${goBinary}`, 'warning', mode === 'auto'
        ? `Go OOM Lens: ${run.message}. Escape hints are predicted from the source instead.`
        : `Go OOM Lens: ${run.message}. No compiler escape hints until it can run (or set goOomLens.escape.mode to "predicted").`);
    } else if (run.outcome === 'timeout') {
      if (mode === 'auto') st.timedOut = true;
      this.tellOnce(`timeout:${dir}`, 'warning', mode === 'auto'
        ? `Go OOM Lens: go did not finish the escape analysis of ${dir} within ${timeoutMs} ms and was stopped. Escape hints for this package are predicted from the source instead (goOomLens.escape.timeoutMs sets the limit).`
        : `Go OOM Lens: go did not finish the escape analysis of ${dir} within ${timeoutMs} ms and was stopped; it runs again after the next save (goOomLens.escape.timeoutMs sets the limit).`);
    }
    this.host.log(`escape analysis of ${dir}: ${run.outcome}: ${run.message} (${run.durationMs} ms)`);
    this.host.runLog({
      packageDir: dir,
      command: run.command.map((a) => (a.startsWith('-overlay=') ? '-overlay=…' : a)),
      overlay: [...st.overlaid],
      outcome: run.outcome,
      message: run.message,
      log: run.log,
      durationMs: run.durationMs,
    });
    this.host.refresh();
  }

  private state(dir: string): PackageState {
    let st = this.packages.get(dir);
    if (!st) {
      st = { generation: 0, running: false, inputs: new Map(), overlaid: new Set(), timedOut: false };
      this.packages.set(dir, st);
    }
    return st;
  }

  /** The open documents of the file's package directory; a sibling's tree is read (parsed) only when its summary must be computed. */
  private siblingsOf(uri: string, file: string | undefined): PredictedDoc[] {
    if (!file) return [];
    const dir = path.dirname(file);
    const out: PredictedDoc[] = [];
    for (const d of this.docs.values()) {
      if (d.uri === uri || !d.file || path.dirname(d.file) !== dir) continue;
      const doc = this.host.document(d.uri);
      if (doc) out.push({ uri: d.uri, file: d.file, version: doc.version, text: doc.text, pkg: doc.pkg, get tree() { return doc.tree; }, get treeText() { return doc.treeText; } });
    }
    return out;
  }

  /** Forgets closed documents; a package with no open document left stops its run. */
  private prune(): void {
    for (const uri of [...this.docs.keys()]) {
      if (this.host.isOpen(uri)) continue;
      this.docs.delete(uri);
      this.views.delete(uri);
      clearTimeout(this.predictTimers.get(uri));
      this.predictTimers.delete(uri);
      clearImmediate(this.predicting.get(uri));
      this.predicting.delete(uri);
      this.predictions.forget(uri);
    }
    const dirs = new Set([...this.docs.values()].map((d) => d.file && path.dirname(d.file)));
    for (const [dir, st] of this.packages) {
      if (dirs.has(dir)) continue;
      clearTimeout(st.timer);
      if (st.running) this.scheduler.cancel(dir);
      this.queue.delete(dir);
      this.packages.delete(dir);
    }
  }

  private tellOnce(key: string, level: 'warning' | 'info', message: string): void {
    this.host.log(message);
    if (this.told.has(key)) return;
    this.told.add(key);
    this.host.tell(level, message);
  }
}

function escapeSettingsKey(s: Settings): string {
  return JSON.stringify([s.escape, goBinaryOf(s)]);
}

/** The go binary the settings name: `goOomLens.goPath`, else `go` on the PATH or in a standard install location. */
export function goBinaryOf(s: Settings): string {
  const named = s.goPath.trim();
  if (named) return named;
  const pathVar = process.env.PATH ?? '';
  if (foundGo?.pathVar !== pathVar) foundGo = { pathVar, go: findGo() };
  return foundGo.go;
}

/** findGo's answer for the PATH it saw (the PATH rarely changes; a missing go is probed again after a restart). */
let foundGo: { pathVar: string; go: string } | undefined;

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
