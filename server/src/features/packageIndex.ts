// Package context for open documents: summaries of open siblings (kept up to date by the analysis)
// and of unopened `.go` files in the same directory with the same package clause (read from disk,
// parsed once, kept as summaries only — no trees).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import { packageContextFrom, packageContextWith, packageTables, summarizeFile, type FileSummary, type PackageContext, type PackageTables } from '../analysis/values/summaries';
import { packageClauseOf } from '../checkSources';
import { withOwnStrings } from './ownStrings';
import type { SummaryStore } from './summaryStore';

interface DiskEntry { mtimeMs: number; size: number; packageName: string; summary?: FileSummary; text?: string }

/**
 * How long a directory's listing and its files' stats are taken as current (ms). Rebuilding a
 * package's context while typing read the directory and statted every file each time (1–3 ms per
 * keystroke in ssa's 125 files); within this window they are read once. A file changed on disk is
 * seen at once when the editor reports it (didChangeWatchedFiles: `diskChanged`), else at the next
 * rebuild after the window.
 */
export const DISK_FRESH_MS = 1000;

interface Timed<T> { at: number; value: T | null }
interface Stat { isFile: boolean; mtimeMs: number; size: number }

/** Summaries by directory, and package contexts cached until a summary of that package changes. */
export class PackageIndex {
  private readonly disk = new Map<string, DiskEntry>();
  private readonly open = new Map<string, FileSummary>();
  private readonly contexts = new Map<string, PackageContext>();
  /**
   * Per open file, the tables of its package's other files, kept while those are the same summaries:
   * an edit that changes what the package sees of one file collects only that file again.
   */
  private readonly bases = new Map<string, { siblings: FileSummary[]; tables: PackageTables }>();
  /** Open documents whose summary is the one read from disk (setOpen), by file. */
  private readonly lent = new Map<string, FileSummary>();
  /** Files not open parsed for their summaries, and those read from the store (statistics). */
  readonly work = { filesSummarised: 0, summariesStored: 0 };
  /** Files on disk larger than this (goOomLens.maxFileSize) are not read. */
  maxFileBytes = 10 * 1024 ** 2;
  /** How long listings and stats are taken as current (tests: 0 reads them every time). */
  diskFreshMs = DISK_FRESH_MS;
  /** Directory listings and file stats read within the last `diskFreshMs`. */
  private readonly listings = new Map<string, Timed<string[]>>();
  private readonly stats = new Map<string, Timed<Stat>>();

  /** `store`: summaries kept across sessions (read before parsing a file that is not open). */
  constructor(private readonly parser: Parser, private readonly store?: SummaryStore) {}

  /**
   * Records (or replaces) the summary of an open document; drops cached contexts of its package
   * unless the summary is the object they were built from: the one already recorded, or the one
   * read from disk (a document opened as it is saved), which the open document then owns — its
   * lines move with the edits — until it is closed unedited.
   */
  setOpen(file: string, summary: FileSummary): void {
    const disk = this.disk.get(file);
    const same = this.open.get(file) === summary || (disk?.summary !== undefined && disk.summary === summary);
    if (disk?.summary === summary) {
      disk.summary = undefined;
      this.lent.set(file, summary);
    }
    this.open.set(file, summary);
    if (!same) this.contexts.delete(contextKey(file, summary.packageName));
  }

  /**
   * Replaces an open document's summary where only calls and uses the package context never asks
   * about changed: cached contexts stay (they answer the same).
   */
  replaceOpen(file: string, summary: FileSummary): void {
    this.open.set(file, summary);
  }

  /**
   * Forgets an open document (its disk version is used again). `edited`: the document changed
   * since it was opened. True when what its package's other files see changed; a document closed
   * unedited that was opened as saved gives its summary back to the disk's entry, and nothing changes.
   */
  closeOpen(file: string, edited: boolean): boolean {
    const s = this.open.get(file);
    const lent = this.lent.get(file);
    this.bases.delete(file);
    this.open.delete(file);
    this.lent.delete(file);
    if (!s) return false;
    const disk = this.disk.get(file);
    if (!edited && lent === s && disk && !disk.summary) {
      disk.summary = s;
      return false;
    }
    // One file read and parsed spares the package's open files an analysis when the file is as saved.
    const saved = this.diskSummary(file, s.packageName, true);
    if (saved && identicalSummary(saved, s)) return false;
    this.contexts.delete(contextKey(file, s.packageName));
    return true;
  }

  /** Forgets what is known about a file on disk (it changed, was created or deleted). */
  diskChanged(file: string): void {
    this.disk.delete(file);
    this.stats.delete(file);
    this.listings.delete(path.dirname(file));
    for (const key of [...this.contexts.keys()]) if (key.startsWith(`${path.dirname(file)}\0`)) this.contexts.delete(key);
  }

