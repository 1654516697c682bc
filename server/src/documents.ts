// Text document sync: open, incremental change and close notifications to the analysis.
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import type { AnalysisService } from './features/analysis';

/** The file-system path of a `file:` URI; undefined for other schemes (untitled, …). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function isGo(uri: string, languageId?: string): boolean {
  return languageId === 'go' || (languageId === undefined && uri.endsWith('.go')) || uri.endsWith('.go');
}

/** Wires the document notifications; the analysis keeps one incremental tree per open document. */
export function syncDocuments(connection: Connection, analysis: AnalysisService): void {
  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    if (!isGo(d.uri, d.languageId)) return;
    analysis.open(d.uri, pathOf(d.uri), d.version, d.text);
  });
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    analysis.change(textDocument.uri, textDocument.version, contentChanges);
  });
  connection.onDidCloseTextDocument(({ textDocument }) => {
    analysis.close(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const c of changes) {
      const file = pathOf(c.uri);
      if (file?.endsWith('.go') && !analysis.isOpen(c.uri)) analysis.diskChanged(file);
    }
  });
}
