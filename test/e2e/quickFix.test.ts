// Quick fixes for the incident's loop: offered, one preferred, and applying it fixes the code.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { applyCodeAction, byRule, codeLenses, firstAnalysisMs, lensTitle, openFixture, originalText, quickFixes, testGo, waitForDiagnostics, waitForRules } from './helpers';

/** gofmt's output for `text`, or a failure saying gofmt is missing. */
export function gofmt(text: string): string {
  try {
    return execFileSync(testGo('gofmt'), [], { input: text, encoding: 'utf8' });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${testGo('gofmt')} was not found (the tests need Go's gofmt)`);
    throw new Error(`gofmt rejects the fixed code: ${e.stderr ?? e.message}`);
  }
}

suite('quick fixes', () => {
  let doc: vscode.TextDocument;
  let loop: vscode.Diagnostic;

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    doc = (await openFixture('handler.go')).document;
    const diags = await waitForRules(doc.uri, { 'zero-step-loop': undefined, 'unbounded-append': undefined }, firstAnalysisMs);
    loop = byRule(diags, 'zero-step-loop')[0];
  });

  test('the loop offers a guard and a clamp, exactly one of them preferred', async () => {
    const fixes = (await quickFixes(doc.uri, loop)).filter((a) => a.diagnostics?.some((d) => d.code && JSON.stringify(d.code).includes('zero-step-loop')) ?? true);
    const titles = fixes.map((f) => `${f.isPreferred ? '* ' : ''}${f.title}`).join('; ');
    assert.ok(fixes.length >= 2, `expected at least a guard and a clamp, got: ${titles || '(none)'}`);
    assert.equal(fixes.filter((f) => f.isPreferred).length, 1, `expected exactly one preferred fix: ${titles}`);
    assert.ok(fixes.every((f) => f.edit && f.edit.size > 0), `a fix carries no edit: ${titles}`);
    assert.ok(fixes.some((f) => /guard|return/i.test(f.title)), `no guard among: ${titles}`);
    assert.ok(fixes.some((f) => /clamp|step < 1|at least 1|\b1\b/i.test(f.title)), `no clamp among: ${titles}`);
  });

  test('applying the preferred fix inserts gofmt-clean code before the loop and both findings go away', async function () {
    this.timeout(60_000);
    const fixes = await quickFixes(doc.uri, loop);
    const preferred = fixes.find((f) => f.isPreferred);
    assert.ok(preferred, `no preferred fix among: ${fixes.map((f) => f.title).join('; ') || '(none)'}`);
    await applyCodeAction(preferred);
    const after = await waitForDiagnostics(doc.uri,
      (ds) => byRule(ds, 'zero-step-loop').length === 0 && byRule(ds, 'unbounded-append').length === 0,
      `zero-step-loop and unbounded-append to go away after "${preferred.title}"`);
    assert.equal(after.length, 0, 'the fixed file still has findings');

    const text = doc.getText();
    const before = originalText('handler.go').split('\n');
    const lines = text.split('\n');
    // A pure insertion: every original line is still there, in order.
    let j = 0;
    const inserted: string[] = [];
    for (const l of lines) {
      if (j < before.length && l === before[j]) j++;
      else inserted.push(l);
    }
    assert.equal(j, before.length, `the fix changed existing lines, not only inserted:\n${text}`);
    const forLine = lines.findIndex((l) => l.includes('for i := 0; i < len(items); i += interval {'));
    assert.ok(inserted.length > 0 && lines.indexOf(inserted[inserted.length - 1]) < forLine, `the inserted code is not before the loop:\n${text}`);
    const block = inserted.join('\n');
    const guard = /if interval <= 0 \{\s*return nil\s*\}/.test(block);
    const clamp = /if interval < 1 \{\s*interval = 1\s*\}/.test(block);
    assert.ok(guard || clamp, `the preferred fix inserted neither a guard returning handler's zero value (return nil) nor a clamp:\n${block}`);
    assert.equal(gofmt(text), text, 'the fixed file is not gofmt-clean');
  });

  test(`after the fix, "${lensTitle}" is no longer offered`, async () => {
    const lenses = (await codeLenses(doc.uri)).filter((l) => l.command?.title === lensTitle);
    assert.equal(lenses.length, 0, `the lens is still offered on line ${lenses.map((l) => l.range.start.line + 1).join(', ')} of the fixed file`);
  });
});
