// The "Why OOM, not stack overflow?" lens above the growing function, the "Why this hangs" lens above
// a loop that grows nothing, and the explanations they open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeOtherTabs, codeLenses, firstAnalysisMs, fixtureUri, hangLensTitle, lensTitle, lineOf, openFixture, runExplanation, waitForRules } from './helpers';
import { spinSource } from '../unit/spinSource';

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

  test(`"${hangLensTitle}" sits above a loop that only spins, and opens a page that says it hangs, not OOM`, async function () {
    this.timeout(firstAnalysisMs + 30_000);
    // A package of its own, so the fixture package's findings stay as the other suites expect.
    const uri = fixtureUri('spin/spin.go');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(spinSource('spin')));
    try {
      const spin = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(spin);
      await waitForRules(uri, { 'zero-step-loop': undefined }, firstAnalysisMs);
      const lenses = await codeLenses(uri);
      const fn = lineOf(spin, 'func spin(');
      assert.deepEqual(lenses.filter((l) => l.range.start.line === fn).map((l) => l.command?.title), [hangLensTitle]);
      const { text } = await runExplanation(lenses.find((l) => l.command?.title === hangLensTitle)!.command!);
      for (const fact of [/# Why `spin` hangs instead of crashing/, /100 %/, /Memory stays flat/, /Liveness probe/, /ctx\.Done\(\)/, /debug=2/, /SIGQUIT/, /`step` comes from `getStep\(\)`/]) {
        assert.match(text, fact, `the explanation lacks ${fact}:\n${text.slice(0, 2000)}`);
      }
      assert.doesNotMatch(text, /growslice|OOM-killed|SIGKILL/, `the hang page talks about OOM:\n${text.slice(0, 2000)}`);
    } finally {
      await closeOtherTabs();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
  });
});

