// Merges unit results into one report in a stable order (file, line, column), whatever the jobs.
import type { Problem } from './collect';
import { compareText } from './collect';
import type { ReportedFinding, UnitResult } from './checkUnit';

export interface LocatedFinding extends ReportedFinding {
  /** The path as shown in output (given path joined with the relative path). */
  file: string;
}

export interface CheckReport {
  findings: LocatedFinding[];
  problems: Problem[];
  internalErrors: string[];
  checkedFiles: number;
  checkedBytes: number;
}

/** Flattens and sorts the results of all units (and the walk's own problems). */
export function buildReport(walkProblems: readonly Problem[], results: readonly UnitResult[]): CheckReport {
  const report: CheckReport = { findings: [], problems: [...walkProblems], internalErrors: [], checkedFiles: 0, checkedBytes: 0 };
  for (const r of results) {
    for (const f of r.files) for (const finding of f.findings) report.findings.push({ file: f.file, ...finding });
    report.problems.push(...r.problems);
    report.internalErrors.push(...r.internalErrors);
    report.checkedFiles += r.checkedFiles;
    report.checkedBytes += r.checkedBytes;
  }
  report.findings.sort(compareFindings);
  report.problems.sort((a, b) => compareText(a.file, b.file) || compareText(a.message, b.message));
  report.internalErrors.sort(compareText);
  return report;
}

function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return (
    compareText(a.file, b.file) ||
    a.span.start.line - b.span.start.line ||
    a.span.start.character - b.span.start.character ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}
