// `go-oom-lens escape <package dir>`: the Go compiler's escape-analysis facts for one package (or,
// with --predict, the facts predicted from the syntax alone, without a Go toolchain).
// Exit codes: 0 facts printed, 1 the package does not compile (or go timed out), 2 bad usage or no go.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ExitCode, UsageError } from './command';
import { runEscapeAnalysis } from '../escape/compiler';
import { hostTarget, isBuiltFile } from '../escape/goFiles';
import { moduleGoVersion } from '../escape/goToolchain';
import { predictPackageTexts } from '../escape/predictPackage';
import type { CompileError, EscapeFact } from '../escape/types';
import { readGoSource } from './readGoSource';

const usage = `Usage: go-oom-lens escape <package dir> [--format text|json] [--predict] [--go PATH] [--timeout MS]

Prints where the Go compiler puts values on the heap in one package: moved to heap, escapes,
does not escape, leaking param. Runs 'go list -export -gcflags=-m=2' in the directory (nothing is
downloaded: GOPROXY=off, GOTOOLCHAIN=local, GOFLAGS=-mod=readonly or -mod=vendor).

Options:
  --format text|json  text (default): file:line:col: message; json: {"version":1,"facts":[…]}
  --predict           predict from the syntax alone (no Go toolchain needed; a subset, labelled "predicted")
  --go PATH           the go binary (default: go on PATH)
  --timeout MS        kill go after this many milliseconds (default 60000)
`;

interface EscapeOptions { dir: string; format: 'text' | 'json'; predict: boolean; goBinary?: string; timeoutMs?: number; help: boolean }

function parseArgs(argv: readonly string[]): EscapeOptions {
  const options: EscapeOptions = { dir: '', format: 'text', predict: false, help: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = (): string => inline ?? value(i++, flag);
    if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--predict') options.predict = true;
    else if (flag === '--format') {
      const f = take();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
      options.format = f;
    } else if (flag === '--go') options.goBinary = take();
    else if (flag === '--timeout') {
      const t = Number(take());
      if (!Number.isInteger(t) || t <= 0) throw new UsageError('--timeout must be a positive number of milliseconds');
      options.timeoutMs = t;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (options.dir) throw new UsageError('escape takes one package directory');
    else options.dir = a;
  }
  if (!options.dir && !options.help) throw new UsageError('missing the package directory');
  return options;
}

/** Runs `go-oom-lens escape …`; resolves to the exit code. */
export async function runEscape(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (options.help) {
    process.stdout.write(usage);
    return ExitCode.ok;
  }
  const dir = path.resolve(options.dir);
  const stat = await fsp.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    process.stderr.write(`go-oom-lens escape: not a directory: ${options.dir}\n`);
    return ExitCode.usage;
  }
  let facts: EscapeFact[];
  let errors: CompileError[] = [];
  let code: number = ExitCode.ok;
  if (options.predict) {
    facts = await predictDirectory(dir);
  } else {
    const run = await runEscapeAnalysis({ packageDir: dir, goBinary: options.goBinary, timeoutMs: options.timeoutMs });
    if (run.outcome === 'go-not-found') {
      process.stderr.write(`go-oom-lens escape: ${run.message} (or use --predict)\n`);
      return ExitCode.usage;
    }
    facts = run.facts;
    errors = run.errors;
    if (!run.ok) {
      process.stderr.write(`go-oom-lens escape: ${run.message}\n`);
      code = ExitCode.findings;
    }
  }
  facts = facts.filter((f) => f.kind !== 'other').sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  for (const e of errors) process.stderr.write(`${e.file ? `${shown(e.file)}:${e.line}:${e.column}: ` : ''}${e.message}\n`);
  process.stdout.write(options.format === 'json' ? formatJson(facts, errors) : formatText(facts));
  return code;
}

export const run = runEscape;

async function predictDirectory(dir: string): Promise<EscapeFact[]> {
  const target = hostTarget();
  const files: Array<{ path: string; text: string }> = [];
  for (const name of (await fsp.readdir(dir)).sort()) {
    if (!name.endsWith('.go')) continue;
    const file = path.join(dir, name);
    // The same checks as `check`: not a FIFO or directory, not above 10 MB, not binary, UTF-8.
    const source = readGoSource(file);
    if ('problem' in source) { process.stderr.write(`${shown(file)}: ${source.problem}\n`); continue; }
    if (isBuiltFile(name, source.text, target)) files.push({ path: file, text: source.text });
  }
  return predictPackageTexts(files, { goVersion: await moduleGoVersion(dir), goos: target.goos, goarch: target.goarch });
}


function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function formatText(facts: readonly EscapeFact[]): string {
  return facts.map((f) => `${shown(f.file)}:${f.line}:${f.column}: ${f.message}${f.source === 'predicted' ? ` (predicted${f.why ? `: ${f.why}` : ''})` : f.why ? ` (${f.why})` : ''}\n`).join('');
}

function formatJson(facts: readonly EscapeFact[], errors: readonly CompileError[]): string {
  const out = {
    version: 1,
    facts: facts.map((f) => ({
      file: shown(f.file), line: f.line, column: f.column, kind: f.kind, name: f.name, message: f.message, source: f.source,
      ...(f.why ? { why: f.why } : {}),
      ...(f.reasons ? { reasons: f.reasons.map((r) => ({ ...r, file: shown(r.file) })) } : {}),
    })),
    ...(errors.length ? { errors: errors.map((e) => (e.file ? { ...e, file: shown(e.file) } : e)) } : {}),
  };
  return `${JSON.stringify(out)}\n`;
}
