// The heap-profile commands and the "Heap Profile" tree: open a file, fetch from a running program
// (trusted workspaces only; loopback unless the user confirms; with progress, a timeout and Cancel),
// close. The server decodes and annotates; this side picks the file, fetches, and shows the summary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { closeProfileRequest, commands, openProfileRequest, profileChangedNotification, type ProfileSummary, type ProfileTreeFunction, type ProfileTreeLine } from '../../server/src/protocol';
import { checkProfileUrl, defaultProfileUrl, fetchProfile } from './profileFetch';

const openContext = 'goOomLens.profileOpen';
export const profileViewId = 'goOomLens.heapProfile';
const fetchTimeoutMs = 60_000;
const maxFetchBytes = 100 * 1024 * 1024;

type Node = { fn: ProfileTreeFunction } | { line: ProfileTreeLine; name: string };

/** The tree: functions (hottest first), then their lines; a line opens the file there. */
class ProfileTree implements vscode.TreeDataProvider<Node> {
  private summary: ProfileSummary | null = null;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(summary: ProfileSummary | null): void {
    this.summary = summary;
    this.changed.fire();
  }

  get current(): ProfileSummary | null {
    return this.summary;
  }

  getChildren(node?: Node): Node[] {
    if (!this.summary) return [];
    if (!node) return this.summary.functions.map((fn) => ({ fn }));
    return 'fn' in node ? node.fn.lines.map((line) => ({ line, name: node.fn.name })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('fn' in node) {
      const item = new vscode.TreeItem(node.fn.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.fn.label;
      item.iconPath = new vscode.ThemeIcon('symbol-function');
      item.tooltip = `${node.fn.name}: ${node.fn.label}\n${this.summary?.headline ?? ''}`;
      return item;
    }
    const uri = vscode.Uri.parse(node.line.uri);
    const item = new vscode.TreeItem(`${path.basename(uri.fsPath)}:${node.line.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.description = node.line.label + (node.line.flagged ? ' · flagged' : '');
    item.iconPath = new vscode.ThemeIcon(node.line.flagged ? 'warning' : 'circle-small');
    item.tooltip = node.line.flagged ? 'A Go OOM Lens finding covers this line.' : 'No loop here was proven to be unbounded: look at the callers.';
    const at = new vscode.Range(node.line.line, 0, node.line.line, 0);
    item.command = { title: 'Open', command: 'vscode.open', arguments: [uri, { selection: at } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }
}

/** Registers the commands and the tree; `client()` is the running language client. */
export function registerHeapProfile(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const tree = new ProfileTree();
  let opened: { file: string; source: string } | undefined;

  const open = async (file: string, source = file): Promise<boolean> => {
    const c = client();
    if (!c) return false;
    const r = await c.sendRequest(openProfileRequest, { path: file, source });
    if (!r.ok) {
      void vscode.window.showErrorMessage(r.message);
      return false;
    }
    opened = { file, source };
    tree.set(r.summary);
    await vscode.commands.executeCommand('setContext', openContext, true);
    const unmatched = r.summary.unmatchedFiles > 0 ? ` ${r.summary.unmatchedFiles} of its files match no workspace file.` : '';
    void vscode.window.setStatusBarMessage(`Go OOM Lens: heap profile ${path.basename(source)}: ${r.summary.headline}.${unmatched}`, 10_000);
    return true;
  };

  const openFile = async (arg?: unknown): Promise<boolean> => {
    let uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: 'Open Heap Profile', title: 'Go OOM Lens: Open Heap Profile',
        filters: { 'Heap profiles': ['pb.gz', 'pprof', 'prof', 'gz', 'pb'], 'All files': ['*'] },
      });
      uri = picked?.[0];
    }
    return uri ? open(uri.fsPath) : false;
  };

  const fetchCommand = async (urlArg?: unknown): Promise<boolean> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Go OOM Lens: fetching a heap profile over the network needs a trusted workspace. Trust the workspace, or save the profile (curl -o heap.pb.gz …) and use "Open Heap Profile…".');
      return false;
    }
    const text = typeof urlArg === 'string' ? urlArg : await vscode.window.showInputBox({
      title: 'Go OOM Lens: Fetch Heap Profile from a Running Program', value: defaultProfileUrl,
      prompt: 'The program\'s net/http/pprof heap endpoint', validateInput: (v) => { const c = checkProfileUrl(v); return 'error' in c ? c.error : undefined; },
    });
    if (text === undefined) return false;
    const checked = checkProfileUrl(text);
    if ('error' in checked) { void vscode.window.showErrorMessage(`Go OOM Lens: ${checked.error}.`); return false; }
    if (!checked.loopback) {
      const yes = 'Fetch';
      const answer = await vscode.window.showWarningMessage(`${checked.url.host} is not this machine. Fetch a heap profile from it? It shows the program's allocation stacks and file paths.`, { modal: true }, yes);
      if (answer !== yes) return false;
    }
    const dir = context.globalStorageUri.fsPath;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'fetched-heap.pb.gz');
    try {
      const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fetching heap profile from ${checked.url.host}`, cancellable: true }, (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        return fetchProfile(checked.url, {
          allowRemote: !checked.loopback, timeoutMs: fetchTimeoutMs, maxBytes: maxFetchBytes, signal: abort.signal,
          onProgress: (n, total) => {
            const increment = total ? ((n - reported) / total) * 100 : undefined;
            reported = n;
            progress.report({ message: `${(n / 1024).toFixed(0)} KiB${total ? ` of ${(total / 1024).toFixed(0)} KiB` : ''}`, increment });
          },
        });
      });
      fs.writeFileSync(file, bytes);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== 'cancelled') void vscode.window.showErrorMessage(`Go OOM Lens: could not fetch ${checked.url.href}: ${message}.`);
      return false;
    }
    return open(file, checked.url.href);
  };

  const close = async (): Promise<void> => {
    opened = undefined;
    tree.set(null);
    await vscode.commands.executeCommand('setContext', openContext, false);
    await client()?.sendRequest(closeProfileRequest, null);
  };

  context.subscriptions.push(
    vscode.window.registerTreeDataProvider(profileViewId, tree),
    vscode.commands.registerCommand(commands.openHeapProfile, openFile),
    vscode.commands.registerCommand(commands.fetchHeapProfile, fetchCommand),
    vscode.commands.registerCommand(commands.closeHeapProfile, close),
  );
  const c = client();
  // The summary follows the sample-type setting; a restarted server has forgotten the profile: open it again.
  c?.onNotification(profileChangedNotification, (summary) => { if (opened) tree.set(summary); });
  c?.onDidChangeState((e) => { if (e.newState === State.Running && opened) void open(opened.file, opened.source); });
}
