// The "Why OOM, not stack overflow?" lens above the growing function, and the explanation it opens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeOtherTabs, codeLenses, firstAnalysisMs, lensTitle, lineOf, nextOpenedTab, openFixture, waitForRules } from './helpers';

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
    const tab = await nextOpenedTab(() => vscode.commands.executeCommand(command, ...args), `the explanation opened by ${command}`);
    assert.match(tab.label, /handler|OOM|oom/, `the opened tab "${tab.label}" does not name handler or OOM`);
    const text = await explanationText(tab);
    for (const fact of [/handler/, /stack overflow/, /SIGKILL|137/, /growslice/, /heap/, /1\s*GiB/, /4[,.\u202f ]?096\s*(B|bytes)|4\s*KiB/]) {
      assert.match(text, fact, `the explanation lacks ${fact}:\n${text.slice(0, 2000)}`);
    }
  });
});

/**
 * The text behind the explanation tab: the document itself, or for a preview (a webview, whose DOM
 * the API cannot read) the open non-file document whose name the tab shows.
 */
async function explanationText(tab: vscode.Tab): Promise<string> {
  if (tab.input instanceof vscode.TabInputText || tab.input instanceof vscode.TabInputCustom) {
    return (await vscode.workspace.openTextDocument(tab.input.uri)).getText();
  }
  assert.ok(tab.input instanceof vscode.TabInputWebview, `the explanation opened as ${(tab.input as object | undefined)?.constructor?.name ?? 'nothing readable'}`);
  const source = vscode.workspace.textDocuments
    .filter((d) => d.uri.scheme !== 'file' && tab.label.includes(d.uri.path.split('/').pop() ?? '\0'))
    .pop();
  assert.ok(source, `the preview "${tab.label}" shows no document the tests can read; open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
  return source.getText();
}
