// The on-disk form of one cached unit result: a header line with a format tag and the SHA-256 of the
// body, then the body as JSON. A file that does not match in every respect (tag, checksum, key,
// structure) is not trusted: the caller analyses the unit again and overwrites it.
import { createHash } from 'node:crypto';
import type { Pos, Related, Severity, Span } from '../analysis/analyzer';
import type { Problem } from './collect';
import type { FileFindings, ReportedFinding, UnitResult } from './checkUnit';

const tag = 'go-oom-lens-check-result/1';

/** The entry's text for `result` stored under `key`. */
export function encodeEntry(key: string, result: UnitResult): string {
  const body = JSON.stringify({ key, result });
  return `${tag} ${sha256(body)}\n${body}`;
}

/** The result in an entry's text, or undefined unless the entry is whole, unaltered and for `key`. */
export function decodeEntry(text: string, key: string): UnitResult | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const [entryTag, checksum] = text.slice(0, newline).split(' ');
  const body = text.slice(newline + 1);
  if (entryTag !== tag || checksum !== sha256(body)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.key !== key) return undefined;
  try {
    return unitResult(parsed.result);
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// The readers below rebuild each object from the fields output uses, and throw on anything else.

function unitResult(v: unknown): UnitResult {
  const r = record(v);
  const internalErrors = array(r.internalErrors, string);
  // Results with internal errors are never stored: a failure must show up on every run.
  if (internalErrors.length > 0) throw new Error('stored internal errors');
  return {
    files: array(r.files, fileFindings),
    problems: array(r.problems, problem),
    internalErrors,
    checkedFiles: count(r.checkedFiles),
    checkedBytes: count(r.checkedBytes),
  };
}

function fileFindings(v: unknown): FileFindings {
  const r = record(v);
  return { file: string(r.file), findings: array(r.findings, finding) };
}

function finding(v: unknown): ReportedFinding {
  const r = record(v);
  return { rule: string(r.rule), severity: severity(r.severity), message: string(r.message), span: span(r.span), related: array(r.related, related) };
}

function related(v: unknown): Related {
  const r = record(v);
  const out: Related = { span: span(r.span), message: string(r.message) };
  if (r.file !== undefined) out.file = string(r.file);
  return out;
}

function problem(v: unknown): Problem {
  const r = record(v);
  return { file: string(r.file), message: string(r.message) };
}

function span(v: unknown): Span {
  const r = record(v);
  return { start: pos(r.start), end: pos(r.end) };
}

function pos(v: unknown): Pos {
  const r = record(v);
  return { line: count(r.line), character: count(r.character) };
}

function severity(v: unknown): Severity {
  if (v === 'error' || v === 'warning') return v;
  throw new Error('bad severity');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown): Record<string, unknown> {
  if (!isRecord(v)) throw new Error('not an object');
  return v;
}

function array<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (!Array.isArray(v)) throw new Error('not an array');
  return v.map(item);
}

function string(v: unknown): string {
  if (typeof v !== 'string') throw new Error('not a string');
  return v;
}

function count(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error('not a count');
  return v;
}
