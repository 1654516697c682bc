// Runs the real Go compiler's escape analysis for one package directory.
// `go list -export -gcflags=-m=2 .` compiles exactly that package (the flags apply only to the
// packages named on the command line, not to dependencies) without linking, and the go command
// replays the compiler's output from its build cache when nothing changed. Unsaved editor buffers
// go in through `-overlay`; nothing is ever downloaded (GOPROXY=off, GOTOOLCHAIN=local, GOVCS off).
// The text log is parsed rather than `-json=0,DIR` (which Go 1.19 supports): the JSON log has the
// escapes and leaks but neither `moved to heap` nor `does not escape`, which the hints need.
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { processTempDir } from '../tempFolders';
import { convertColumns, mapLogPaths, parseEscapeLog } from './parse';
import type { CompileError, EscapeFact } from './types';

export interface EscapeRunOptions {
  /** The package's directory (absolute). */
  packageDir: string;
  /** The go binary: a path, or a name looked up on PATH. Default `go`. */
  goBinary?: string;
  /** Unsaved buffers: absolute file path → text. These are analysed instead of the files on disk. */
  overlay?: ReadonlyMap<string, string>;
  /** Kills the go command (and the compiler it started) after this long. Default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** `-m` level: 2 (default) adds the flow explanations. */
  detail?: 1 | 2;
  /** Base environment; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Keep informational compiler lines (inlining) as facts of kind `other`. */
  includeOther?: boolean;
  /** Called once the go command is running (progress reporting, tests). */
  onStart?: (pid: number, command: readonly string[]) => void;
}

export type EscapeOutcome = 'ok' | 'failed' | 'go-not-found' | 'timeout' | 'cancelled';

