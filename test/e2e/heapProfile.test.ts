// A heap profile made by the real Go runtime, opened with the "Open Heap Profile…" command: the
// append line gets its end-of-line annotation, the hover and the "Why OOM" explanation quote its
// bytes; "Close Heap Profile" removes them. "Fetch Heap Profile" reads a real net/http/pprof server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { heapProfile, startPprofServer } from '../profile/goPrograms';
import { closeOtherTabs, codeLenses, firstAnalysisMs, fullRange, hoverText, lensTitle, lineOf, openFixture, poll, runExplanation, waitForRules } from './helpers';

const label = (h: vscode.InlayHint): string => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
const profileHints = async (doc: vscode.TextDocument): Promise<vscode.InlayHint[]> =>
  ((await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, fullRange(doc))) ?? []).filter((h) => label(h).startsWith('▲'));

suite('heap profile', () => {
  let doc: vscode.TextDocument;
  let appendLine: number;

  suiteSetup(async function () {
    this.timeout(firstAnalysisMs + 120_000);
    doc = (await openFixture('handler.go')).document;
    appendLine = lineOf(doc, 'demos = append(demos, newDemo())');
    await waitForRules(doc.uri, { 'unbounded-append': undefined }, firstAnalysisMs);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('goOomLens.closeHeapProfile');
    await closeOtherTabs();
  });

  test('opening a profile annotates the append line and the explanation quotes its bytes', async function () {
    this.timeout(180_000);
    // A -trimpath build of test/profile/testdata/heapdemo: its handler.go is the fixture's, bounded.
    const profile = heapProfile({ trimpath: true });
    assert.equal(await vscode.commands.executeCommand('goOomLens.openHeapProfile', vscode.Uri.file(profile)), true, 'the profile did not open');
    let seen: vscode.InlayHint[] = [];
    const hint = await poll(async () => {
      seen = await profileHints(doc);
      return seen.find((h) => h.position.line === appendLine);
    }, () => `a ▲ annotation on line ${appendLine + 1}; seen: ${seen.map((h) => `${h.position.line + 1}: ${label(h)}`).join('; ') || 'none'}`, 30_000);
    assert.match(label(hint), /^▲ [\d.]+ MiB in use · \d+%$/);
    assert.equal(hint.position.character, doc.lineAt(appendLine).text.length, 'at the end of the line');

    const hover = await hoverText(doc.uri, new vscode.Position(appendLine, doc.lineAt(appendLine).text.indexOf('append')));
    assert.match(hover, /this append holds [\d.]+ MiB, \d+% of in-use memory: at 4,096 B per element/);

    const lens = (await codeLenses(doc.uri)).find((l) => l.command?.title === lensTitle);
    assert.ok(lens?.command, 'no "Why OOM" lens to click');
    const { text } = await runExplanation(lens.command);
    assert.match(text, /\*\*In the heap profile:\*\* in the profile you opened, this append holds [\d.]+ MiB, \d+% of in-use memory: at 4,096 B per element, about [\d,]+ elements/, text.slice(0, 3000));
  });

  test('"Close Heap Profile" removes the annotations', async () => {
    await vscode.commands.executeCommand('goOomLens.closeHeapProfile');
    assert.deepEqual((await profileHints(doc)).map(label), []);
    assert.ok(!(await codeLenses(doc.uri)).some((l) => l.command?.title.startsWith('▲')), 'a profile lens is left');
  });

  test('"Fetch Heap Profile" reads a running program\'s /debug/pprof/heap on 127.0.0.1', async function () {
    this.timeout(120_000);
    const server = await startPprofServer();
    try {
      const opened = await vscode.commands.executeCommand('goOomLens.fetchHeapProfile', `${server.url}/debug/pprof/heap`);
      assert.equal(opened, true, 'the fetched profile did not open');
    } finally {
      await server.stop();
    }
  });
});
