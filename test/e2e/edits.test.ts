// Typing in the editor: fix the loop by hand, break it again, and the diagnostics follow each version.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { byRule, firstAnalysisMs, openFixture, positionOf, waitForDiagnostics, waitForRules } from './helpers';

const W = vscode.DiagnosticSeverity.Warning;
const E = vscode.DiagnosticSeverity.Error;

suite('edits', () => {
  let editor: vscode.TextEditor;
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    editor = await openFixture('handler.go');
    doc = editor.document;
    await waitForRules(doc.uri, { 'zero-step-loop': W, 'unbounded-append': W }, firstAnalysisMs);
  });

  /** One keystroke-sized edit through the editor (incremental didChange). */
  async function type(edit: (b: vscode.TextEditorEdit) => void): Promise<void> {
    assert.ok(await editor.edit(edit, { undoStopBefore: false, undoStopAfter: false }), 'the editor refused the edit');
  }

  test('typing a guard before the loop clears both findings', async () => {
    const at = positionOf(doc, 'for i := 0;');
    const guard = 'if interval < 1 {\n\t\tinterval = 1\n\t}\n\t';
    let offset = doc.offsetAt(at);
    for (const ch of guard) {
      const pos = doc.positionAt(offset++);
      await type((b) => b.insert(pos, ch));
    }
    assert.match(doc.getText(), /if interval < 1 \{\n\t\tinterval = 1\n\t\}\n\tfor i/, `the typed guard is not where it should be:\n${doc.getText()}`);
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no findings once the step is clamped');
  });

  test('deleting the guard brings both warnings back', async () => {
    const start = positionOf(doc, 'if interval < 1 {');
    const end = positionOf(doc, 'for i := 0;');
    await type((b) => b.delete(new vscode.Range(start, end)));
    await waitForRules(doc.uri, { 'zero-step-loop': W, 'unbounded-append': W });
  });

  test('a literal zero step makes both findings errors', async () => {
    const step = positionOf(doc, 'i += interval', 'i += '.length);
    await type((b) => b.delete(new vscode.Range(step, step.translate(0, 'interval'.length))));
    await type((b) => b.insert(step, '0'));
    assert.match(doc.lineAt(step.line).text, /i \+= 0 \{/, 'the step was not replaced');
    const diags = await waitForRules(doc.uri, { 'zero-step-loop': E, 'unbounded-append': E });
    assert.equal(byRule(diags, 'zero-step-loop').length, 1, 'one zero-step-loop, not one per version');
  });

  test('a positive literal step clears them again', async () => {
    const step = positionOf(doc, 'i += 0', 'i += '.length);
    await type((b) => b.replace(new vscode.Range(step, step.translate(0, 1)), '2'));
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no findings with a step of 2');
  });
});
