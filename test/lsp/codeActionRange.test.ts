// textDocument/codeAction answers for the requested range only, whatever the context carries:
// eglot sends every diagnostic of the file, and applied another function's fix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { LspClient } from './lspClient';

const uri = 'file:///tmp/go-oom-lens-code-action-range/two.go';
const text = [
  'package two',
  '',
  'func first(items []int, a int) int {',
  '\ts := 0',
  '\tfor i := 0; i < len(items); i += a {',
  '\t\ts += items[i]',
  '\t}',
  '\treturn s',
  '}',
  '',
  'func second(items []int, b int) int {',
  '\ts := 0',
  '\tfor j := 0; j < len(items); j += b {',
  '\t\ts += items[j]',
  '\t}',
  '\treturn s',
  '}',
  '',
].join('\n');
const firstLoop = 4;
const secondLoop = 12;

/** The names the fixes' edits mention: `a` for the first function's step, `b` for the second's. */
const stepsIn = (actions: CodeAction[]): Set<string> => {
  const names = new Set<string>();
  for (const a of actions) {
    const edits = JSON.stringify(a.edit ?? {});
    if (/\ba\b/.test(edits.replace(/\\[nt]/g, ' '))) names.add('a');
    if (/\bb\b/.test(edits.replace(/\\[nt]/g, ' '))) names.add('b');
  }
  return names;
};

describe('code actions follow the requested range', () => {
  let client: LspClient;
  let diagnostics: Diagnostic[];
  before(async () => {
    client = new LspClient();
    await client.initialize();
    const published = client.diagnosticsFor(uri, 1, (ds) => ds.filter((d) => d.code === 'zero-step-loop').length === 2);
    await client.open(uri, text);
    diagnostics = (await published).diagnostics;
  });
  after(async () => client?.stop());

  const ask = (range: Range) => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  const loopOf = (line: number) => {
    const d = diagnostics.find((x) => x.code === 'zero-step-loop' && x.range.start.line === line);
    assert.ok(d, `a zero-step-loop diagnostic on line ${line + 1}: ${JSON.stringify(diagnostics.map((x) => [x.code, x.range.start.line]))}`);
    return d;
  };

  test('both loops are flagged and each has fixes of its own', async () => {
    for (const line of [firstLoop, secondLoop]) {
      const d = loopOf(line);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      assert.ok(actions.length > 0, `fixes for line ${line + 1}`);
      assert.deepEqual([...stepsIn(actions)], [line === firstLoop ? 'a' : 'b']);
    }
  });

  test('a range inside the second function gets only its fixes, though the context holds both', async () => {
    const actions = await ask(loopOf(secondLoop).range);
    assert.ok(actions.length > 0, 'the second loop has fixes');
    assert.deepEqual([...stepsIn(actions)], ['b'], actions.map((a) => a.title).join('\n'));
    for (const a of actions) assert.deepEqual(a.diagnostics?.map((d) => d.range.start.line), [secondLoop], a.title);
  });

  test('an empty range at the cursor on the first loop gets only the first function\'s fixes', async () => {
    const at = loopOf(firstLoop).range.start;
    const actions = await ask({ start: at, end: at });
    assert.ok(actions.length > 0, 'the first loop has fixes');
    assert.deepEqual([...stepsIn(actions)], ['a'], actions.map((a) => a.title).join('\n'));
  });

  test('a cursor touching the end of a diagnostic still counts', async () => {
    const end = loopOf(secondLoop).range.end;
    const actions = await ask({ start: end, end });
    assert.deepEqual([...stepsIn(actions)], ['b'], actions.map((a) => a.title).join('\n'));
  });

  test('a range between the functions gets no fixes', async () => {
    const between = { line: 9, character: 0 };
    assert.deepEqual(await ask({ start: between, end: between }), []);
  });
});
