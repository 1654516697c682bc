// The escape-analysis inlay hints' on/off switch (goOomLens.toggleEscapeHints). The server's inlay
// hints are escape hints (and, with a heap profile open, its `▲` annotations, which stay), so hiding
// them is a client-side filter: the server keeps its facts (hovers still explain them) and showing
// them again needs no new compiler run.
import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';

const visibleKey = 'goOomLens.escapeHints.visible';

export class EscapeHintsToggle {
  constructor(private readonly state: vscode.Memento) {}

  get visible(): boolean {
    return this.state.get<boolean>(visibleKey, true);
  }

  /** The middleware that drops the hints while they are hidden (a heap profile's `▲` annotations stay). */
  readonly middleware: Middleware = {
    provideInlayHints: async (document, range, token, next) => {
      const hints = await next(document, range, token);
      return this.visible ? hints : hints?.filter((h) => (typeof h.label === 'string' ? h.label : h.label[0]?.value ?? '').startsWith('▲'));
    },
  };

  /** Flips visibility, asks the editor for hints again, and says what happened. */
  async toggle(client: LanguageClient | undefined): Promise<void> {
    await this.state.update(visibleKey, !this.visible);
    const feature = client?.getFeature('textDocument/inlayHint');
    for (const editor of vscode.window.visibleTextEditors) feature?.getProvider(editor.document)?.onDidChangeInlayHints.fire();
    void vscode.window.setStatusBarMessage(`Go OOM Lens: escape hints ${this.visible ? 'shown' : 'hidden'}`, 3000);
  }
}
