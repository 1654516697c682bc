// Shared steps of the in-editor tests: open the incident's files, wait for diagnostics on events
// (never on sleeps), read hovers, lenses and code actions through VS Code's own commands.
import { ok } from 'node:assert/strict';
import * as vscode from 'vscode';
import * as path from 'node:path';

export const extensionId = 'go-oom-lens.go-oom-lens';
export const ruleIds = ['zero-step-loop', 'non-progressing-loop', 'unbounded-append', 'unbounded-growth', 'infinite-recursion'];
export const lensTitle = 'Why OOM, not stack overflow?';
/** The lens above a loop that never ends but grows nothing. */
export const hangLensTitle = 'Why this hangs';

/** Longest wait for the first analysis (server start, WASM load) and for each later one. */
export const firstAnalysisMs = 60_000;
export const analysisMs = 30_000;

const pristine = new Map<string, string>();

/** The fixture workspace the runner opened (a throwaway copy of test/e2e/fixtures/incident). */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner must open test/e2e/fixtures/incident');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture file in an editor, first restoring the text an earlier test may have changed. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const uri = fixtureUri(name);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (!pristine.has(uri.toString())) pristine.set(uri.toString(), doc.getText());
  const original = pristine.get(uri.toString())!;
  if (doc.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, fullRange(doc), original);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not restore ${name}`);
  }
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The text a fixture file had when the tests first opened it. */
export function originalText(name: string): string {
  const text = pristine.get(fixtureUri(name).toString());
  if (text === undefined) throw new Error(`${name} was not opened yet`);
  return text;
}

export function fullRange(doc: vscode.TextDocument): vscode.Range {
  return new vscode.Range(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end);
}

/** The zero-based line of the first line containing `needle`; fails when there is none. */
export function lineOf(doc: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`no line of ${doc.uri.path} contains ${JSON.stringify(needle)}`);
}

/** The position of the first `needle` on its line (plus `offset` characters). */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const line = lineOf(doc, needle);
  return new vscode.Position(line, doc.lineAt(line).text.indexOf(needle) + offset);
}

/** The rule id of one of our diagnostics (its `code`), or undefined for anyone else's. */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return typeof code === 'string' && ruleIds.includes(code) ? code : undefined;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => ruleOf(d) !== undefined);
}

export function byRule(diags: vscode.Diagnostic[], rule: string): vscode.Diagnostic[] {
  return diags.filter((d) => ruleOf(d) === rule);
}

const severityName = ['error', 'warning', 'information', 'hint'];

/** One line per diagnostic, for failure messages. */
export function listDiagnostics(diags: readonly vscode.Diagnostic[]): string {
  if (!diags.length) return '(none)';
  return diags
    .map((d) => `${ruleOf(d) ?? String(typeof d.code === 'object' ? d.code.value : d.code)}:${severityName[d.severity]} ` +
      `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`)
    .join('\n  ');
}

let seenAny = false;
let silence: string | undefined;

/** Records that no diagnostic arrived at all, so later waits fail at once instead of timing out again. */
export function serverIsSilent(reason: string): void {
  silence = reason;
}

/**
 * Resolves with our diagnostics of `uri` once `accept` holds for them, checking now and on every
 * `onDidChangeDiagnostics` for that file; rejects after `timeoutMs` saying what it waited for.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diags: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = analysisMs,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diags = ours(uri);
      if (diags.length) seenAny = true;
      if (!accept(diags)) return false;
      done();
      resolve(diags);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${uri.path}; ` +
        `its diagnostics are now:\n  ${listDiagnostics(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    const done = () => { clearTimeout(timer); sub.dispose(); };
    if (check()) return;
    if (silence && !seenAny) {
      done();
      reject(new Error(`not waiting for ${what}: ${silence}`));
    }
  });
}

/** Waits until the file has a diagnostic of each rule given (with the given severities, if any). */
export function waitForRules(uri: vscode.Uri, rules: Record<string, vscode.DiagnosticSeverity | undefined>, timeoutMs?: number) {
  const what = Object.entries(rules).map(([r, s]) => (s === undefined ? r : `${r}:${severityName[s]}`)).join(' and ');
  return waitForDiagnostics(uri, (ds) => Object.entries(rules).every(([r, s]) =>
    byRule(ds, r).some((d) => s === undefined || d.severity === s)), what, timeoutMs);
}

/** The markdown of every hover at `pos`, joined. */
export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n---\n');
}

/** Code lenses of a file, with their commands resolved. */
export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

/** The quick fixes offered for a diagnostic's range, resolved. */
export async function quickFixes(uri: vscode.Uri, diag: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value, 100);
  // A bare Command has a string `command`; a CodeAction's `command` is an object or absent.
  return (all ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/** Applies a code action as the editor would: its edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) throw new Error(`the edit of "${action.title}" was not applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Runs `action` and resolves with the first tab that opens (or becomes active) because of it. */
