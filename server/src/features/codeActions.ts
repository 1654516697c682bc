// Quick fixes: read from the diagnostics' data (computed with the finding), never recomputed.
import type { CodeAction, CodeActionParams, Diagnostic, Range } from 'vscode-languageserver/node';
import type { Span } from '../analysis/analyzer';
import { toCodeAction, toDiagnostic, type DiagnosticData } from '../convert';
import { diagnosticSource } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { posBefore } from './functions';

export function provideCodeActions(result: Analysed | undefined, params: CodeActionParams, settings: Settings, documentChanges: boolean): CodeAction[] {
  if (params.context.only && !params.context.only.some((k) => k === '' || k === 'quickfix' || 'quickfix'.startsWith(`${k}.`))) return [];
  const uri = params.textDocument.uri;
  // Clients may send every diagnostic of the file (eglot does): only those on the requested range count.
  const ours = params.context.diagnostics.filter((d) => d.source === diagnosticSource && isData(d.data) && intersects(d.range, params.range));
  let pairs: Array<{ diagnostic: Diagnostic; data: DiagnosticData }> = [];
  for (const d of ours) {
    const data = d.data as DiagnosticData;
    if (!result || data.version === result.version) { pairs.push({ diagnostic: d, data }); continue; }
    // The editor moved the diagnostic with later edits; its fixes are for the old text. Use the
    // current version's finding at the same place, if there is one.
    const current = result.findings.find((f) => f.rule === data.rule && sameRange(f.span, d.range));
    if (current) pairs.push({ diagnostic: d, data: { rule: current.rule, version: result.version, fixes: current.fixes } });
  }
  if (pairs.length === 0 && result) {
    // Clients that send no diagnostics in the context: use the findings on the requested range.
    const r = params.range;
    pairs = result.findings
      .filter((f) => settings.rules[f.rule] !== 'off' && f.span.start.line <= r.end.line && f.span.end.line >= r.start.line)
      .map((f) => {
        const diagnostic = toDiagnostic(f, uri, result.version, settings);
        return { diagnostic, data: diagnostic.data as DiagnosticData };
      });
  }
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const { diagnostic, data } of pairs) {
    for (const fix of data.fixes) {
      const key = JSON.stringify(fix.changes);
      if (seen.has(key)) continue;
      seen.add(key);
      actions.push(toCodeAction(fix, uri, data.version, diagnostic, documentChanges));
    }
  }
  // The preferred fixes first, so "auto fix" and the light bulb pick the safest one.
  return actions.sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
}

function isData(d: unknown): d is DiagnosticData {
  return typeof d === 'object' && d !== null && Array.isArray((d as DiagnosticData).fixes);
}

/** Whether two ranges share a position; ranges that only touch (a cursor at a diagnostic's end) count. */
function intersects(a: Range, b: Range): boolean {
  return !posBefore(a.end, b.start) && !posBefore(b.end, a.start);
}

function sameRange(a: Span, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