export interface EscapeRun {
  /** True when the package compiled and the facts are complete. */
  ok: boolean;
  outcome: EscapeOutcome;
  packageDir: string;
  facts: EscapeFact[];
  /** Compile errors and go-command errors (when `outcome` is `failed`). */
  errors: CompileError[];
  /** A one-line summary for status bars and logs. */
  message: string;
  /** The compiler's output with overlay paths mapped back (for the escape-log output channel). */
  log: string;
  /** The command line that ran (without the temporary overlay path's contents). */
  command: string[];
  exitCode: number | null;
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** More output than this is not kept (a huge package at -m=2 prints a few MB). */
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;
/** Source files larger than this are not read to convert columns (the analysis skips them too). */
const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

/** The environment the go command runs with: never download, never touch go.mod. */
export function escapeEnv(packageDir: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const mod = moduleRoot(packageDir);
  const vendored = mod !== undefined && existsSync(path.join(mod, 'vendor', 'modules.txt'));
  const flags = (base.GOFLAGS ?? '').split(/\s+/).filter((f) => f && !/^-{1,2}mod=/.test(f));
  flags.push(vendored ? '-mod=vendor' : '-mod=readonly');
  return {
    ...base,
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOVCS: '*:off',
    GOFLAGS: flags.join(' '),
    // The go command trusts $PWD when it names the working directory; keep it consistent with cwd
    // so the paths it prints (and the overlay's keys) use the same spelling as packageDir.
    PWD: packageDir,
  };
}

function moduleRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'go.mod'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Runs escape analysis for one package; never throws for go-side problems, see `outcome`. */
export async function runEscapeAnalysis(options: EscapeRunOptions): Promise<EscapeRun> {
  const started = Date.now();
  const packageDir = path.resolve(options.packageDir);
  const goBinary = options.goBinary || 'go';
  const args = ['list', '-export', '-f', '{{.Export}}', `-gcflags=-m=${options.detail ?? 2}`];
  const base = { packageDir, facts: [] as EscapeFact[], errors: [] as CompileError[], log: '', exitCode: null };
  if (options.signal?.aborted) {
    return { ...base, ok: false, outcome: 'cancelled', message: 'cancelled', command: [goBinary, ...args, '.'], durationMs: 0 };
  }

  const isDir = await fsp.stat(packageDir).then((st) => st.isDirectory(), () => false);
  if (!isDir) {
    const message = `not a package directory: ${packageDir}`;
    return { ...base, ok: false, outcome: 'failed', message, errors: [{ message }], command: [goBinary, ...args, '.'], durationMs: 0 };
  }
  // One folder per run for the overlay and for the go command's own work files (GOTMPDIR), removed
  // after the run even when go was killed; named after this process, so that a server killed
  // meanwhile has it removed by the next one.
  const tempDir = await fsp.realpath(processTempDir('go-oom-lens-escape-'));
  try {
    const pathMap = new Map<string, string>();
    if (options.overlay && options.overlay.size > 0) args.push(`-overlay=${await writeOverlay(tempDir, options.overlay, pathMap)}`);
    args.push('.');
    const command = [goBinary, ...args];
    const proc = await runProcess(goBinary, args, {
      cwd: packageDir,
      env: { ...escapeEnv(packageDir, options.env), GOTMPDIR: tempDir },
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: options.signal,
      onStart: (pid) => options.onStart?.(pid, command),
    });
    const durationMs = Date.now() - started;
    if (proc.spawnError) {
      const notFound = proc.spawnError.code === 'ENOENT' || proc.spawnError.code === 'EACCES';
      const message = notFound
        ? `Go toolchain not found: could not run '${goBinary}' (${proc.spawnError.code}); install Go or set the go binary path`
        : `could not run '${goBinary}': ${proc.spawnError.message}`;
      return { ...base, ok: false, outcome: 'go-not-found', message, errors: [{ message }], command, durationMs };
    }
    const failed = proc.exitCode !== 0;
    const parsed = parseEscapeLog(proc.output, { cwd: packageDir, pathMap, failed, includeOther: options.includeOther });
    const texts = new Map<string, string>();
    for (const [real, text] of options.overlay ?? []) texts.set(path.resolve(real), text);
    await loadTexts(parsed.facts, texts);
    convertColumns(parsed.facts, parsed.errors, (f) => texts.get(f));
    const log = mapLogPaths(proc.output, pathMap, packageDir);
    const common = { ...base, facts: parsed.facts, log, command, exitCode: proc.exitCode, durationMs };
    if (proc.killedBy === 'timeout') {
      return { ...common, ok: false, outcome: 'timeout', message: `go was killed after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`, errors: parsed.errors };
    }
    if (proc.killedBy === 'abort') return { ...common, ok: false, outcome: 'cancelled', message: 'cancelled', errors: parsed.errors };
    if (failed) {
      const errors = parsed.errors.length ? parsed.errors : [{ message: `go exited with ${proc.exitCode ?? proc.signal}` }];
      const first = errors[0];
      const where = first.file ? `${path.relative(packageDir, first.file) || first.file}:${first.line}:${first.column}: ` : '';
      return { ...common, ok: false, outcome: 'failed', errors, message: `package does not compile: ${where}${first.message.split('\n')[0]}` };
    }
    return { ...common, ok: true, outcome: 'ok', errors: [], message: `${parsed.facts.length} escape facts` };
  } finally {
    await fsp.rm(tempDir, { recursive: true, force: true });
  }
}

/** Writes each buffer to its own file in dir (keeping its base name) and the overlay JSON. */
async function writeOverlay(dir: string, overlay: ReadonlyMap<string, string>, pathMap: Map<string, string>): Promise<string> {
  const replace: Record<string, string> = {};
  let i = 0;
  for (const [file, text] of overlay) {
    const real = path.resolve(file);
    const sub = path.join(dir, String(i++));
    await fsp.mkdir(sub);
    const backing = path.join(sub, path.basename(real));
    await fsp.writeFile(backing, text);
    replace[real] = backing;
    pathMap.set(backing, real);
  }
  const json = path.join(dir, 'overlay.json');
  await fsp.writeFile(json, JSON.stringify({ Replace: replace }));
  return json;
}

/** Reads the files the facts name (when not overlaid) so columns can be converted. */
async function loadTexts(facts: readonly EscapeFact[], texts: Map<string, string>): Promise<void> {
  const files = new Set<string>();
  for (const f of facts) {
    files.add(f.file);
    for (const r of f.reasons ?? []) files.add(r.file);
  }
  await Promise.all([...files].filter((f) => !texts.has(f) && path.isAbsolute(f)).map(async (f) => {
    try {
      // The output names the files; garbage output may name /dev/zero or a FIFO: read regular, sane files only.
      const st = await fsp.stat(f);
      if (st.isFile() && st.size <= MAX_SOURCE_BYTES) texts.set(f, await fsp.readFile(f, 'utf8'));
    } catch { /* columns stay in bytes */ }
  }));
}

export interface ProcessResult {
  /** stderr (the compiler's messages). */
  output: string;
  /** stdout, when captureStdout was set. */
  stdout: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  killedBy?: 'timeout' | 'abort';
  spawnError?: NodeJS.ErrnoException;
}

export interface ProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  onStart?: (pid: number) => void;
  captureStdout?: boolean;
}

/**
 * Spawns without a shell in its own process group (POSIX), so a timeout or a cancellation kills
 * the go command and the compiler processes it started. Resolves once all output is read.
 */
export function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const group = process.platform !== 'win32';
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: group, shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    let stdout = '';
    let killedBy: ProcessResult['killedBy'];
    let settled = false;
    const collect = (chunk: string): void => { if (output.length < MAX_OUTPUT_CHARS) output += chunk; };
    // go list -export prints the export file's path on stdout: read (so go never blocks) but not kept.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { if (options.captureStdout) stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', collect);

    const kill = (why: 'timeout' | 'abort'): void => {
      if (settled || killedBy) return;
      killedBy = why;
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs);
    const onAbort = (): void => kill('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (result: ProcessResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.once('spawn', () => {
      if (child.pid) options.onStart?.(child.pid);
      if (options.signal?.aborted) onAbort();
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      // Spawn failures arrive here; later errors (kill on an exited process) are not fatal.
      if (child.pid === undefined) finish({ output, stdout, exitCode: null, signal: null, spawnError: err });
    });
    child.once('close', (code, signal) => finish({ output, stdout, exitCode: code, signal, killedBy }));
  });
}
