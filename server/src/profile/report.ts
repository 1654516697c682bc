// The hottest workspace lines of a profile, each joined with the finding at that line (if any): what
// `go-oom-lens profile` prints and the "Heap profile" tree shows. Pure.
import type { Finding } from '../analysis/analyzer';
import type { HeapSampleType } from './sampleTypes';
import { findingQuote, findingsAt, movedWords, noFindingWords } from './join';
import type { FileView } from './load';
import { amount, annotation, percent } from './words';

export interface ReportFinding { rule: string; severity: string; message: string; line: number; quote?: string }

export interface ReportLine {
  file: string;
  /** 1-based line in the file as it is now. */
  line: number;
  function: string;
  value: number;
  /** Share of the profile's total, 0–1. */
  share: number;
  /** `▲ 9.2 MiB in use · 99%`. */
  annotation: string;
  /** Lines moved since the profile was taken, with the profile's own line numbers; absent when none. */
  moved?: { by: number; profileLines: number[]; words: string };
  findings: ReportFinding[];
  /** When no finding covers the line: what to look at instead. */
  note?: string;
}

/** What the report needs of each file: its view, its findings, and the element size of a growth finding. */
export interface ReportFile { view: FileView; findings: readonly Finding[]; elementBytes(f: Finding): number | undefined }

/** The `top` hottest lines (by what they allocate themselves) over all files. */
export function topLines(files: readonly ReportFile[], top: number): ReportLine[] {
  const all: Array<{ f: ReportFile; line: number; value: number }> = [];
  for (const f of files) {
    for (const p of f.view.lines.values()) if (p.self[f.view.index] > 0) all.push({ f, line: p.line, value: p.self[f.view.index] });
  }
  all.sort((a, b) => b.value - a.value || a.f.view.costs.file.localeCompare(b.f.view.costs.file) || a.line - b.line);
  return all.slice(0, top).map(({ f, line, value }) => {
    const { view } = f;
    const p = view.lines.get(line)!;
    const here = findingsAt(line, f.findings);
    const out: ReportLine = {
      file: view.costs.file, line: line + 1, function: p.function, value, share: view.total > 0 ? value / view.total : 0,
      annotation: annotation(value, view.total, view.type),
      findings: here.map((x) => ({
        rule: x.rule, severity: x.severity, message: x.message, line: x.span.start.line + 1,
        ...optional('quote', findingQuote(x, view, f.elementBytes(x))),
      })),
    };
    if (p.moved !== 0) out.moved = { by: p.moved, profileLines: p.profileLines, words: movedWords(p) };
    if (here.length === 0) out.note = noFindingWords;
    return out;
  });
}

/** The profile's headline: `inuse_space: 9.2 MiB in all, 9.2 MiB (99.9%) in workspace code`. */
export function totalsLine(type: HeapSampleType, total: number, elsewhere: number): string {
  return `${type}: ${amount(total, type)} in all; ${amount(total - elsewhere, type)} (${percent(total - elsewhere, total)}) allocated by workspace code`;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