export function nextOpenedTab(action: () => Thenable<unknown>, what: string, timeoutMs = analysisMs): Promise<vscode.Tab> {
  return new Promise((resolve, reject) => {
    const before = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs));
    const finish = (tab: vscode.Tab) => { clearTimeout(timer); sub.dispose(); resolve(tab); };
    const sub = vscode.window.tabGroups.onDidChangeTabs((e) => {
      const tab = e.opened[0] ?? e.changed.find((t) => t.isActive && !before.has(t));
      if (tab) finish(tab);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const open = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ');
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} to open; open tabs: ${open}`));
    }, timeoutMs);
    Promise.resolve(action()).then(undefined, (err) => { clearTimeout(timer); sub.dispose(); reject(err); });
  });
}

/** Closes every editor tab except the fixture files, so each suite starts from the same layout. */
export async function closeOtherTabs(): Promise<void> {
  const others = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => !(t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'file'));
  if (others.length) await vscode.window.tabGroups.close(others);
}

/** Resolves when `check` returns a value, asking again after each `retryMs`; for state with no change event. */
export async function poll<T>(check: () => Promise<T | undefined>, what: () => string, timeoutMs: number, retryMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, retryMs));
  }
}

/** The go the harness was started with (the extension host's PATH may not hold it). */
export function testGo(tool: 'go' | 'gofmt' = 'go'): string {
  const go = process.env.GO_OOM_LENS_E2E_GO;
  if (!go || go === 'go') return tool;
  return tool === 'go' ? go : path.join(path.dirname(go), process.platform === 'win32' ? 'gofmt.exe' : 'gofmt');
}

/** Runs a lens's command and returns the explanation tab it opened and the text behind it. */
export async function runExplanation(cmd: vscode.Command): Promise<{ tab: vscode.Tab; text: string }> {
  const { command, arguments: args = [] } = cmd;
  // A preview opens its document in this extension host, possibly before its tab shows: listen first.
  // Documents open before (an earlier explanation of the same function has the same name) are not it.
  const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const early: vscode.TextDocument[] = [];
  const listening = vscode.workspace.onDidOpenTextDocument((d) => early.push(d));
  try {
    const tab = await nextOpenedTab(() => vscode.commands.executeCommand(command, ...args), `the explanation opened by ${command}`);
    return { tab, text: await explanationText(tab, early, before) };
  } finally {
    listening.dispose();
  }
}

/**
 * The text behind the explanation tab: the document itself, or for a preview (a webview, whose DOM
 * the API cannot read) the non-file document whose name the tab shows, which the preview opens.
 */
async function explanationText(tab: vscode.Tab, early: vscode.TextDocument[], before: ReadonlySet<string>): Promise<string> {
  if (tab.input instanceof vscode.TabInputText || tab.input instanceof vscode.TabInputCustom) {
    return (await vscode.workspace.openTextDocument(tab.input.uri)).getText();
  }
  ok(tab.input instanceof vscode.TabInputWebview, `the explanation opened as ${(tab.input as object | undefined)?.constructor?.name ?? 'nothing readable'}`);
  const shown = (d: vscode.TextDocument) => d.uri.scheme !== 'file' && !before.has(d.uri.toString()) && tab.label.includes(d.uri.path.split('/').pop() ?? '\0');
  const doc = await new Promise<vscode.TextDocument | undefined>((resolve) => {
    const now = [...early, ...vscode.workspace.textDocuments].filter(shown).pop();
    if (now) return resolve(now);
    const timer = setTimeout(() => { sub.dispose(); resolve(undefined); }, analysisMs);
    const sub = vscode.workspace.onDidOpenTextDocument((d) => {
      if (shown(d)) { clearTimeout(timer); sub.dispose(); resolve(d); }
    });
  });
  ok(doc, `the preview "${tab.label}" showed no document the tests can read within ${analysisMs / 1000} s`);
  return doc.getText();
}
