// What a cached unit result depends on, hashed into its key: the analyser's build, the options that
// change findings, and every file of the directory (name, whether it is reported, and its bytes), so
// that an edit to one file invalidates the results of all its package peers.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReadSource, UnitOptions } from './checkUnit';
import { packageInfo } from './packageInfo';

/** The bundle's files whose code or grammar decides the findings (dist/ as esbuild writes it). */
const analyserFiles = ['cli.js', 'cliWorker.js', 'tree-sitter.wasm', 'tree-sitter-go.wasm'];

/**
 * A hash of the analyser as built: the version, Node's (regular expressions and Unicode tables come
 * from it) and the bundle's own bytes, so a rebuilt analysis never reads results of an older one.
 * Undefined when not running from the bundle (the tsc output has no single file to hash). `files`:
 * the bundle's files to hash (the language server's are not the CLI's).
 */
export function analyserFingerprint(distDir: string = __dirname, files: readonly string[] = analyserFiles): string | undefined {
  const hash = createHash('sha256').update(`go-oom-lens ${packageInfo().version} node ${process.version}\n`);
  for (const name of files) {
    try {
      const data = fs.readFileSync(path.join(distDir, name));
      hash.update(`${name}\0`).update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex');
}

/** The part of every key this run shares: the analyser's fingerprint and the options that change findings. */
export function runKey(fingerprint: string, options: UnitOptions): string {
  return JSON.stringify({
    fingerprint,
    rules: options.rules === undefined ? null : [...options.rules].sort(),
    minSeverity: options.minSeverity ?? 'warning',
    maxFileBytes: options.maxFileBytes ?? null,
  });
}

/** The key of one directory's result: the run's key and each file's path, role and bytes (or why it was unreadable). */
export function unitKey(run: string, sources: Iterable<ReadSource>): string {
  const hash = createHash('sha256').update(run);
  for (const { ref, read } of sources) {
    // Lengths frame every field, so no two different units hash the same input.
    const content = 'data' in read ? read.data : new TextEncoder().encode(read.problem);
    hash.update(`\n${ref.display.length}:${ref.display}:${ref.report ? 'report' : 'context'}:${'data' in read ? 'bytes' : 'problem'}:${content.length}:`);
    hash.update(content);
  }
  return hash.digest('hex');
}
