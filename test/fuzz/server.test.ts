// The fixed-seed slice of fuzzing the real server over JSON-RPC: mutated and generated documents are
// opened and edited at random; every published diagnostic (its related locations, and its fixes' edits)
// lies inside the document as the client holds it, and hover, code lens, code actions, inlay hints
// and explanations at random positions are answered without an error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { LspClient } from '../lsp/lspClient';
import { fuzzCases } from './campaign';
import { seedFiles } from './corpus';
import { tokenize } from './mutate';
import { Random } from './random';

let client: LspClient;
before(async () => { client = new LspClient(); await client.initialize(); });
after(async () => client?.stop());

function inside(doc: TextDocument, r: Range): boolean {
  const ok = (p: { line: number; character: number }): boolean => {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0 || p.line >= doc.lineCount) return false;
    const lineEnd = doc.offsetAt({ line: p.line + 1, character: 0 }) - doc.offsetAt({ line: p.line, character: 0 });
    return p.character <= lineEnd;
  };
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

function rangesOf(d: Diagnostic): Range[] {
  return [d.range, ...(d.relatedInformation ?? []).map((r) => r.location.range)];
}

/** The ranges a code action's edit changes (as `changes` or as `documentChanges`). */
function editRanges(a: CodeAction): Range[] {
  const e = a.edit;
  if (!e) return [];
  const byUri = Object.values(e.changes ?? {}).flat();
  const byDoc = (e.documentChanges ?? []).flatMap((c) => ('edits' in c ? c.edits : []));
  return [...byUri, ...byDoc].map((t) => t.range);
}

test('random documents and edits over the protocol (seed 77, 10 documents × 8 edits)', async () => {
  const rng = new Random(77);
  const failures: string[] = [];
  let n = 0;
  for (const c of fuzzCases(77, seedFiles().files)) {
    if (n >= 10) break;
    if (c.text.length > 120_000) continue;
    const uri = `untitled:server-fuzz-${n++}.go`;
    let doc = TextDocument.create(uri, 'go', 1, c.text);
    const first = client.diagnosticsFor(uri, 1);
    await client.open(uri, c.text);
    let published = await first;
    for (let v = 2; v <= 9; v++) {
      const text = doc.getText();
      const a = doc.positionAt(rng.int(text.length + 1));
      const b = doc.positionAt(Math.min(text.length, doc.offsetAt(a) + rng.int(30)));
      const insert = rng.pick(tokenize(text.slice(0, 2000)).concat(['\n', '{', '}', 'for {', '0']));
      const change = { range: { start: a, end: b }, text: insert.replace(/\r(?!\n)/g, '') };
      doc = TextDocument.update(doc, [change], v);
      const next = client.diagnosticsFor(uri, v);
      await client.change(uri, v, [change]);
      published = await next;
      for (const d of published.diagnostics) {
        for (const r of rangesOf(d)) if (!inside(doc, r)) failures.push(`${c.name} v${v}: ${d.code} range ${JSON.stringify(r)} outside the document`);
        // Its fixes, built for this version when asked for.
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        for (const r of actions.flatMap(editRanges)) if (!inside(doc, r)) failures.push(`${c.name} v${v}: ${d.code} fix edit ${JSON.stringify(r)} outside the document`);
      }
      const position = doc.positionAt(rng.int(doc.getText().length + 1));
      const requests: Array<[string, unknown]> = [
        ['textDocument/hover', { textDocument: { uri }, position }],
        ['textDocument/codeLens', { textDocument: { uri } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: published.diagnostics } }],
        ['textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } } }],
        ['goOomLens/explain', { uri, line: position.line }],
      ];
      for (const [method, params] of requests) {
        try {
          await client.request(method, params);
        } catch (e) {
          failures.push(`${c.name} v${v}: ${method} failed: ${String(e)}`);
        }
      }
    }
    await client.close(uri);
  }
  assert.deepEqual(failures, []);
});
