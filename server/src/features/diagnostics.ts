// Publishes an analysed version's findings as diagnostics.
import type { Connection } from 'vscode-languageserver/node';
import { toDiagnostic } from '../convert';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';

export function publishDiagnostics(connection: Connection, result: Analysed, settings: Settings): void {
  const diagnostics = result.findings
    .filter((f) => settings.rules[f.rule] !== 'off')
    .map((f) => toDiagnostic(f, result.uri, result.version, settings));
  void connection.sendDiagnostics({ uri: result.uri, version: result.version, diagnostics });
}
