// The "Why OOM, not stack overflow?" lens above the growing function, and the explanation it opens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analysisMs, closeOtherTabs, codeLenses, firstAnalysisMs, lensTitle, lineOf, nextOpenedTab, openFixture, waitForRules } from './helpers';

suite('code lens', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    doc = (await openFixture('handler.go')).document;
    await waitForRules(doc.uri, { 'zero-step-loop': undefined, 'unbounded-append': undefined }, firstAnalysisMs);
  });

  suiteTeardown(closeOtherTabs);

  test(`"${lensTitle}" sits above func handler, and only there`, async () => {
    const lenses = (await codeLenses(doc.uri)).filter((l) => l.command?.title === lensTitle);
    const fn = lineOf(doc, 'func handler(');
    assert.equal(lenses.length, 1, `expected one "${lensTitle}" lens, got ${lenses.length} on lines ${lenses.map((l) => l.range.start.line + 1).join(', ')}`);
    assert.equal(lenses[0].range.start.line, fn, `the lens is on line ${lenses[0].range.start.line + 1}, not on func handler (line ${fn + 1})`);
    assert.ok(lenses[0].command?.command, 'the lens has no command');
  });

  test('its command opens the explanation of handler', async () => {
    const lens = (await codeLenses(doc.uri)).find((l) => l.command?.title === lensTitle);
    assert.ok(lens?.command, 'no lens to click');
    const { command, arguments: args = [] } = lens.command;
    // A preview opens its document in this extension host, possibly before its tab shows: listen first.
    const early: vscode.TextDocument[] = [];
    const listening = vscode.workspace.onDidOpenTextDocument((d) => early.push(d));
    let text: string;
    try {
      const tab = await nextOpenedTab(() => vscode.commands.executeCommand(command, ...args), `the explanation opened by ${command}`);
      assert.match(tab.label, /handler|OOM|oom/, `the opened tab "${tab.label}" does not name handler or OOM`);
      text = await explanationText(tab, early);
    } finally {
      listening.dispose();
    }
    for (const fact of [/handler/, /stack overflow/, /SIGKILL|137/, /growslice/, /heap/, /1\s*GiB/, /4[,.\u202f ]?096\s*(B|bytes)|4\s*KiB/]) {
      assert.match(text, fact, `the explanation lacks ${fact}:\n${text.slice(0, 2000)}`);
    }
  });
});

/**
 * The text behind the explanation tab: the document itself, or for a preview (a webview, whose DOM
 * the API cannot read) the non-file document whose name the tab shows, which the preview opens.
 */
async function explanationText(tab: vscode.Tab, early: vscode.TextDocument[]): Promise<string> {
  if (tab.input instanceof vscode.TabInputText || tab.input instanceof vscode.TabInputCustom) {
    return (await vscode.workspace.openTextDocument(tab.input.uri)).getText();
  }
  assert.ok(tab.input instanceof vscode.TabInputWebview, `the explanation opened as ${(tab.input as object | undefined)?.constructor?.name ?? 'nothing readable'}`);
  const shown = (d: vscode.TextDocument) => d.uri.scheme !== 'file' && tab.label.includes(d.uri.path.split('/').pop() ?? '\0');
  const doc = await new Promise<vscode.TextDocument | undefined>((resolve) => {
    const now = [...early, ...vscode.workspace.textDocuments].filter(shown).pop();
    if (now) return resolve(now);
    const timer = setTimeout(() => { sub.dispose(); resolve(undefined); }, analysisMs);
    const sub = vscode.workspace.onDidOpenTextDocument((d) => {
      if (shown(d)) { clearTimeout(timer); sub.dispose(); resolve(d); }
    });
  });
  assert.ok(doc, `the preview "${tab.label}" showed no document the tests can read within ${analysisMs / 1000} s`);
  return doc.getText();
}
