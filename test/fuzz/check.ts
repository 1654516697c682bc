// The fuzzing properties, checked for one text: the analysis, the fixes, the explanations and the
// escape predictor never throw (a rule error counts); code beyond the documented limits is skipped
// with a message; every position they produce lies inside the document (line within its lines,
// UTF-16 column within the line, never between the halves of a surrogate pair; start ≤ end).
import type { Parser } from 'web-tree-sitter';
import type { Finding, Span } from '../../server/src/analysis/analyzer';
import { analyzeFile, type Skipped } from '../../server/src/analysis/driver';
import { explanationMarkdown, hoverMarkdown, type ExplainContext } from '../../server/src/analysis/explain';
import { fixesFor } from '../../server/src/analysis/fixes';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { factSpan } from '../../server/src/escape/anchor';
import { predictPackage } from '../../server/src/escape/predictPackage';

export interface CheckResult {
  /** Property violations: exceptions, rule errors, positions outside the document. */
  problems: string[];
  skipped: Skipped[];
  findings: number;
  facts: number;
  parseMs: number;
  analysisMs: number;
}

export interface CheckOptions {
  /** Also run the explanations and the escape predictor (default true). */
  extras?: boolean;
}

/** Parses and analyses `text` as a Go file and checks the properties. The tree is deleted. */
export function checkText(parser: Parser, text: string, options: CheckOptions = {}): CheckResult {
  const problems: string[] = [];
  const skipped: Skipped[] = [];
  const t0 = performance.now();
  const tree = parser.parse(text);
  const parseMs = performance.now() - t0;
  if (!tree) return { problems: ['tree-sitter returned no tree'], skipped, findings: 0, facts: 0, parseMs, analysisMs: 0 };
  const doc = new DocumentLines(text);
  let findings: Finding[] = [];
  let facts = 0;
  const t1 = performance.now();
  try {
    const file = { path: '/fuzz/p/a.go', text, tree };
    const pkg = guard(problems, 'package context', () => packageContextFrom([summarizeFile(file.path, tree)]));
    if (!pkg) return { problems, skipped, findings: 0, facts: 0, parseMs, analysisMs: performance.now() - t1 };
    findings = guard(problems, 'analyzeFile', () => analyzeFile(file, pkg, {
      onRuleError: (rule, e) => problems.push(`rule ${rule} failed: ${brief(e)}`),
      onSkipped: (s) => skipped.push(s),
    })) ?? [];
    for (const s of skipped) doc.checkSpan(problems, 'skipped code', s.span);
    for (const f of findings) {
      if (f.fixes.length === 0) f.fixes = guard(problems, `fixes for ${f.rule}`, () => fixesFor(f, file, pkg)) ?? [];
      checkFinding(doc, problems, f);
    }
    if (options.extras !== false) {
      const ctx: ExplainContext = { text, pkg, memoryLimitBytes: 1024 ** 3, link: (line) => `#L${line + 1}` };
      for (const f of findings) guard(problems, `hover for ${f.rule}`, () => hoverMarkdown([f], findings.filter((g) => g !== f && g.facts.growth), ctx));
      const byFunction = new Map<string, Finding[]>();
      for (const f of findings) {
        const name = f.facts.functionName;
        if (name) byFunction.set(name, [...(byFunction.get(name) ?? []), f]);
      }
      for (const [name, fs] of byFunction) guard(problems, `explanation of ${name}`, () => explanationMarkdown(name, fs, ctx));
      const predicted = guard(problems, 'predictPackage', () => predictPackage([{ path: file.path, tree }])) ?? [];
      facts = predicted.length;
      for (const fact of predicted) {
        doc.checkPos(problems, `escape fact ${fact.kind} ${fact.line}:${fact.column}`, { line: fact.line - 1, character: fact.column - 1 });
        const span = guard(problems, 'factSpan', () => factSpan(fact, tree));
        if (span) doc.checkSpan(problems, `escape fact span ${fact.kind}`, span);
      }
    }
  } finally {
    tree.delete();
  }
  return { problems, skipped, findings: findings.length, facts, parseMs, analysisMs: performance.now() - t1 };
}

function checkFinding(doc: DocumentLines, problems: string[], f: Finding): void {
  const what = `${f.rule} at ${f.span.start.line + 1}:${f.span.start.character + 1}`;
  doc.checkSpan(problems, what, f.span);
  for (const r of f.related) if (!r.file) doc.checkSpan(problems, `${what}: related "${r.message}"`, r.span);
  const facts = f.facts;
  for (const [name, span] of [['loop', facts.loop], ['cause', facts.causeSpan], ['function', facts.functionSpan], ['growth loop', facts.growth?.loop]] as const) {
    if (span) doc.checkSpan(problems, `${what}: ${name}`, span);
  }
  for (const fix of f.fixes) {
    for (const c of fix.changes) doc.checkSpan(problems, `${what}: fix "${fix.title}"`, c.span);
    const sorted = [...fix.changes].sort((a, b) => cmp(a.span.start, b.span.start));
    for (let i = 1; i < sorted.length; i++) {
      if (cmp(sorted[i - 1].span.end, sorted[i].span.start) > 0) problems.push(`${what}: fix "${fix.title}" has overlapping edits`);
    }
  }
}

function cmp(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

/** Lines as tree-sitter and the analysis count them: split at '\n' only, columns in UTF-16 code units. */
export class DocumentLines {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineLength(line: number): number {
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return end - this.starts[line];
  }

  checkPos(problems: string[], what: string, p: { line: number; character: number }): boolean {
    const bad = (why: string): boolean => { problems.push(`${what}: position ${p.line}:${p.character} ${why}`); return false; };
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return bad('is not a pair of non-negative integers');
    if (p.line >= this.starts.length) return bad(`is past the last line (${this.starts.length} lines)`);
    if (p.character > this.lineLength(p.line)) return bad(`is past the end of its line (${this.lineLength(p.line)} UTF-16 units)`);
    const at = this.starts[p.line] + p.character;
    const prev = this.text.charCodeAt(at - 1);
    const next = this.text.charCodeAt(at);
    if (p.character > 0 && prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return bad('splits a surrogate pair');
    return true;
  }

  checkSpan(problems: string[], what: string, s: Span): void {
    if (this.checkPos(problems, what, s.start) && this.checkPos(problems, what, s.end) && cmp(s.start, s.end) > 0) {
      problems.push(`${what}: span ends before it starts`);
    }
  }
}

function guard<T>(problems: string[], what: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    problems.push(`${what} threw: ${brief(e)}`);
    return undefined;
  }
}

function brief(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return (e.stack ?? e.message).split('\n').slice(0, 4).join(' ← ').replace(/\s+/g, ' ');
}
