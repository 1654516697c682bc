// Runs the built CLI (dist/cli.js) as a child process, without a shell, on temporary Go trees.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

export const repoRoot = path.resolve(__dirname, '../../..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliRun { code: number | null; stdout: string; stderr: string }

/**
 * Runs `node dist/cli.js …args` in `cwd` and resolves when the process has closed its streams. The
 * result cache lives in a temporary directory of this test file unless `env` says otherwise.
 */
export function runCli(args: readonly string[], cwd: string = repoRoot, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, NO_COLOR: '1', GO_OOM_LENS_CACHE: testCacheDir(), ...env };
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Files of a temporary tree: relative path → content (bytes for exact content). */
export type Tree = Record<string, string | Uint8Array>;

/** Exact bytes: strings are UTF-8 encoded, number arrays are raw bytes. */
export function bytes(...parts: Array<string | number[]>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

let cacheDir: string | undefined;

/** The result cache directory the runs of this test file share (never the user's own cache). */
export function testCacheDir(): string {
  cacheDir ??= makeTree({});
  return cacheDir;
}

/** Writes the tree under a fresh temporary directory (removed after the test file) and returns it. */
export function makeTree(files: Tree): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-cli-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

/** Go source with tabs: lines joined by newlines. */
export function go(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A loop whose step is the literal 0: a certain `zero-step-loop` error on the `for` line. */
export const zeroStepPackage = (pkg: string): string =>
  go(`package ${pkg}`, '', 'func Spin() {', '\tfor i := 0; i < 10; i += 0 {', '\t}', '}');

/** A loop whose step is a parameter that nothing guards: a `zero-step-loop` warning, not an error. */
export const paramStepPackage = (pkg: string): string =>
  go(`package ${pkg}`, '', 'func Walk(n, step int) int {', '\ts := 0', '\tfor i := 0; i < n; i += step {', '\t\ts += i', '\t}', '\treturn s', '}');

/** Code with nothing to report. */
export const cleanPackage = (pkg: string): string =>
  go(`package ${pkg}`, '', 'func Sum(xs []int) int {', '\ts := 0', '\tfor i := 0; i < len(xs); i++ {', '\t\ts += xs[i]', '\t}', '\treturn s', '}');

export interface JsonFinding {
  file: string; line: number; column: number; endLine: number; endColumn: number;
  rule: string; severity: string; message: string;
  related: Array<{ file: string; line: number; column: number; message: string }>;
}

/** Parses `--format json` output, asserting nothing about it. */
export function parseJson(stdout: string): { version: number; findings: JsonFinding[] } {
  return JSON.parse(stdout) as { version: number; findings: JsonFinding[] };
}
