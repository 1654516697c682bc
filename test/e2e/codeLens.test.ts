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
    if (tab.input instanceof vscode.TabInputText || tab.input instanceof vscode.TabInputCustom) {
      const text = (await vscode.workspace.openTextDocument(tab.input.uri)).getText();
      for (const fact of [/handler/, /stack overflow/, /SIGKILL|137/, /growslice|heap/, /1\s*GiB/]) {
        assert.match(text, fact, `the explanation lacks ${fact}`);
      }
    } else {
      assert.ok(tab.input instanceof vscode.TabInputWebview, `the explanation opened as ${tab.input?.constructor?.name ?? 'nothing readable'}`);
    }
  });
});
