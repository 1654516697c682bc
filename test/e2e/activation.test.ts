// The extension is installed, activates on a Go file and publishes its first diagnostics.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, firstAnalysisMs, openFixture, ours, serverIsSilent, waitForDiagnostics } from './helpers';

suite('activation', () => {
  test('the extension is present and declares the go language as its trigger', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `extension ${extensionId} is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    assert.ok((ext.packageJSON.activationEvents ?? []).includes('onLanguage:go'), 'activationEvents lacks onLanguage:go');
  });

  test('opening the incident file activates it and diagnostics arrive', async function () {
    this.timeout(firstAnalysisMs + 10_000);
    const editor = await openFixture('handler.go');
    assert.equal(editor.document.languageId, 'go', 'VS Code did not give handler.go the go language');
    const ext = vscode.extensions.getExtension(extensionId)!;
    // activate() resolves at once if onLanguage:go already did it, and surfaces activation errors.
    await ext.activate();
    assert.ok(ext.isActive, 'the extension did not activate');
    const diags = await waitForDiagnostics(editor.document.uri, (ds) => ds.length > 0, 'the first diagnostics', firstAnalysisMs)
      .catch((err: Error) => {
        serverIsSilent(`no diagnostic arrived within ${firstAnalysisMs / 1000} s of opening handler.go (see the activation test)`);
        throw err;
      });
    assert.ok(ours(editor.document.uri).length === diags.length);
  });
});
