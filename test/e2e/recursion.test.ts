// The contrast case: a String method that formats its own receiver recurses until the stack limit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { byRule, codeLenses, firstAnalysisMs, lineOf, listDiagnostics, openFixture, waitForRules } from './helpers';

suite('recursion', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    doc = (await openFixture('level.go')).document;
  });

  test('infinite-recursion: an error on the Sprintf that calls String again', async () => {
    const diags = await waitForRules(doc.uri, { 'infinite-recursion': vscode.DiagnosticSeverity.Error });
    const found = byRule(diags, 'infinite-recursion');
    assert.equal(found.length, 1, `expected one infinite-recursion:\n  ${listDiagnostics(found)}`);
    assert.equal(found[0].range.start.line, lineOf(doc, 'fmt.Sprintf("level %v", l)'), 'reported on the recursive call');
    assert.match(found[0].message, /stack overflow/, 'the message names the way it dies');
  });

  test('a lens above String explains the stack overflow', async () => {
    const fn = lineOf(doc, 'func (l Level) String()');
    const lenses = (await codeLenses(doc.uri)).filter((l) => l.range.start.line === fn);
    assert.ok(lenses.some((l) => /stack overflow/i.test(l.command?.title ?? '')),
      `no lens mentioning the stack overflow above String; lenses there: ${lenses.map((l) => l.command?.title).join('; ') || '(none)'}`);
  });
});
