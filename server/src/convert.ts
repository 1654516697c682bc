// The only place that turns analysis results into LSP types.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as fs from 'node:fs';
import {
  CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, Fix, Span } from './analysis/analyzer';
import { diagnosticSource } from './protocol';
import type { RuleSetting, Settings } from './settings';

export function toRange(s: Span): Range {
  return { start: { line: s.start.line, character: s.start.character }, end: { line: s.end.line, character: s.end.character } };
}

/**
 * What a diagnostic carries in `data`: its rule and the version it was published for. A code action
 * request finds the current finding by rule and range, and its fixes are built then (not carried:
 * they were most of every publish's bytes on a flagged file, and cost CPU at every keystroke).
 */
export interface DiagnosticData {
  rule: string;
  version: number;
}

const severities: Record<Exclude<RuleSetting, 'off' | 'default'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a finding is shown with under the settings (`default`: error when certain, warning when possible). */
export function severityOf(f: Finding, settings: Settings): DiagnosticSeverity {
  const s = settings.rules[f.rule] ?? 'default';
  if (s === 'default' || s === 'off') return f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
  return severities[s];
}

/** A URI for a related location's `file` (a path or already a URI), or the document's own URI. */
export function uriOf(file: string | undefined, documentUri: string): string {
  if (!file) return documentUri;
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return file;
  return pathToFileURL(file).toString();
}

const docUris = new Map<string, string | undefined>();

/** The rule's documentation page shipped with the server (docs/rules/<id>.md beside dist/), if present. */
export function ruleDocUri(rule: string): string | undefined {
  if (!docUris.has(rule)) {
    const candidates = [path.resolve(__dirname, '..', 'docs', 'rules'), path.resolve(__dirname, '..', '..', '..', 'docs', 'rules')];
    const file = candidates.map((d) => path.join(d, `${rule}.md`)).find((f) => fs.existsSync(f));
    docUris.set(rule, file ? pathToFileURL(file).toString() : undefined);
  }
  return docUris.get(rule);
}

export function toDiagnostic(f: Finding, uri: string, version: number, settings: Settings): Diagnostic {
  const d = Diagnostic.create(toRange(f.span), f.message, severityOf(f, settings), f.rule, diagnosticSource);
  const href = ruleDocUri(f.rule);
  if (href) d.codeDescription = { href };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: uriOf(r.file, uri), range: toRange(r.span) }, message: r.message }));
  }
  const data: DiagnosticData = { rule: f.rule, version };
  d.data = data;
  return d;
}

function toEdits(fix: Fix): TextEdit[] {
  return fix.changes.map((c) => ({ range: toRange(c.span), newText: c.newText }));
}

/** A quick fix; with a version, the edit only applies to that version of the document. */
export function toCodeAction(fix: Fix, uri: string, version: number | undefined, diagnostic: Diagnostic | undefined, documentChanges: boolean): CodeAction {
  const edit: WorkspaceEdit = documentChanges && version !== undefined
    ? { documentChanges: [{ textDocument: { uri, version }, edits: toEdits(fix) }] }
    : { changes: { [uri]: toEdits(fix) } };
  const action = CodeAction.create(fix.title, edit, CodeActionKind.QuickFix);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}
