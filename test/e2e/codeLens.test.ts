// The "Why OOM, not stack overflow?" lens above the growing function, and the explanation it opens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeOtherTabs, codeLenses, firstAnalysisMs, lensTitle, lineOf, openFixture, runExplanation, waitForRules } from './helpers';

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
    const { tab, text } = await runExplanation(lens.command);
    assert.match(tab.label, /handler|OOM|oom/, `the opened tab "${tab.label}" does not name handler or OOM`);
    for (const fact of [/handler/, /stack overflow/, /SIGKILL|137/, /growslice/, /heap/, /1\s*GiB/, /4[,.\u202f ]?096\s*(B|bytes)|4\s*KiB/]) {
      assert.match(text, fact, `the explanation lacks ${fact}:\n${text.slice(0, 2000)}`);
    }
  });
});
