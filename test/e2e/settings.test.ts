// Settings reach the server: turning a rule off removes its findings, turning it back on restores them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { byRule, firstAnalysisMs, openFixture, waitForDiagnostics, waitForRules } from './helpers';

const section = 'goOomLens';
const key = 'rules.zero-step-loop';

suite('settings', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 10_000);
    doc = (await openFixture('handler.go')).document;
    await waitForRules(doc.uri, { 'zero-step-loop': undefined, 'unbounded-append': undefined }, firstAnalysisMs);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test(`${section}.${key} is declared with the default "default" and the value "off"`, () => {
    const info = vscode.workspace.getConfiguration(section).inspect(key);
    assert.ok(info, `${section}.${key} is not a declared setting`);
    assert.equal(info.defaultValue, 'default');
  });

  test('"off" removes zero-step-loop and keeps unbounded-append', async () => {
    await vscode.workspace.getConfiguration(section).update(key, 'off', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(doc.uri,
      (ds) => byRule(ds, 'zero-step-loop').length === 0 && byRule(ds, 'unbounded-append').length === 1,
      'zero-step-loop gone and unbounded-append still there with the rule off');
  });

  test('"error" overrides the severity', async () => {
    await vscode.workspace.getConfiguration(section).update(key, 'error', vscode.ConfigurationTarget.Workspace);
    await waitForRules(doc.uri, { 'zero-step-loop': vscode.DiagnosticSeverity.Error, 'unbounded-append': vscode.DiagnosticSeverity.Warning });
  });

  test('removing the setting restores the warning', async () => {
    await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRules(doc.uri, { 'zero-step-loop': vscode.DiagnosticSeverity.Warning });
  });
});
