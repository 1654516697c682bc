// A reparse that runs out of time (budget 0 here: every reparse that gets that far does) leaves the
// declaration being edited without findings for the moment, keeps the other declarations'
// findings, and brings the edited one's back once edits pause and its real parse is finished.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from './lspClient';

const functions = Array.from({ length: 20 }, (_, i) => [
  `func f${i}(items []int, step int) int {`,
  '\ttotal := 0',
  '\tfor i := 0; i < len(items); i += step {',
  `\t\ttotal += items[i] * ${i}`,
  '\t}',
  '\treturn total',
  '}',
].join('\n'));
const text = `package budget\n\n${functions.join('\n\n')}\n`;
const uri = 'file:///budget/loops.go';
const f7 = text.split('\n').findIndex((l) => l.startsWith('func f7('));
/** The functions with findings (each is 8 lines long, from line 2). */
const funcs = (ds: Diagnostic[]): number[] => [...new Set(ds.map((d) => Math.floor((d.range.start.line - 2) / 8)))].sort((a, b) => a - b);
const all = Array.from({ length: 20 }, (_, i) => i);

let client: LspClient;
before(async () => {
  client = new LspClient(undefined, { GO_OOM_LENS_PARSE_BUDGET_MS: '0' });
  client.settings = { debounceMs: 0, escape: { mode: 'off' } };
  await client.initialize({ clientHandlesExplain: true, settings: client.settings });
});
after(() => client.stop());

/** The diagnostics of a version that pass `test`, or what was published of it within 10 s (so that a failure says what came). */
function published(version: number, test: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  let last: PublishDiagnosticsParams | undefined;
  return Promise.race([
    client.diagnostics(uri, (p) => { if (p.version === version) last = p; return p.version === version && test(p); }),
    new Promise<PublishDiagnosticsParams>((resolve) => setTimeout(() => resolve(last ?? { uri, version, diagnostics: [] }), 10_000).unref()),
  ]);
}

test('the edited declaration loses its findings until its parse is finished; the others keep theirs', async () => {
  const opened = published(1, () => true);
  await client.open(uri, text);
  const before = await opened;
  assert.deepEqual(funcs(before.diagnostics), all, 'every loop is found');
  const edited = published(2, () => true);
  const completed = published(2, (p) => funcs(p.diagnostics).length === 20);
  await client.change(uri, 2, [{ range: { start: { line: f7 + 3, character: 2 }, end: { line: f7 + 3, character: 2 } }, text: 'total++\n\t\t' }]);
  assert.deepEqual(funcs((await edited).diagnostics), all.filter((i) => i !== 7), 'f7 has no findings while it is parsed as blank, the others keep theirs');
  const done = await completed;
  assert.deepEqual(funcs(done.diagnostics), all, 'once edits pause, f7 is parsed and analysed again');
  assert.equal(done.diagnostics.length, before.diagnostics.length);
});
