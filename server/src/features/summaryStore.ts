// Package summaries of files that are not open, kept across server sessions: opening a file in a
// large package (cmd/compile's ssa: 124 other files, 8.5 MB) parses and summarises all of them,
// seconds with the server blocked; the next session reads their summaries instead. One file per
// summary under the user cache directory (the CLI's result cache's root, GO_OOM_LENS_CACHE=off
// disables both), keyed by the analyser's build, the file's path and its text. Each entry carries
// the checksum of its body: an entry that is not whole, or is for another key, is not trusted (the
// file is summarised again and the entry overwritten). Writes go to a temporary file renamed into
// place, so concurrent sessions never read half an entry; a failure to read or write only costs speed.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileSummary } from '../analysis/values/summaries';
import { analyserFingerprint } from '../cli/cacheKey';
import { cacheSettings, evictOverflow } from '../cli/resultCache';

const tag = 'go-oom-lens-summary/1';
/** Entries live in this folder beside the CLI's; a new entry format gets a new name. */
const entriesDir = 'summaries-v1';
/** The bound on the entries' total size is checked at most this often while entries are written. */
const evictEveryMs = 60_000;
/** The bound on the entries' total size (GO_OOM_LENS_CACHE_MAX lowers it): ssa's 124 files take 7.6 MB. */
const defaultMaxBytes = 100 * 1024 * 1024;

export class SummaryStore {
  private lastEviction = 0;

  /** `fingerprint`: the analyser's build (summaries of another build are never read). */
  constructor(readonly dir: string, private readonly fingerprint: string, private readonly maxBytes = defaultMaxBytes) {}

  /** The store the environment asks for (undefined when the cache is off, or the build cannot be fingerprinted). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env, distDir: string = __dirname): SummaryStore | undefined {
    const settings = cacheSettings(env);
    const fingerprint = settings && analyserFingerprint(distDir, ['server.js', 'tree-sitter.wasm', 'tree-sitter-go.wasm']);
    if (!settings || !fingerprint) return undefined;
    return new SummaryStore(path.join(path.dirname(settings.dir), entriesDir), fingerprint, Math.min(defaultMaxBytes, settings.maxBytes));
  }

  /** The stored summary of `file` with this text, or undefined when there is none to trust. */
  get(file: string, text: string): FileSummary | undefined {
    const key = this.keyOf(file, text);
    let data: string;
    try {
      data = fs.readFileSync(path.join(this.dir, key), 'utf8');
    } catch {
      return undefined;
    }
    const newline = data.indexOf('\n');
    if (newline < 0) return undefined;
    const [entryTag, entryKey, checksum] = data.slice(0, newline).split(' ');
    const body = data.slice(newline + 1);
    if (entryTag !== tag || entryKey !== key || checksum !== sha256(body)) return undefined;
    try {
      const summary = JSON.parse(body, revive) as FileSummary;
      return summary && typeof summary === 'object' && summary.path === file ? summary : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores the summary of `file` with this text (plain data, written as JSON: fields set to undefined are left out, as when summaries are compared). */
  put(file: string, text: string, summary: FileSummary): void {
    const key = this.keyOf(file, text);
    let body: string;
    try {
      body = JSON.stringify(summary, replace);
    } catch {
      return; // not plain data: not stored
    }
    const tmp = path.join(this.dir, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, `${tag} ${key} ${sha256(body)}\n${body}`, { flag: 'wx' });
      fs.renameSync(tmp, path.join(this.dir, key));
    } catch {
      fs.rmSync(tmp, { force: true });
      return;
    }
    if (Date.now() - this.lastEviction > evictEveryMs) {
      this.lastEviction = Date.now();
      evictOverflow(this.dir, this.maxBytes);
    }
  }

  private keyOf(file: string, text: string): string {
    return createHash('sha256').update(`${this.fingerprint}\0${file.length}:${file}\0`).update(text).digest('hex');
  }
}

/** Constant values are big integers, which JSON has not: they are written as `{"bigint": "16"}`. */
function replace(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { bigint: value.toString() } : value;
}

function revive(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const big = (value as { bigint?: unknown }).bigint;
  return keys.length === 1 && typeof big === 'string' && /^-?\d+$/.test(big) ? BigInt(big) : value;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
