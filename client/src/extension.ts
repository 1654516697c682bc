// The VS Code extension: starts the bundled language server over IPC for Go documents, opens
// explanations ("Why OOM, not stack overflow?") as markdown previews, tells the server whether the
// workspace is trusted (only then does it run the Go compiler), and shows the compiler's escape log.
// It adds no Go grammar, so it lives beside the official Go extension.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { commands, escapeLogNotification, explainRequest, workspaceTrustNotification, type InitializationOptions } from '../../server/src/protocol';
import { EscapeHintsToggle } from './escapeHints';
import { escapeLogText } from './escapeLog';
import { ExplanationDocuments, explanationScheme } from './explanations';
import { registerHeapProfile } from './heapProfile';
import { previewLinks } from './previewLinks';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Go OOM Lens', { log: true });
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  // A function, so a restart after trust was granted sends the trust as it is then.
  const initializationOptions = (): InitializationOptions => ({ clientHandlesExplain: true, workspaceTrusted: vscode.workspace.isTrusted });
  const hints = new EscapeHintsToggle(context.globalState);
  const crashes: number[] = [];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'go' }, { scheme: 'untitled', language: 'go' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.go') },
    outputChannel: output,
    initializationOptions,
    middleware: hints.middleware,
    // The hover's "full explanation" link runs this command (and no other).
    markdown: { isTrusted: { enabledCommands: [commands.showExplanation] } },
    // Restart a crashed server and say so; give up (and say how to retry) after 5 crashes in 3 minutes.
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && now - crashes[0] > 3 * 60_000) crashes.shift();
        if (crashes.length >= 5) {
          return { action: CloseAction.DoNotRestart, message: 'The Go OOM Lens server crashed 5 times in 3 minutes and was not restarted. See the "Go OOM Lens" output; run "Go OOM Lens: Restart Language Server" to try again.' };
        }
        void vscode.window.showWarningMessage('The Go OOM Lens server stopped unexpectedly and has been restarted.');
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  client = new LanguageClient('goOomLens', 'Go OOM Lens', serverOptions, clientOptions);
  const escapeLog = vscode.window.createOutputChannel('Go OOM Lens: Escape Analysis', 'go-escape-log');
  client.onNotification(escapeLogNotification, (params) => escapeLog.append(escapeLogText(params)));
  registerHeapProfile(context, () => client);

  const explanations = new ExplanationDocuments();
  context.subscriptions.push(
    output,
    vscode.workspace.registerTextDocumentContentProvider(explanationScheme, explanations),
    vscode.commands.registerCommand(commands.showExplanation, (uri?: unknown, line?: unknown) => showExplanation(explanations, uri, line)),
    vscode.commands.registerCommand(commands.restartServer, async () => {
      output.info('Restarting the Go OOM Lens server…');
      await client?.restart();
    }),
    escapeLog,
    vscode.commands.registerCommand(commands.toggleEscapeHints, () => hints.toggle(client)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(workspaceTrustNotification, { trusted: true })),
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
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  const doc = docs.add(result.title, previewLinks(result.markdown, root, vscode.env.uriScheme || 'vscode'));
  await vscode.commands.executeCommand('markdown.showPreview', doc);
}
