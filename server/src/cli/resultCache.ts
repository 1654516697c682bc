// The result cache of `go-oom-lens check`: one file per directory result, named by its key, under the
// user cache directory. Writes go to a temporary file in the same directory and are renamed into
// place, so concurrent runs never see half an entry; a failure to read or write only costs speed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { parseMemorySize } from '../settings';
import { decodeEntry, encodeEntry } from './cacheEntry';
import type { UnitResult } from './checkUnit';

/** Entries live in this subdirectory of the cache root; a new entry format gets a new name. */
const entriesDir = 'check-v1';
const tmpPrefix = '.tmp-';
/** Default bound on the entries' total size. */
export const defaultCacheBytes = 200 * 1024 * 1024;
/** A hit refreshes an entry's mtime (what eviction orders by) at most this often. */
const touchAfterMs = 60 * 60 * 1000;

/** Where the cache is and how large it may grow; `warning` names a setting that was not understood. */
export interface CacheSettings { dir: string; maxBytes: number; warning?: string }

/**
 * The cache settings from the environment: `GO_OOM_LENS_CACHE=off` disables it, another value is the
 * cache root; otherwise the user cache directory's `go-oom-lens` folder, as Go's os.UserCacheDir finds
 * it. `GO_OOM_LENS_CACHE_MAX` bounds its size (e.g. 50MiB).
 */
export function cacheSettings(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): CacheSettings | undefined {
  const given = env.GO_OOM_LENS_CACHE;
  if (given === 'off') return undefined;
  const root = given ? path.resolve(given) : userCacheDir(env, platform);
  if (root === undefined) return undefined;
  const dir = path.join(root, given ? '' : 'go-oom-lens', entriesDir);
  const maxText = env.GO_OOM_LENS_CACHE_MAX;
  if (!maxText) return { dir, maxBytes: defaultCacheBytes };
  const max = parseMemorySize(maxText);
  if (max !== undefined) return { dir, maxBytes: max };
  return { dir, maxBytes: defaultCacheBytes, warning: `GO_OOM_LENS_CACHE_MAX must be a size such as 200MiB or 50MB (got '${maxText}'); the cache keeps to 200 MiB` };
}

/** `%LocalAppData%`, `~/Library/Caches`, or `$XDG_CACHE_HOME` else `~/.cache`; undefined when none is known. */
export function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const absolute = (p: string | undefined): string | undefined => (p && path.isAbsolute(p) ? p : undefined);
  const home = absolute(env.HOME) ?? absolute(safeHomedir());
  if (platform === 'win32') return absolute(env.LOCALAPPDATA);
  if (platform === 'darwin') return home && path.join(home, 'Library', 'Caches');
  return absolute(env.XDG_CACHE_HOME) ?? (home && path.join(home, '.cache'));
}

function safeHomedir(): string | undefined {
  try {
    return os.homedir();
  } catch {
    return undefined;
  }
}

/** Reads and writes entries in one cache directory. */
export class ResultCache {
  constructor(readonly dir: string) {}

  /** The stored result for `key`, or undefined when there is none or it cannot be trusted. */
  get(key: string): UnitResult | undefined {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path.join(this.dir, key), 'r');
      const stat = fs.fstatSync(fd);
      const result = decodeEntry(fs.readFileSync(fd, 'utf8'), key);
      if (result && Date.now() - stat.mtimeMs > touchAfterMs) touch(fd);
      return result;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Stores `result` under `key`; resolves to the bytes written (0 when the write failed). */
  put(key: string, result: UnitResult): number {
    const text = encodeEntry(key, result);
    const tmp = path.join(this.dir, `${tmpPrefix}${process.pid}-${threadId}-${Math.random().toString(36).slice(2)}`);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, text, { flag: 'wx' });
      fs.renameSync(tmp, path.join(this.dir, key));
      return Buffer.byteLength(text);
    } catch {
      fs.rmSync(tmp, { force: true });
      return 0;
    }
  }
}

function touch(fd: number): void {
  try {
    const now = new Date();
    fs.futimesSync(fd, now, now);
  } catch {
    // a read-only cache still serves hits
  }
}

/**
 * Keeps the entries under `maxBytes`: when over, deletes the least recently used (by mtime) until a
 * quarter of the bound is free, so the next runs do not evict again at once. Temporary files left by
 * a killed run are removed after an hour. Called once at the end of a run that wrote entries.
 */
export function evictOverflow(dir: string, maxBytes: number): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const entries: Array<{ file: string; size: number; mtime: number }> = [];
  let total = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue; // removed by a concurrent run
    }
    if (name.startsWith(tmpPrefix)) {
      if (Date.now() - stat.mtimeMs > touchAfterMs) fs.rmSync(file, { force: true });
      continue;
    }
    entries.push({ file, size: stat.size, mtime: stat.mtimeMs });
    total += stat.size;
  }
  if (total <= maxBytes) return;
  entries.sort((a, b) => a.mtime - b.mtime);
  for (const e of entries) {
    if (total <= maxBytes * 0.75) break;
    try {
      fs.rmSync(e.file, { force: true });
      total -= e.size;
    } catch {
      // another process holds it (Windows); it goes next time
    }
  }
}
