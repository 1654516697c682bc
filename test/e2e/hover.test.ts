// Hovers on the flagged loop, its step and the append explain this code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { byRule, closeOtherTabs, firstAnalysisMs, hoverText, openFixture, positionOf, runExplanation, waitForRules } from './helpers';

suite('hover', () => {
  let doc: vscode.TextDocument;
  let diagnostics: vscode.Diagnostic[];

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    doc = (await openFixture('handler.go')).document;
    diagnostics = await waitForRules(doc.uri, { 'zero-step-loop': undefined, 'unbounded-append': undefined }, firstAnalysisMs);
  });

  suiteTeardown(closeOtherTabs);

  test('on the loop: what 0 does to the step (where it comes from is the related location above), what grows', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'for i := 0;', 1));
    assert.ok(text.length > 0, 'no hover on the flagged loop');
    assert.match(text, /with `interval` = 0, `i \+= interval` leaves `i` unchanged/, `the hover does not say what happens at 0:\n${text}`);
    assert.match(text, /`demos` \(\[line \d+\]\([^)]*handler\.go#L\d+\)\) gains/, `the hover does not link what grows:\n${text}`);
    // The editor lists the diagnostic's related locations above the hover: the cause is there, once.
    const cause = byRule(diagnostics, 'zero-step-loop')[0].relatedInformation?.find((r) => /getInterval\(\)/.test(r.message));
    const causeLine = positionOf(doc, 'interval := getInterval()').line;
    assert.equal(cause?.location.range.start.line, causeLine, 'the related location says where interval comes from');
    assert.doesNotMatch(text, /getInterval\(\)/, `the hover repeats the related location:\n${text}`);
  });

  test('on the step: the same explanation', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'i += interval', 'i += '.length + 2));
    assert.match(text, /When it is 0:/, `no explanation on the step:\n${text}`);
  });

  test('on the append: what grows and how much each iteration adds', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'append(demos', 2));
    assert.match(text, /demos/, `the hover does not name what grows:\n${text}`);
    // Demo is struct{ buf [4096]byte }: 4096 bytes per appended element.
    assert.match(text, /4[,.\u202f ]?096\s*(B|bytes)|4\s*KiB/, `the hover does not give the 4096 B each iteration adds:\n${text}`);
    assert.match(text, /heap/i, `the hover does not say the growth is on the heap:\n${text}`);
  });

  test('the editor shows the diagnostic above: the hover does not repeat it and stays within 8 lines', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'for i := 0;', 1));
    for (const d of [...byRule(diagnostics, 'zero-step-loop'), ...byRule(diagnostics, 'unbounded-append')]) {
      assert.ok(!text.includes(d.message), `the hover repeats the diagnostic's message "${d.message}":\n${text}`);
    }
    assert.doesNotMatch(text, /zero-step-loop|unbounded-append/, `the hover repeats the rule ids the diagnostic shows:\n${text}`);
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    assert.ok(lines.length <= 8, `${lines.length} lines:\n${text}`);
  });

  test('its link opens the full explanation of handler', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'for i := 0;', 1));
    const m = /\]\(command:(goOomLens\.showExplanation)\?([^)]+)\)/.exec(text);
    assert.ok(m, `no link to the explanation in the hover:\n${text}`);
    const args = JSON.parse(decodeURIComponent(m[2])) as unknown[];
    const { text: page } = await runExplanation({ title: 'link', command: m[1], arguments: args });
    assert.match(page, /# Why `handler` is OOM-killed/, page.slice(0, 500));
  });

  test('no hover from us on a line that is fine', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'func newDemo', 6));
    assert.doesNotMatch(text, /OOM|never end/i, `unexpected explanation on newDemo:\n${text}`);
  });
});