  /** The package context of an open file: its own summary plus its package's other files. */
  contextFor(file: string | undefined, own: FileSummary): PackageContext {
    if (!file) return packageContextFrom([own]);
    const key = contextKey(file, own.packageName);
    let ctx = this.contexts.get(key);
    if (!ctx) {
      const siblings = this.siblingSummaries(file, own.packageName);
      let base = this.bases.get(file);
      if (!base || base.siblings.length !== siblings.length || base.siblings.some((x, i) => x !== siblings[i])) {
        base = { siblings, tables: packageTables(siblings) };
        this.bases.set(file, base);
      }
      ctx = packageContextWith(base.tables, own, siblings[0]?.packageName ?? own.packageName);
      this.contexts.set(key, ctx);
    }
    return ctx;
  }

  /** What siblings currently see of a file: its open summary, else the one read from disk (if read). */
  knownSummary(file: string): FileSummary | undefined {
    return this.open.get(file) ?? this.disk.get(file)?.summary;
  }

  /** Open files (other than `file`) of the same directory and package. */
  openSiblings(file: string, packageName: string): string[] {
    const dir = path.dirname(file);
    return [...this.open.entries()].filter(([f, s]) => f !== file && path.dirname(f) === dir && s.packageName === packageName).map(([f]) => f);
  }

  private siblingSummaries(file: string, packageName: string): FileSummary[] {
    const dir = path.dirname(file);
    const out: FileSummary[] = [];
    const names = this.goFilesIn(dir);
    const seen = new Set<string>();
    for (const name of names) {
      const f = path.join(dir, name);
      if (f === file) continue;
      seen.add(f);
      const open = this.open.get(f);
      if (open) {
        if (open.packageName === packageName) out.push(open);
        continue;
      }
      const s = this.diskSummary(f, packageName);
      if (s) out.push(s);
    }
    // Open but unsaved new files in the same directory.
    for (const [f, s] of this.open) if (!seen.has(f) && f !== file && path.dirname(f) === dir && s.packageName === packageName) out.push(s);
    return out;
  }

  /** The `.go` names in a directory (none when it cannot be read), read at most once per `diskFreshMs`. */
  private goFilesIn(dir: string): string[] {
    return this.fresh(this.listings, dir, 256, false, () => {
      try {
        return fs.readdirSync(dir).filter((n) => n.endsWith('.go'));
      } catch {
        return [];
      }
    }) ?? [];
  }

  /** A file's stat (null: none), taken at most once per `diskFreshMs` unless `fresh`. */
  private statOf(file: string, fresh: boolean): Stat | null {
    return this.fresh(this.stats, file, 4096, fresh, () => {
      try {
        const st = fs.statSync(file);
        return { isFile: st.isFile(), mtimeMs: st.mtimeMs, size: st.size };
      } catch {
        return null;
      }
    });
  }

  /**
   * `read(key)`'s value as read within the last `diskFreshMs` (unless `now`); `cache` keeps the last
   * `bound` keys read. A null value (nothing there) is read again each time.
   */
  private fresh<T>(cache: Map<string, Timed<T>>, key: string, bound: number, now: boolean, read: () => T | null): T | null {
    const at = performance.now();
    const known = cache.get(key);
    if (!now && known && known.value !== null && at - known.at < this.diskFreshMs) return known.value;
    const value = read();
    cache.set(key, { at, value });
    if (cache.size > bound) cache.delete(cache.keys().next().value!);
    return value;
  }

  private diskSummary(file: string, packageName: string, fresh = false): FileSummary | undefined {
    const stat = this.statOf(file, fresh);
    // A directory, FIFO or device named `.go` is not read (a FIFO would block), nor is a huge file.
    if (!stat || !stat.isFile || stat.size > this.maxFileBytes) return undefined;
    let entry = this.disk.get(file);
    if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
      const text = readText(file);
      if (text === undefined) return undefined;
      entry = { mtimeMs: stat.mtimeMs, size: stat.size, packageName: packageClauseOf(text), text };
      this.disk.set(file, entry);
    }
    if (entry.packageName === packageName && !entry.summary) {
      const text = entry.text ?? readText(file);
      entry.summary = text === undefined ? undefined : this.store?.get(file, text);
      if (entry.summary) this.work.summariesStored++;
      const tree = text === undefined || entry.summary ? null : this.parser.parse(text);
      if (tree) {
        try {
          entry.summary = summaryOf(file, tree);
          this.work.filesSummarised++;
          this.store?.put(file, text!, entry.summary);
        } finally {
          tree.delete();
        }
      }
    }
    entry.text = undefined;
    if (entry.packageName !== packageName) return undefined;
    return entry.summary;
  }
}

/** A file's summary holding no part of the file's text (which it would keep alive: a file not open, an old version). */
export function summaryOf(file: string, tree: Tree): FileSummary {
  return withOwnStrings(summarizeFile(file, tree));
}

/** The same declarations, calls and uses on the same lines (summaries are plain data). */
export function identicalSummary(a: FileSummary, b: FileSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function contextKey(file: string, packageName: string): string {
  return `${path.dirname(file)}\0${packageName}`;
}
