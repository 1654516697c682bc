// Runs one directory unit where `check` put it (the main thread with --jobs 1, else a worker thread):
// looks a unit's result up in the cache (main thread), or reads, parses and analyses it and stores the
// result. The Go parser (WASM) is only loaded by the first unit the cache cannot answer.
import type { Parser } from 'web-tree-sitter';
import { createGoParser } from '../parser';
import { unitKey } from './cacheKey';
import { briefError, checkUnit, readUnit, type UnitOptions, type UnitResult } from './checkUnit';
import type { DirUnit } from './collect';
import { readGoBytes, type ReadBuffer } from './readGoSource';
import { ResultCache } from './resultCache';

/** What a runner needs to use the cache: its directory and the key part shared by the whole run. */
export interface CacheSetup { dir: string; runKey: string }

export interface UnitOutcome {
  result: UnitResult;
  /** True when the result came from the cache. */
  cached: boolean;
  /** Bytes written to the cache for this unit. */
  stored: number;
  /** Seconds the thread spent reading, analysing and storing this unit (0 for a cache hit). */
  busySeconds: number;
}

/** Thrown when the Go parser cannot be loaded: every other unit would fail the same way. */
export class ParserUnavailable extends Error {}

/** Checks units one after another with one lazily created parser. */
export class UnitRunner {
  private parser: Promise<Parser> | undefined;
  private readonly readBuffer: ReadBuffer = { buffer: new Uint8Array(1024 * 1024) };
  private readonly cache: { store: ResultCache; runKey: string } | undefined;

  constructor(private readonly options: UnitOptions, cache?: CacheSetup) {
    this.cache = cache && { store: new ResultCache(cache.dir), runKey: cache.runKey };
  }

  /** The unit's cached result, when the cache holds one for the files as they are now. */
  lookup(unit: DirUnit): UnitResult | undefined {
    if (!this.cache) return undefined;
    // One file at a time through one buffer: the bytes are only hashed, and a warm run reads them all.
    const reuse = this.readBuffer;
    const max = this.options.maxFileBytes;
    const sources = (function* () {
      for (const ref of unit.files) yield { ref, read: readGoBytes(ref.abs, max, reuse) };
    })();
    return this.cache.store.get(unitKey(this.cache.runKey, sources));
  }

  /** Analyses the unit and stores the result under the key of the bytes it analysed. */
  async analyse(unit: DirUnit): Promise<UnitOutcome> {
    const parser = await this.loadParser();
    const started = performance.now();
    const sources = readUnit(unit, this.options.maxFileBytes);
    const result = checkUnit(parser, sources, this.options);
    // A failure of the analyser is never stored: it must show (and exit 2) on every run.
    const stored = this.cache && result.internalErrors.length === 0 ? this.cache.store.put(unitKey(this.cache.runKey, sources), result) : 0;
    return { result, cached: false, stored, busySeconds: (performance.now() - started) / 1000 };
  }

  /** Frees the parser, if one was loaded. */
  async dispose(): Promise<void> {
    const parser = this.parser;
    this.parser = undefined;
    if (parser) (await parser.catch(() => undefined))?.delete();
  }

  private loadParser(): Promise<Parser> {
    this.parser ??= createGoParser().catch((e: unknown) => {
      throw new ParserUnavailable(`cannot load the Go parser: ${briefError(e)}`, { cause: e });
    });
    return this.parser;
  }
}
