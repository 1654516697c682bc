// `path:line:col: severity: message [rule-id]`, one line a finding, then its related locations
// indented as `path:line:col: note: …` (grep for ': error:' or a rule id still finds one line each).
import type { CheckReport, LocatedFinding } from '../report';

const ansi = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', reset: '\x1b[0m' };

/** The text report for stdout; `color` adds ANSI colours (only for a terminal). */
export function formatText(report: CheckReport, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `${code}${s}${ansi.reset}` : s);
  const lines: string[] = [];
  for (const f of report.findings) {
    const severity = paint(f.severity === 'error' ? ansi.red + ansi.bold : ansi.yellow + ansi.bold, f.severity);
    lines.push(`${paint(ansi.bold, position(f.file, f.span.start))}: ${severity}: ${oneLine(f.message)} ${paint(ansi.dim, `[${f.rule}]`)}`);
    for (const r of f.related) {
      lines.push(`    ${position(r.file ?? f.file, r.span.start)}: ${paint(ansi.cyan, 'note')}: ${oneLine(r.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `3 findings (1 error, 2 warnings) in 12 files, 0.4 s`, for stderr. */
export function formatSummary(report: CheckReport, seconds: number): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const found = report.findings.length === 0 ? 'no findings' : `${count(report.findings.length, 'finding')} (${count(errors, 'error')}, ${count(warnings, 'warning')})`;
  const skipped = report.problems.length > 0 ? `; ${count(report.problems.length, 'file')} skipped` : '';
  return `${found} in ${count(report.checkedFiles, 'file')}, ${seconds.toFixed(1)} s${skipped}\n`;
}

function position(file: string, start: LocatedFinding['span']['start']): string {
  return `${file}:${start.line + 1}:${start.character + 1}`;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
