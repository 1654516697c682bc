// Predicted escape facts for open documents (no toolchain, an untrusted workspace, or
// `goOomLens.escape.mode: predicted`): the predictor runs on the document's tree with its package's
// declarations and the escape summaries of its package's other files — open ones from their
// trees, the rest parsed once from disk and kept as summaries (no trees).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import type { PackageContext } from '../analysis/values/summaries';
import { packageClauseOf } from '../checkSources';
import { hostTarget, isBuiltFile } from '../escape/goFiles';
import { moduleGoVersionSync } from '../escape/goToolchain';
import { answersHold, recordingPackage, type PackageAnswers } from '../analysis/values/packageReads';
import { IncrementalPredictor } from '../escape/predictIncremental';
import { summarizeEscapes, type FuncEscapeSummary } from '../escape/predictSummary';
import type { EscapeFact } from '../escape/types';
import { withOwnStrings } from './ownStrings';

/** An open document as the predictor needs it. */
export interface PredictedDoc {
  uri: string;
  /** File-system path; undefined for untitled documents. */
  file: string | undefined;
  version: number;
  tree: Tree;
  /** The document's text (facts are moved between versions by it). */
  text: string;
  /** The text the tree was parsed from: the document's, with declarations parsed as blank as spaces. */
  treeText: string;
  pkg: PackageContext;
}

/**
 * One file's escape summaries: the file's version (key), what they read of the package, the last
 * context known to answer alike, and a serial number.
 */
interface Summaries { key: string; funcs: FuncEscapeSummary[]; answers: PackageAnswers; checked: PackageContext; id: number }

/** One of the package's other files: the key its summaries are kept under, its size, and how to summarise it against a context. */
interface SiblingSource { file: string; key: string; bytes: number; summarise: (pkg: PackageContext) => FuncEscapeSummary[] }

/** Incremental predictors (each holds its document's work and its package's function index) kept for the documents used last. */
const KEPT_PREDICTORS = 4;

export class EscapePredictions {
  private readonly facts = new Map<string, { version: number; text: string; pkg: PackageContext; siblings: string; goVersion?: string; facts: EscapeFact[] }>();
  /** Per document: the last prediction's per-declaration work, reused for the declarations an edit left alone. */
  private readonly predictors = new Map<string, IncrementalPredictor>();
  private readonly summaries = new Map<string, Summaries>();
  private computed = 0;
  private readonly goVersions = new Map<string, string | undefined>();
  private readonly target = hostTarget();

  constructor(private readonly parser: Parser) {}

  /** The predicted facts of a document; `open` are the open documents (any package). */
  factsFor(doc: PredictedDoc, open: readonly PredictedDoc[]): EscapeFact[] {
    const siblings = this.siblingFuncs(doc, open);
    const goVersion = doc.file ? this.goVersion(path.dirname(doc.file)) : undefined;
    const cached = this.facts.get(doc.uri);
    if (cached && cached.version === doc.version && cached.pkg === doc.pkg && cached.siblings === siblings.key && cached.goVersion === goVersion) return cached.facts;
    const predictor = this.predictors.get(doc.uri) ?? new IncrementalPredictor();
    // The documents predicted last keep their predictor (most recent last in the map); another starts afresh, with the same facts.
    this.predictors.delete(doc.uri);
    this.predictors.set(doc.uri, predictor);
    for (const uri of [...this.predictors.keys()].slice(0, -KEPT_PREDICTORS)) this.predictors.delete(uri);
    const facts = predictor.predict({ path: doc.file ?? doc.uri, tree: doc.tree, text: doc.treeText }, {
      pkg: doc.pkg, funcs: siblings.funcs, goVersion, goos: this.target.goos, goarch: this.target.goarch,
    }, siblings.key);
    this.facts.set(doc.uri, { version: doc.version, text: doc.text, pkg: doc.pkg, siblings: siblings.key, goVersion, facts });
    return facts;
  }

  /**
   * Roughly how much a prediction of `doc` would read now: its text, and the package's other files
   * whose escape summaries are not kept (each is parsed for them). Bytes; a first prediction above
   * FIRST_PREDICTION_BYTES waits for a pause (escapeService.ts).
   */
  pendingBytes(doc: PredictedDoc, open: readonly PredictedDoc[]): number {
    let bytes = doc.text.length;
    for (const s of this.siblingSources(doc, open)) {
      if (s && this.summaries.get(s.file)?.key !== s.key) bytes += s.bytes;
    }
    return bytes;
  }

  /** The documents with cached predictions (statistics). */
  uris(): string[] {
    return [...new Set([...this.facts.keys(), ...this.predictors.keys()])];
  }

