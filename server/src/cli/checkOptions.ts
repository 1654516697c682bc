// Parses `go-oom-lens check` arguments into options; every mistake is a UsageError (exit 2).
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import type { Severity } from '../analysis/analyzer';
import { ruleIds } from '../analysis/registry';
import { parseMemorySize } from '../settings';
import { UsageError } from './command';
import { maxSourceBytes } from './readGoSource';

export type Format = 'text' | 'json' | 'sarif';

export interface CheckOptions {
  /** Files and directories as given (default `.`). */
  paths: string[];
  format: Format;
  minSeverity: Severity;
  /** Rule ids to run; undefined runs every rule. */
  rules?: ReadonlySet<string>;
  /** 1 runs in-process; more runs that many worker threads; undefined lets the size decide. */
  jobs?: number;
  /** Exit 0 even when findings are reported (usage errors still exit 2). */
  exitZero: boolean;
  /** Files larger than this many bytes are skipped with a message. */
  maxFileBytes: number;
  /** Use the result cache (off with --no-cache or GO_OOM_LENS_CACHE=off). */
  cache: boolean;
  /** Print files, bytes, wall and CPU time and peak memory on stderr (for benchmarks). */
  stats: boolean;
  help: boolean;
}

export const checkUsage = `Usage: go-oom-lens check [paths...] [options]

Checks .go files. Directories are walked (dir and dir/... mean the same); vendor/, testdata/,
node_modules/ and directories starting with '.' or '_' are skipped; the default path is '.'.
A file is analysed together with the .go files of its directory that have the same package clause.

Options:
  -f, --format text|json|sarif     output format (default text; positions are 1-based, columns
                                   count UTF-16 code units)
      --min-severity error|warning report only findings at or above this severity (default warning)
      --rule id,...                run only these rules
      --disable id,...             do not run these rules
  -j, --jobs N                     worker threads (default: number of CPUs, or in-process below
                                   1 MB of source; 1 runs in-process)
      --max-file-size SIZE         skip (with a message) files larger than SIZE: bytes, or e.g.
                                   10MiB, 20MB (default 10MiB)
      --exit-zero                  exit 0 even when something is found
      --no-cache                   neither read nor write the result cache (also
                                   GO_OOM_LENS_CACHE=off; GO_OOM_LENS_CACHE=DIR moves it)
      --stats                      print files, bytes, wall and CPU seconds and peak memory
                                   on stderr as key=value pairs
  -h, --help                       show this help

Rules: ${ruleIds.join(', ')}

Exit status: 0 nothing found at or above the threshold, 1 something found,
2 bad usage, a path that cannot be read at all, or an internal error.
`;

const formats: readonly Format[] = ['text', 'json', 'sarif'];
const severities: readonly Severity[] = ['error', 'warning'];

/** Turns the arguments after `check` into options. */
export function parseCheckArgs(args: readonly string[]): CheckOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'min-severity': { type: 'string' },
        rule: { type: 'string', multiple: true },
        disable: { type: 'string', multiple: true },
        jobs: { type: 'string', short: 'j' },
        'exit-zero': { type: 'boolean' },
        'max-file-size': { type: 'string' },
        stats: { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format: oneOf('--format', v.format ?? 'text', formats),
    minSeverity: oneOf('--min-severity', v['min-severity'] ?? 'warning', severities),
    rules: selectRules(v.rule, v.disable),
    jobs: v.jobs === undefined ? undefined : parseJobs(v.jobs),
    exitZero: v['exit-zero'] ?? false,
    maxFileBytes: v['max-file-size'] === undefined ? maxSourceBytes : parseSize(v['max-file-size']),
    cache: !(v['no-cache'] ?? false),
    stats: v.stats ?? false,
    help: v.help ?? false,
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

function idList(flag: string, values: readonly string[]): string[] {
  const ids = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const unknown = ids.filter((id) => !ruleIds.includes(id));
  if (unknown.length > 0) {
    throw new UsageError(`${flag}: unknown rule ${unknown.map((u) => `'${u}'`).join(', ')}; rules are ${ruleIds.join(', ')}`);
  }
  return ids;
}

function selectRules(only: readonly string[] | undefined, disabled: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (only === undefined && disabled === undefined) return undefined;
  const selected = new Set(only === undefined ? ruleIds : idList('--rule', only));
  for (const id of idList('--disable', disabled ?? [])) selected.delete(id);
  if (selected.size === 0) throw new UsageError('no rule left to run (check --rule and --disable)');
  return selected;
}

function parseSize(text: string): number {
  const bytes = parseMemorySize(text);
  if (bytes === undefined) throw new UsageError(`--max-file-size must be a size such as 10MiB, 20MB or 1048576 (got '${text}')`);
  return bytes;
}

function parseJobs(text: string): number {
  if (!/^[1-9]\d{0,3}$/.test(text)) throw new UsageError(`--jobs must be a whole number from 1 to 9999 (got '${text}')`);
  return Number(text);
}

/** Below this much source, starting workers (~0.1 s each) costs more than it saves. */
const smallInput = 1024 * 1024;

/** Jobs when --jobs is not given: one per CPU, or in-process for small inputs. */
export function defaultJobs(totalBytes: number): number {
  if (totalBytes < smallInput) return 1;
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}
