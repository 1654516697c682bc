// Checks one directory: reads its files, groups them by package clause, analyses each group that
// holds a file to report. Runs in a worker thread or, with --jobs 1, in the main thread.
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../analysis/analyzer';
import type { AnalyzeOptions } from '../analysis/driver';
import { checkPackage, packageClauseOf } from '../checkSources';
import type { DirUnit, Problem, SourceRef } from './collect';
import { decodeGoSource, readGoBytes } from './readGoSource';

/** What output needs of a finding (fixes and facts stay behind: they are for the editor). */
export type ReportedFinding = Pick<Finding, 'rule' | 'severity' | 'message' | 'span' | 'related'>;

export interface FileFindings { file: string; findings: ReportedFinding[] }

export interface UnitResult {
  files: FileFindings[];
  problems: Problem[];
  /** Failures of the analyser itself; they make the run exit 2. */
  internalErrors: string[];
  checkedFiles: number;
  checkedBytes: number;
}

/** What `check` tells each unit (and worker thread): the driver's options and the file-size cap. */
export type UnitOptions = Omit<AnalyzeOptions, 'onSkipped' | 'onRuleError'> & { maxFileBytes?: number };

/** One file of a unit as read from disk: its bytes, or why it could not be read. */
export interface ReadSource { ref: SourceRef; read: { data: Uint8Array } | { problem: string } }

/** Reads every file of the unit (the bytes are what a cached result is keyed by, and what is analysed). */
export function readUnit(unit: DirUnit, maxFileBytes?: number): ReadSource[] {
  return unit.files.map((ref) => ({ ref, read: readGoBytes(ref.abs, maxFileBytes) }));
}

/** Analyses the unit's reportable files with their package context, from the bytes `readUnit` read. */
export function checkUnit(parser: Parser, sources: readonly ReadSource[], unitOptions: UnitOptions): UnitResult {
  const result: UnitResult = { files: [], problems: [], internalErrors: [], checkedFiles: 0, checkedBytes: 0 };
  const { maxFileBytes: _readLimit, ...analyze } = unitOptions; // applied by readUnit
  // Code beyond the analysis's limits (nesting, size of one function) is named on stderr; a rule that
  // fails is an internal error (exit 2), not a silent gap.
  const options: AnalyzeOptions = {
    ...analyze,
    onSkipped: (s) => { if (reported.has(s.file)) result.problems.push({ file: s.file, message: `line ${s.span.start.line + 1}: ${s.reason}` }); },
    onRuleError: (rule, e) => result.internalErrors.push(`internal error: rule ${rule} failed: ${briefError(e)}`),
  };
  const packages = new Map<string, Array<{ path: string; text: string }>>();
  const reported = new Set<string>();
  for (const { ref, read } of sources) {
    const source = 'problem' in read ? read : decodeGoSource(read.data);
    if ('problem' in source) {
      if (ref.report) result.problems.push({ file: ref.display, message: source.problem });
      continue;
    }
    // `package x_test` files get their own group: the clause is the key.
    const clause = packageClauseOf(source.text);
    const group = packages.get(clause) ?? [];
    group.push({ path: ref.display, text: source.text });
    packages.set(clause, group);
    if (ref.report) {
      reported.add(ref.display);
      result.checkedFiles++;
      result.checkedBytes += source.bytes;
    }
  }
  for (const files of packages.values()) {
    if (!files.some((f) => reported.has(f.path))) continue;
    try {
      for (const { path, findings } of checkPackage(parser, files, options)) {
        if (reported.has(path)) result.files.push({ file: path, findings: findings.map(toReported) });
      }
    } catch (e) {
      const names = files.map((f) => f.path).join(', ');
      result.internalErrors.push(`internal error while checking ${names}: ${briefError(e)}`);
    }
  }
  return result;
}

function toReported(f: Finding): ReportedFinding {
  return { rule: f.rule, severity: f.severity, message: f.message, span: f.span, related: f.related };
}

/** The message and the first frames of the stack: enough for a bug report, short on stderr. */
export function briefError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return (e.stack ?? e.message).split('\n').slice(0, 5).join('\n');
}

/** The result of a unit whose worker failed. */
export function failedUnit(unit: DirUnit, reason: string): UnitResult {
  return { files: [], problems: [], internalErrors: [`internal error while checking ${unit.dir}: ${reason}`], checkedFiles: 0, checkedBytes: 0 };
}
