// Hovers on the flagged loop, its step and the append explain this code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { firstAnalysisMs, hoverText, openFixture, positionOf, waitForRules } from './helpers';

suite('hover', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    doc = (await openFixture('handler.go')).document;
    await waitForRules(doc.uri, { 'zero-step-loop': undefined, 'unbounded-append': undefined }, firstAnalysisMs);
  });

  test('on the loop: where the step comes from, with a link to that line, and what 0 does', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'for i := 0;', 1));
    assert.ok(text.length > 0, 'no hover on the flagged loop');
    assert.match(text, /interval/, `the hover does not name the step:\n${text}`);
    assert.match(text, /getInterval\(\)/, `the hover does not say where the step comes from:\n${text}`);
    assert.match(text, /\b0\b|zero/i, `the hover does not say what happens at 0:\n${text}`);
    const causeLine = positionOf(doc, 'interval := getInterval()').line + 1;
    assert.match(text, new RegExp(`\\]\\([^)]*(#L?${causeLine}\\b|handler\\.go[^)]*${causeLine})`),
      `the hover has no markdown link to line ${causeLine}, where interval comes from:\n${text}`);
  });

  test('on the step: the same explanation', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'i += interval', 'i += '.length + 2));
    assert.match(text, /getInterval\(\)/, `no explanation on the step:\n${text}`);
  });

  test('on the append: what grows and how much each iteration adds', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'append(demos', 2));
    assert.match(text, /demos/, `the hover does not name what grows:\n${text}`);
    // Demo is struct{ buf [4096]byte }: 4096 bytes per appended element.
    assert.match(text, /4[,.\u202f ]?096\s*(B|bytes)|4\s*KiB/, `the hover does not give the 4096 B each iteration adds:\n${text}`);
    assert.match(text, /heap/i, `the hover does not say the growth is on the heap:\n${text}`);
  });

  test('no hover from us on a line that is fine', async () => {
    const text = await hoverText(doc.uri, positionOf(doc, 'func newDemo', 6));
    assert.doesNotMatch(text, /OOM|never end/i, `unexpected explanation on newDemo:\n${text}`);
  });
});
