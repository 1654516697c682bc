// Hostile and out-of-order protocol input, over the real bundled server on stdio: the server answers
// with errors where LSP and JSON-RPC say so, survives everything else, and keeps serving.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot } from '../lsp/lspClient';
import { RawServer } from './rawServer';

const incident = fs.readFileSync(path.join(repoRoot, 'examples', 'incident', 'main.go'), 'utf8');
const ServerNotInitialized = -32002;
const InvalidRequest = -32600;
const MethodNotFound = -32601;

describe('the lifecycle', () => {
  test('a request before initialize gets ServerNotInitialized; a notification before it is dropped', async () => {
    const server = new RawServer();
    try {
      const early = await server.request(1, 'textDocument/hover', { textDocument: { uri: 'untitled:early.go' }, position: { line: 0, character: 0 } });
      assert.equal(early.error?.code, ServerNotInitialized);
      server.notify('textDocument/didOpen', { textDocument: { uri: 'untitled:early.go', languageId: 'go', version: 1, text: incident } });
      const init = await server.initialize(2);
      assert.ok(init.result, 'initialize still works');
      await server.barrier(3);
      assert.deepEqual(server.published('untitled:early.go'), [], 'the document opened before initialize was never opened');
      const lenses = await server.request(4, 'textDocument/codeLens', { textDocument: { uri: 'untitled:early.go' } });
      assert.deepEqual(lenses.result, []);
    } finally {
      await server.stop();
    }
  });

  test('a second initialize and requests after shutdown get InvalidRequest; exit then ends the process with 0', async () => {
    const server = new RawServer();
    try {
      await server.initialize(1);
      assert.equal((await server.request(2, 'initialize', { processId: null, rootUri: null, capabilities: {} })).error?.code, InvalidRequest);
      assert.equal((await server.request(3, 'shutdown')).error, undefined);
      const late = await server.request(4, 'textDocument/hover', { textDocument: { uri: 'untitled:a.go' }, position: { line: 0, character: 0 } });
      assert.equal(late.error?.code, InvalidRequest);
      server.notify('exit');
      assert.deepEqual(await server.exited, { code: 0, signal: null });
    } finally {
      await server.stop();
    }
  });

  test('a client that goes away without shutdown ends the server (exit code 1)', async () => {
    const server = new RawServer();
    await server.initialize(1);
    server.process.stdin!.end();
    assert.deepEqual(await server.exited, { code: 1, signal: null });
  });
});

describe('malformed input', () => {
  let server: RawServer;
  before(async () => { server = new RawServer(); await server.initialize(1); });
  after(async () => server?.stop());

  const alive = async (id: number): Promise<void> => {
    const reply = await server.request(id, 'textDocument/hover', { textDocument: { uri: 'untitled:none.go' }, position: { line: 0, character: 0 } });
    assert.equal(reply.error, undefined, `request ${id} answered`);
    assert.equal(reply.result, null);
  };

  test('broken JSON and JSON that is no message are logged; the next request is answered', async () => {
    server.send('{"jsonrpc": "2.0", "id": 2, "method": ');
    server.send('[]');
    server.send('42');
    server.send('{"jsonrpc": "2.0", "id": 3}');
    await alive(10);
  });

  test('a header without a usable Content-Length, and bytes that are no header at all, are dropped', async () => {
    server.writeRaw('Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc":"2.0","id":4,"method":"shutdown"}');
    await alive(11);
    server.writeRaw('Content-Length: lots\r\n\r\n{}');
    server.writeRaw('Content-Length: 99999999999999\r\n\r\n');
    server.writeRaw(new Uint8Array([0, 255, 254, 1, 2, 3, 13, 10, 13, 10]));
    server.writeRaw('garbage without a header end');
    await alive(12);
    const log = await server.seen((m) => m.method === 'window/logMessage' && /dropped input that is not an LSP message/.test((m.params as { message: string }).message));
    assert.match((log.params as { message: string }).message, /Content-Length/);
    assert.equal(server.received.some((m) => m.id === 4), false, 'the unframed shutdown was not executed');
  });

  test('an unknown method gets MethodNotFound; bad params get an error reply, not a crash', async () => {
    assert.equal((await server.request(20, 'no/such/method', {})).error?.code, MethodNotFound);
    for (const [id, method, params] of [
      [21, 'textDocument/hover', null], [22, 'textDocument/codeAction', {}], [23, 'textDocument/codeLens', { textDocument: 5 }],
      [24, 'workspace/executeCommand', { command: 'goOomLens.showExplanation', arguments: [{}, 'x'] }], [25, 'textDocument/inlayHint', { textDocument: null }],
    ] as const) {
      const reply = await server.request(id, method, params);
      assert.ok(reply.error !== undefined || reply.result !== undefined, `${method} answered`);
    }
    for (const params of [{}, { textDocument: { uri: 'untitled:bad.go', languageId: 'go', version: 1, text: 42 } }, null]) server.notify('textDocument/didOpen', params);
    server.notify('textDocument/didChange', { textDocument: { uri: 'untitled:bad.go', version: 2 }, contentChanges: 'x' });
    server.notify('textDocument/didChange', null);
    server.notify('workspace/didChangeConfiguration', null);
    server.notify('no/such/notification', { x: 1 });
    await alive(26);
    assert.equal(server.process.exitCode, null, 'still running');
  });
});

