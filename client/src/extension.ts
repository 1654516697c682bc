// The VS Code extension: starts the bundled language server over IPC for Go documents and opens
// explanations ("Why OOM, not stack overflow?") as markdown previews. It adds no Go grammar and no
// language of its own, so it lives beside the official Go extension.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { commands, explainRequest, type InitializationOptions } from '../../server/src/protocol';
import { ExplanationDocuments, explanationScheme, previewLinks } from './explanations';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Go OOM Lens', { log: true });
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = { clientHandlesExplain: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'go' }, { scheme: 'untitled', language: 'go' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.go') },
    outputChannel: output,
    initializationOptions,
  };
  client = new LanguageClient('goOomLens', 'Go OOM Lens', serverOptions, clientOptions);

  const explanations = new ExplanationDocuments();
  context.subscriptions.push(
    output,
    vscode.workspace.registerTextDocumentContentProvider(explanationScheme, explanations),
    vscode.commands.registerCommand(commands.showExplanation, (uri?: unknown, line?: unknown) => showExplanation(explanations, uri, line)),
    vscode.commands.registerCommand(commands.restartServer, async () => {
      output.info('Restarting the Go OOM Lens server…');
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Asks the server for the explanation of a function and shows it as a markdown preview. */
async function showExplanation(docs: ExplanationDocuments, uriArg: unknown, lineArg: unknown): Promise<void> {
  if (!client) return;
  const editor = vscode.window.activeTextEditor;
  const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : editor?.document.uri.toString();
  const line = typeof lineArg === 'number' ? lineArg : editor?.selection.active.line ?? 0;
  if (!uri) {
    void vscode.window.showInformationMessage('Go OOM Lens: open a Go file and place the cursor in a function to explain it.');
    return;
  }
  const result = await client.sendRequest(explainRequest, { uri, line });
  if (!result) {
    void vscode.window.showInformationMessage('Go OOM Lens: this function has no unbounded growth or recursion to explain.');
    return;
  }
  const doc = docs.add(result.title, previewLinks(result.markdown));
  await vscode.commands.executeCommand('markdown.showPreview', doc);
}
