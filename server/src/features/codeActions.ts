// Quick fixes: the current version's findings on the requested range, their fixes built when asked
// for (AnalysisService.withFixes) and kept until the package context changes.
import type { CodeAction, CodeActionParams, Diagnostic, Range } from 'vscode-languageserver/node';
import type { Finding, Span } from '../analysis/analyzer';
import { toCodeAction, toDiagnostic, type DiagnosticData } from '../convert';
import { diagnosticSource } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { posBefore } from './functions';

/** `withFixes`: fills in the fixes of the given findings of `result` (the analysis's withFixes for the document). */
export function provideCodeActions(result: Analysed | undefined, params: CodeActionParams, settings: Settings, documentChanges: boolean, withFixes: (findings: readonly Finding[]) => void): CodeAction[] {
  if (params.context.only && !params.context.only.some((k) => k === '' || k === 'quickfix' || 'quickfix'.startsWith(`${k}.`))) return [];
  if (!result) return [];
  const uri = params.textDocument.uri;
  // Clients may send every diagnostic of the file (eglot does): only those on the requested range count.
  const ours = params.context.diagnostics.filter((d) => d.source === diagnosticSource && isData(d.data) && intersects(d.range, params.range));
  let pairs: Array<{ diagnostic: Diagnostic; finding: Finding }> = [];
  for (const d of ours) {
    // The current version's finding at the diagnostic's place: the one published for this version,
    // or, when the editor moved an older diagnostic with later edits, the one found there now.
    const data = d.data as DiagnosticData;
    const current = result.findings.find((f) => f.rule === data.rule && sameRange(f.span, d.range));
    if (current) pairs.push({ diagnostic: d, finding: current });
  }
  if (pairs.length === 0) {
    // Clients that send no diagnostics in the context: use the findings on the requested range.
    const r = params.range;
    pairs = result.findings
      .filter((f) => settings.rules[f.rule] !== 'off' && f.span.start.line <= r.end.line && f.span.end.line >= r.start.line)
      .map((f) => ({ diagnostic: toDiagnostic(f, uri, result.version, settings), finding: f }));
  }
  withFixes(pairs.map((p) => p.finding));
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const { diagnostic, finding } of pairs) {
    for (const fix of finding.fixes) {
      const key = JSON.stringify(fix.changes);
      if (seen.has(key)) continue;
      seen.add(key);
      actions.push(toCodeAction(fix, uri, result.version, diagnostic, documentChanges));
    }
  }
  // The preferred fixes first, so "auto fix" and the light bulb pick the safest one.
  return actions.sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
}

function isData(d: unknown): d is DiagnosticData {
  return typeof d === 'object' && d !== null && typeof (d as DiagnosticData).rule === 'string' && typeof (d as DiagnosticData).version === 'number';
}

/** Whether two ranges share a position; ranges that only touch (a cursor at a diagnostic's end) count. */
function intersects(a: Range, b: Range): boolean {
  return !posBefore(a.end, b.start) && !posBefore(b.end, a.start);
}

function sameRange(a: Span, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