describe('unknown documents, impossible positions, edits that do not apply as sent', () => {
  let client: LspClient;
  const uri = 'untitled:hostile-a.go';
  before(async () => { client = new LspClient(); await client.initialize(); });
  after(async () => client?.stop());

  test('requests about an unknown document answer empty; changes to it are ignored', async () => {
    const unknown = 'untitled:never-opened.go';
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: unknown }, position: { line: 3, character: 1 } }), null);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: unknown } }), []);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: unknown }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: [] } }), []);
    await client.change(unknown, 7, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    assert.equal(await client.request('goOomLens/explain', { uri: unknown, line: 0 }), null);
  });

  test('positions past the end, negative or fractional are answered, never with an error', async () => {
    const published = client.diagnosticsFor(uri, 1, (d) => d.length > 0);
    await client.open(uri, incident);
    await published;
    for (const position of [{ line: 1e9, character: 0 }, { line: 0, character: 1e9 }, { line: -1, character: -1 }, { line: 1.5, character: 2.5 }, { line: 2 ** 31, character: 2 ** 31 }]) {
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
    }
    assert.equal(await client.request('goOomLens/explain', { uri, line: 1e9 }), null);
    assert.equal(await client.request('goOomLens/explain', { uri, line: -3 }), null);
  });

  test('ranges past a line or the document end, and reversed ranges, apply as in the client: diagnostics equal a fresh analysis of the client\'s text', async () => {
    let doc = TextDocument.create(uri, 'go', 1, incident);
    const lines = incident.split('\n');
    const forLine = lines.findIndex((l) => l.includes('i += interval'));
    const batches: TextDocumentContentChangeEvent[][] = [
      [{ range: { start: { line: forLine, character: 500 }, end: { line: forLine, character: 900 } }, text: ' // past the line end' }],
      [{ range: { start: { line: 100_000, character: 0 }, end: { line: 200_000, character: 5 } }, text: '\nfunc extra(items []int, s int) []int {\n\tvar a []int\n\tfor i := 0; i < len(items); i += s {\n\t\ta = append(a, i)\n\t}\n\treturn a\n}\n' }],
      [{ range: { start: { line: forLine, character: 40 }, end: { line: forLine - 1, character: 0 } }, text: '' }],
      [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 1 } }, text: 'é𝒳' }, { range: { start: { line: -4, character: -9 }, end: { line: 0, character: 0 } }, text: '// lead\n' }],
    ];
    let version = 1;
    for (const changes of batches) {
      version++;
      doc = TextDocument.update(doc, changes, version);
      const published = client.diagnosticsFor(uri, version);
      await client.change(uri, version, changes);
      const incremental = (await published).diagnostics;
      const fresh = `untitled:hostile-fresh-${version}.go`;
      const freshPublished = client.diagnosticsFor(fresh, 1);
      await client.open(fresh, doc.getText());
      assert.deepEqual(comparable(incremental, uri), comparable((await freshPublished).diagnostics, fresh), `after ${JSON.stringify(changes)}`);
      await client.close(fresh);
    }
  });
});

function comparable(ds: Diagnostic[], uri: string): unknown[] {
  const name = uri.replace(/^untitled:/, '');
  return ds.map((d) => ({ code: d.code, severity: d.severity, range: d.range, message: (typeof d.message === 'string' ? d.message : d.message.value).split(name).join('<file>') }));
}