  /** The last prediction made for a document: its version, that version's text, and its facts. */
  last(uri: string): { version: number; text: string; facts: EscapeFact[] } | undefined {
    return this.facts.get(uri);
  }

  /** Forgets what is cached for a closed document. */
  forget(uri: string): void {
    this.facts.delete(uri);
    this.predictors.delete(uri);
  }

  /** The escape summaries of the package's other files, with a key that changes when they do. */
  private siblingFuncs(doc: PredictedDoc, open: readonly PredictedDoc[]): { key: string; funcs: FuncEscapeSummary[] } {
    const keys: string[] = [];
    const funcs: FuncEscapeSummary[] = [];
    for (const s of this.siblingSummaries(doc, open)) {
      if (!s) continue;
      keys.push(`${s.key}#${s.id}`);
      funcs.push(...s.funcs);
    }
    return { key: keys.join('\0'), funcs };
  }

  /**
   * The package's other files' escape summaries, one file at a time (each computed, or taken from
   * those kept, when the generator is resumed for it), so that a caller can spread the parses of a
   * large package over several turns of the event loop. They are kept: a prediction after the last
   * one only reads them.
   */
  *siblingSummaries(doc: PredictedDoc, open: readonly PredictedDoc[]): Generator<Summaries | undefined, void, void> {
    for (const s of this.siblingSources(doc, open)) yield s && this.cached(s.file, s.key, doc.pkg, s.summarise);
  }

  /**
   * The package's other files (the open ones as open, the others as on disk), each with the key its
   * summaries are kept under, its size and how to summarise it; undefined for a file that cannot
   * be read as Go source of this package's kind (not a regular file, or above 10 MB).
   */
  private *siblingSources(doc: PredictedDoc, open: readonly PredictedDoc[]): Generator<SiblingSource | undefined, void, void> {
    if (!doc.file) return;
    const dir = path.dirname(doc.file);
    const openHere = new Map(open.filter((o) => o.file && o.uri !== doc.uri && path.dirname(o.file) === dir).map((o) => [o.file!, o]));
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.go'));
    } catch { /* a deleted directory: no siblings */ }
    const files = new Set([...names.map((n) => path.join(dir, n)), ...openHere.keys()]);
    files.delete(doc.file);
    for (const file of files) {
      const o = openHere.get(file);
      yield o ? this.openSource(o, doc.pkg) : this.diskSource(file, doc.pkg);
    }
  }

  private openSource(o: PredictedDoc, pkg: PackageContext): SiblingSource | undefined {
    if (o.pkg.packageName !== pkg.packageName) return undefined;
    return { file: o.file!, key: `${o.uri}@${o.version}`, bytes: o.text.length, summarise: (p) => withOwnStrings(summarizeEscapes(o.tree, p)) };
  }

  private diskSource(file: string, pkg: PackageContext): SiblingSource | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    // Only regular files of a sane size: a FIFO would block the server, a huge file its memory.
    if (!stat.isFile() || stat.size > 10 * 1024 * 1024) return undefined;
    return { file, key: `${file}@${stat.mtimeMs}:${stat.size}`, bytes: stat.size, summarise: (p) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      if (!isBuiltFile(path.basename(file), text, this.target) || packageClauseOf(text) !== pkg.packageName) return [];
      const tree = this.parser.parse(text);
      if (!tree) return [];
      try {
        return withOwnStrings(summarizeEscapes(tree, p));
      } finally {
        tree.delete();
      }
    } };
  }

  /**
   * Summaries are computed against a package context; they are kept while the file is the same and
   * every question they asked of the context is answered alike (lines moved, calls changed, or a
   * declaration they never named came and went).
   */
  private cached(file: string, key: string, pkg: PackageContext, compute: (pkg: PackageContext) => FuncEscapeSummary[]): Summaries {
    const seen = this.summaries.get(file);
    // Asked again only of a context they were not checked against yet (each request would otherwise).
    if (seen && seen.key === key && (seen.checked === pkg || answersHold(seen.answers, pkg))) {
      seen.checked = pkg;
      return seen;
    }
    const answers: PackageAnswers = new Map();
    const funcs = compute(recordingPackage(pkg, () => answers)!);
    // The same summaries as before keep their objects and id, so the predictor sees nothing new.
    const same = seen && JSON.stringify(seen.funcs) === JSON.stringify(funcs);
    const s = same ? { ...seen, key, answers, checked: pkg } : { key, funcs, answers, checked: pkg, id: ++this.computed };
    this.summaries.set(file, s);
    return s;
  }

  /** The module's Go version (go.mod), read once per directory (at once: a prediction without it would be made again in full). */
  private goVersion(dir: string): string | undefined {
    if (!this.goVersions.has(dir)) this.goVersions.set(dir, moduleGoVersionSync(dir));
    return this.goVersions.get(dir);
  }
}
