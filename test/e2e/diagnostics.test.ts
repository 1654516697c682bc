// The incident's diagnostics: ids, severities, ranges, messages, related locations, documentation links.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { byRule, firstAnalysisMs, lineOf, listDiagnostics, openFixture, waitForRules } from './helpers';

suite('diagnostics', () => {
  let doc: vscode.TextDocument;
  let diags: vscode.Diagnostic[];

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    doc = (await openFixture('handler.go')).document;
    diags = await waitForRules(doc.uri, { 'zero-step-loop': undefined, 'unbounded-append': undefined }, firstAnalysisMs);
  });

  test('zero-step-loop: one warning on the for line, from `for` to its `{`', () => {
    const found = byRule(diags, 'zero-step-loop');
    assert.equal(found.length, 1, `expected one zero-step-loop, got:\n  ${listDiagnostics(found)}`);
    const d = found[0];
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, 'getInterval() may return 0 but need not: a warning, not an error');
    const line = lineOf(doc, 'for i := 0; i < len(items); i += interval {');
    const text = doc.lineAt(line).text;
    assert.equal(d.range.start.line, line, 'the diagnostic starts on the for line');
    assert.equal(d.range.start.character, text.indexOf('for'), 'the diagnostic starts at `for`');
    assert.equal(d.range.end.line, line, 'the diagnostic ends on the for line');
    assert.equal(d.range.end.character, text.indexOf('{') + 1, 'the diagnostic ends after the loop\'s `{`');
    assert.match(d.message, /interval/, 'the message names the step');
    assert.match(d.message, /getInterval\(\)/, 'the message names where the step comes from');
  });

  test('unbounded-append: one warning on the append line covering the append', () => {
    const found = byRule(diags, 'unbounded-append');
    assert.equal(found.length, 1, `expected one unbounded-append, got:\n  ${listDiagnostics(found)}`);
    const d = found[0];
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, 'severity follows the loop: a warning');
    const line = lineOf(doc, 'demos = append(demos, newDemo())');
    assert.equal(d.range.start.line, line, 'the diagnostic is on the append line');
    assert.equal(d.range.end.line, line, 'the diagnostic stays on the append line');
    assert.match(doc.getText(d.range), /append\(demos, newDemo\(\)\)/, 'the range covers the append call');
    assert.match(d.message, /demos/, 'the message names what grows');
    assert.match(d.message, /OOM|SIGKILL|137/, 'the message says how the process dies');
  });

  test('nothing else is reported in the incident file', () => {
    const others = diags.filter((d) => !['zero-step-loop', 'unbounded-append'].includes(String(typeof d.code === 'object' ? d.code.value : d.code)));
    assert.equal(others.length, 0, `unexpected:\n  ${listDiagnostics(others)}`);
  });

  test('related locations point at getInterval() and at the loop', () => {
    const loop = byRule(diags, 'zero-step-loop')[0];
    const related = loop.relatedInformation ?? [];
    const cause = lineOf(doc, 'interval := getInterval()');
    assert.ok(related.some((r) => r.location.uri.toString() === doc.uri.toString() && r.location.range.start.line === cause),
      `zero-step-loop has no related location on line ${cause + 1}; it has: ${related.map((r) => `${r.location.range.start.line + 1}: ${r.message}`).join('; ')}`);
    const append = byRule(diags, 'unbounded-append')[0];
    const loopLine = lineOf(doc, 'for i := 0;');
    assert.ok((append.relatedInformation ?? []).some((r) => r.location.range.start.line === loopLine),
      'unbounded-append has no related location on the loop');
  });

  test('each diagnostic links to its rule\'s documentation', () => {
    for (const d of diags) {
      assert.equal(typeof d.code, 'object', `${String(d.code)} has no codeDescription link`);
      const code = d.code as { value: string | number; target: vscode.Uri };
      assert.ok(code.target.toString().length > 0, `${code.value} links nowhere`);
      assert.match(code.target.toString(), new RegExp(String(code.value)), `the link of ${code.value} does not name the rule`);
    }
  });
});
