// A heap profile made by the real Go runtime, opened in the real server over JSON-RPC: the
// end-of-line annotations (inlay hints), the hover, the code lens and the explanation quote it; the
// sample-type setting switches what they show; moved code is followed; close removes everything.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Hover, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import type { ExplainResult, OpenProfileResult, ProfileSummary } from '../../server/src/protocol';
import { heapdemoDir, heapProfile, tempDir } from '../profile/goPrograms';
import { LspClient, repoRoot } from './lspClient';

const fixture = path.join(repoRoot, 'test', 'e2e', 'fixtures', 'incident');

/** A throwaway copy of a folder, so edits never touch the repository. */
function copyOf(dir: string): string {
  const to = fs.mkdtempSync(path.join(tempDir(), 'ws-'));
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

const label = (h: InlayHint): string => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
const hoverText = (h: Hover | null): string => ((h?.contents as MarkupContent | undefined)?.value ?? '');

describe('a heap profile over the protocol', () => {
  let client: LspClient;
  let ws: string;
  let uri: string;
  let text: string;
  let appendLine: number;
  let handlerLine: number;
  let profile: string;
  let demo: string;
  let refreshWaiters: Array<() => void> = [];
  /** The next workspace/inlayHint/refresh the server sends (after a settings change, open or close). */
  const nextRefresh = (): Promise<void> => new Promise((resolve) => refreshWaiters.push(resolve));
  const hints = async (u = uri): Promise<InlayHint[]> => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });

  before(async () => {
    // -trimpath: the profile names `example.com/incident/handler.go`, matched through the fixture's go.mod.
    profile = heapProfile({ trimpath: true });
    ws = copyOf(fixture);
    demo = copyOf(heapdemoDir);
    const file = path.join(ws, 'handler.go');
    uri = pathToFileURL(file).toString();
    text = fs.readFileSync(file, 'utf8');
    appendLine = text.split('\n').findIndex((l) => l.includes('demos = append(demos, newDemo())'));
    handlerLine = text.split('\n').findIndex((l) => l.startsWith('func handler('));
    client = new LspClient();
    client.settings = { debounceMs: 0, escape: { mode: 'off' } };
    client.connection.onRequest('workspace/inlayHint/refresh', () => {
      const ws = refreshWaiters;
      refreshWaiters = [];
      for (const w of ws) w();
      return null;
    });
    await client.initialize({ clientHandlesExplain: true }, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } } }, { workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'incident' }, { uri: pathToFileURL(demo).toString(), name: 'heapdemo' }] });
    const published = client.diagnosticsFor(uri, 1, (ds) => ds.some((d) => d.code === 'unbounded-append'));
    await client.open(uri, text);
    await published;
  });
  after(async () => client?.stop());

  test('opening the profile returns its summary: handler\'s append line holds nearly everything', async () => {
    const r = await client.request<OpenProfileResult>('goOomLens/openProfile', { path: profile });
    assert.ok(r.ok, JSON.stringify(r));
    const { summary } = r as { summary: ProfileSummary };
    assert.equal(summary.sampleType, 'inuse_space');
    assert.match(summary.headline, /^inuse_space: [\d.]+ MiB in all/);
    const handler = summary.functions.find((f) => f.name === 'main.handler');
    assert.ok(handler, JSON.stringify(summary.functions.map((f) => f.name)));
    assert.equal(summary.functions[0], handler, 'the hottest function');
    assert.equal(handler.lines[0].uri, uri);
    assert.equal(handler.lines[0].line, appendLine);
    assert.equal(handler.lines[0].flagged, true);
  });

  test('the append line gets an end-of-line annotation with its bytes and share', async () => {
    const all = await hints();
    const hint = all.find((h) => h.position.line === appendLine);
    assert.ok(hint, `hints: ${JSON.stringify(all)}`);
    assert.equal(hint.position.character, text.split('\n')[appendLine].length, 'at the end of the line');
    const m = /^▲ ([\d.]+) MiB in use · (\d+)%$/.exec(label(hint));
    assert.ok(m, label(hint));
    // 2,000 Demo values of 4 KiB: the last backing array has room for at least 2,000.
    assert.ok(Number(m[1]) >= 2000 * 4096 / 1024 ** 2, label(hint));
    assert.ok(Number(m[2]) >= 90, label(hint));
    assert.match((hint.tooltip as MarkupContent).value, /\*\*Here:\*\* [\d.]+ MiB in use, \d+% of in-use memory/);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: appendLine, character: 1 } });
    assert.match(hoverText(hover), /Top stacks through this line\*\*\n\n1\. [\d.]+ MiB \(\d+%\): `main\.handler` \[handler\.go:20\]\(file:\/\/\/[^)]*handler\.go#L20\) ← `main\.main` \[?main\.go:\d+[^←]*← `runtime\.main` proc\.go:\d+/);
  });

  test('the append\'s hover, the code lens and the explanation quote the profile', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: appendLine, character: text.split('\n')[appendLine].indexOf('append') } });
    const md = hoverText(hover);
    assert.match(md, /`demos` gains/);
    assert.match(md, /In the heap profile:\*\* in the profile you opened, this append holds [\d.]+ MiB, \d+% of in-use memory: at 4,096 B per element, about [\d,]+ elements/);
    assert.match(md, /Heap profile[\s\S]*Finding:\*\* `zero-step-loop`, `unbounded-append`/);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const lens = lenses.find((l) => l.command?.title.startsWith('▲ profile'));
    assert.ok(lens, JSON.stringify(lenses));
    assert.equal(lens.range.start.line, handlerLine);
    assert.match(lens.command!.title, /holds [\d.]+ MiB \(\d+% of in-use memory\)/);
    const explained = await client.request<ExplainResult>('goOomLens/explain', { uri, line: handlerLine });
    assert.match(explained.markdown, /\*\*In the heap profile:\*\* in the profile you opened, this append holds [\d.]+ MiB/);
  });

  test('the sample-type setting switches the annotations to allocated objects', async () => {
    let refreshed = nextRefresh();
    await client.configure({ debounceMs: 0, escape: { mode: 'off' }, profile: { sampleType: 'alloc_objects' } });
    await refreshed;
    const hint = (await hints()).find((h) => h.position.line === appendLine);
    assert.ok(hint);
    assert.match(label(hint), /^▲ [\d,]+ objects allocated · [\d.]+%$/);
    refreshed = nextRefresh();
    await client.configure({ debounceMs: 0, escape: { mode: 'off' } });
    await refreshed;
    assert.ok((await hints()).some((h) => /in use/.test(label(h))));
  });

  test('lines added above handler: the annotation follows the function and says where the profile had it', async () => {
    await client.change(uri, 2, [{ range: { start: { line: handlerLine, character: 0 }, end: { line: handlerLine, character: 0 } }, text: '// one\n// two\n// three\n' }]);
    const hint = (await hints()).find((h) => h.position.line === appendLine + 3);
    assert.ok(hint, 'the hint moved with the function');
    assert.equal(label(hint).endsWith(`(profile: line ${appendLine + 1})`), true, label(hint));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: appendLine + 3, character: 2 } });
    assert.match(hoverText(hover), /another version of this file, 3 lines further down now: matched by function `handler`/);
    await client.change(uri, 3, [{ range: { start: { line: handlerLine, character: 0 }, end: { line: handlerLine + 3, character: 0 } }, text: '' }]);
  });

  test('a corrupt file is refused with one message and the open profile stays', async () => {
    const bad = path.join(tempDir(), 'truncated.pb.gz');
    const bytes = new Uint8Array(fs.readFileSync(profile));
    fs.writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r = await client.request<OpenProfileResult>('goOomLens/openProfile', { path: bad });
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /truncated/);
    assert.ok((await hints()).some((h) => h.position.line === appendLine), 'the first profile still shows');
  });

  test('a hot line with no finding says to look at the callers; close removes everything', async () => {
    // The untrimmed profile of heapdemo, whose loop is bounded: its main.go is the copy's (the only
    // main.go); its handler.go matches both workspace folders' equally well, so neither.
    const mainFile = path.join(demo, 'main.go');
    const mainUri = pathToFileURL(mainFile).toString();
    const mainText = fs.readFileSync(mainFile, 'utf8');
    const recordLine = mainText.split('\n').findIndex((l) => l.includes('b := make([]byte, 1024)'));
    await client.open(mainUri, mainText);
    await client.diagnosticsFor(mainUri, 1);
    const r = await client.request<OpenProfileResult>('goOomLens/openProfile', { path: heapProfile() });
    assert.ok(r.ok, JSON.stringify(r));
    const hint = (await hints(mainUri)).find((h) => h.position.line === recordLine);
    assert.ok(hint, 'the 1 KiB records are about 2% of the heap');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: mainUri }, position: { line: recordLine, character: 1 } });
    assert.match(hoverText(hover), /no loop here was proven to be unbounded: look at the callers/);
    assert.equal((await hints()).length, 0, 'the second profile replaced the first, and its handler.go is ambiguous');
    await client.request('goOomLens/closeProfile', null);
    assert.deepEqual(await hints(mainUri), []);
    assert.equal(await client.request('goOomLens/profileSummary', null), null);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(!lenses.some((l) => l.command?.title.startsWith('▲')));
  });
});
