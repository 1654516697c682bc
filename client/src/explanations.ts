// Read-only markdown documents holding explanations, shown with VS Code's markdown preview.
import * as vscode from 'vscode';

export const explanationScheme = 'go-oom-lens';

export class ExplanationDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  /** Stores an explanation and returns the URI that shows it. */
  add(title: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: explanationScheme, path: `/${title.replace(/[^\w.-]+/g, '-')}.md`, query: String(++this.counter) });
    this.texts.set(uri.toString(), markdown);
    // Keep the last few only.
    if (this.texts.size > 20) this.texts.delete(this.texts.keys().next().value as string);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# Explanation expired\n\nRun the code lens again.';
  }
}
