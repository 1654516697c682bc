// {"version":1,"findings":[…]} with 1-based lines and columns (columns in UTF-16 code units;
// endColumn is the column just after the last character). Related locations always name a file.
import type { CheckReport } from '../report';

export interface JsonRelated { file: string; line: number; column: number; message: string }

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  related: JsonRelated[];
}

export interface JsonReport { version: 1; findings: JsonFinding[] }

/** The report as the JSON document `--format json` prints. */
export function toJson(report: CheckReport): JsonReport {
  return {
    version: 1,
    findings: report.findings.map((f) => ({
      file: f.file,
      line: f.span.start.line + 1,
      column: f.span.start.character + 1,
      endLine: f.span.end.line + 1,
      endColumn: f.span.end.character + 1,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      related: f.related.map((r) => ({ file: r.file ?? f.file, line: r.span.start.line + 1, column: r.span.start.character + 1, message: r.message })),
    })),
  };
}

export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(toJson(report))}\n`;
}
