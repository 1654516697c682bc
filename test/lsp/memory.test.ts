// What the server keeps of documents (through goOomLens/serverStats): closed documents leave no
// tree and no escape state behind; trees of documents not in use are freed and parsed again when
// needed, with the same findings; closing a sibling gives the package context back its saved file.
// Memory figures are bench/memory.mjs's, not a test's.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerStats } from '../../server/src/protocol';
import { tokenize } from '../fuzz/mutate';
import { Random } from '../fuzz/random';
import { LspClient, repoRoot } from './lspClient';

const loopGo = `package memtest

func grow(n int) []int {
	var out []int
	for i := 0; i < n; i += stride {
		out = append(out, i)
	}
	return out
}
`;
const strideGo = (stride: number): string => `package memtest

const stride = ${stride}
`;
/** Above the server's tree budget (2 MiB of text) on its own: a comment, so that it is quick to analyse. */
const bigGo = `package memtest\n\n/*\n${'// padding\n'.repeat(220_000)}*/\nfunc big() {}\n`;

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => `${String(d.code)}:${d.severity}`).sort();

async function startServer(env: NodeJS.ProcessEnv = {}): Promise<LspClient> {
  const client = new LspClient(undefined, env);
  client.settings = { debounceMs: 0, escape: { mode: 'predicted' } };
  await client.initialize({ clientHandlesExplain: true, settings: client.settings });
  return client;
}

describe('what the server keeps of documents', () => {
  let client: LspClient;
  let dir: string;
  let loopUri: string;
  let strideUri: string;
  let bigUri: string;
  const stats = (): Promise<ServerStats> => client.request<ServerStats>('goOomLens/serverStats', null);
  const hints = (uri: string): Promise<unknown> => client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-memory-'));
    fs.writeFileSync(path.join(dir, 'loop.go'), loopGo);
    fs.writeFileSync(path.join(dir, 'stride.go'), strideGo(0));
    fs.writeFileSync(path.join(dir, 'big.go'), bigGo);
    loopUri = pathToFileURL(path.join(dir, 'loop.go')).toString();
    strideUri = pathToFileURL(path.join(dir, 'stride.go')).toString();
    bigUri = pathToFileURL(path.join(dir, 'big.go')).toString();
    client = await startServer();
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a closed document leaves no tree and no escape state; closing a saved sibling keeps the findings', async () => {
    let published = client.diagnosticsFor(loopUri, 1);
    await client.open(loopUri, loopGo);
    const certain = codes((await published).diagnostics);
    assert.ok(certain.includes('zero-step-loop:1'), `stride is 0 in stride.go (read from disk): a certain zero step, got ${certain.join(' ')}`);
    published = client.diagnosticsFor(strideUri, 1);
    await client.open(strideUri, strideGo(0));
    await published;
    await hints(loopUri);
    await hints(strideUri);
    let s = await stats();
    assert.deepEqual(s.documents.sort(), [loopUri, strideUri].sort());
    assert.equal(s.liveTrees, s.trees.length, 'every live tree is an open document\'s');
    assert.deepEqual(s.escapeDocuments.sort(), [loopUri, strideUri].sort(), 'predicted hints keep state for both');

    // Unedited and as saved: what loop.go sees does not change, and it is not analysed again.
    let republished = false;
    const watch = client.diagnostics(loopUri, () => { republished = true; return true; });
    await client.close(strideUri);
    // A request for loop.go runs a pending analysis of it first (publishing before answering).
    await client.request('textDocument/codeLens', { textDocument: { uri: loopUri } });
    s = await stats();
    assert.deepEqual(s.documents, [loopUri]);
    assert.ok(!s.trees.includes(strideUri), 'no tree for the closed document');
    assert.equal(s.liveTrees, s.trees.length);
    assert.deepEqual(s.escapeDocuments, [loopUri], 'the closed document\'s escape state went with it');
    assert.equal(republished, false);
    void watch;

    // Edited to a step of 1, then closed unsaved: loop.go follows the edit, then the file on disk again.
    published = client.diagnosticsFor(loopUri, 1, (ds) => !codes(ds).includes('zero-step-loop:1'));
    await client.open(strideUri, strideGo(0));
    await client.change(strideUri, 2, [{ range: { start: { line: 2, character: 15 }, end: { line: 2, character: 16 } }, text: '1' }]);
    await published;
    published = client.diagnosticsFor(loopUri, 1, (ds) => codes(ds).includes('zero-step-loop:1'));
    await client.close(strideUri);
    assert.deepEqual(codes((await published).diagnostics), certain);

    await client.close(loopUri);
    s = await stats();
    assert.deepEqual(s, { ...s, documents: [], trees: [], liveTrees: 0, escapeDocuments: [] });
  });

  test('trees of documents not in use are freed, parsed again when needed, and the findings stay', async () => {
    let published = client.diagnosticsFor(loopUri, 1);
    await client.open(loopUri, loopGo);
    const before = codes((await published).diagnostics);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: loopUri } });
    published = client.diagnosticsFor(bigUri, 1);
    await client.open(bigUri, bigGo);
    await published;
    let s = await stats();
    assert.deepEqual(s.trees, [bigUri], 'the big document used last keeps its tree; loop.go\'s is freed');
    assert.equal(s.liveTrees, 1);

    // Needed again: parsed again, with the same lenses; an edit afterwards is analysed as a whole.
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: loopUri } }), lenses);
    await hints(loopUri);
    await client.request('textDocument/codeLens', { textDocument: { uri: bigUri } });
    s = await stats();
    assert.deepEqual(s.trees, [bigUri], 'after the big document is used again, loop.go\'s tree goes again');
    published = client.diagnosticsFor(loopUri, 2);
    await client.change(loopUri, 2, [{ range: { start: { line: 4, character: 25 }, end: { line: 4, character: 31 } }, text: '1' }]);
    assert.deepEqual(codes((await published).diagnostics), [], 'a step of 1: the loop ends');
    published = client.diagnosticsFor(loopUri, 3);
    await client.change(loopUri, 3, [{ range: { start: { line: 4, character: 25 }, end: { line: 4, character: 26 } }, text: 'stride' }]);
    assert.deepEqual(codes((await published).diagnostics), before);

    await client.close(loopUri);
    await client.close(bigUri);
    s = await stats();
    assert.deepEqual([s.documents, s.trees, s.liveTrees, s.escapeDocuments], [[], [], 0, []]);
  });
});

// Each edit goes to another document than the last one, so that with a budget of 0 every edit meets
// a freed tree (parsed from scratch, analysed as a whole), while the other server edits incrementally.
test('with every tree but the last one freed, the findings are those of a server that keeps them all', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-memory-'));
  const examples = ['incident/main.go', 'batching/batch.go', 'batching/config.go', 'stringer/money.go'].map((f) => path.join(repoRoot, 'examples', f));
  const docs = examples.map((f, i) => {
    const file = path.join(dir, path.basename(path.dirname(f)), path.basename(f));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, fs.readFileSync(f, 'utf8'));
    return { doc: TextDocument.create(pathToFileURL(file).toString(), 'go', 1, fs.readFileSync(f, 'utf8')), index: i };
  });
  const keeping = await startServer();
  const freeing = await startServer({ GO_OOM_LENS_TREE_BUDGET: '0' });
  try {
    const both = [keeping, freeing];
    const published = async (uri: string, version: number): Promise<string[]> => {
      const got = await Promise.all(both.map(async (c) => {
        // A request for the document runs its pending analysis first: what is published then is final.
        await c.request('textDocument/codeLens', { textDocument: { uri } });
        return JSON.stringify((await c.diagnosticsFor(uri, version)).diagnostics);
      }));
      return got;
    };
    for (const { doc } of docs) for (const c of both) await c.open(doc.uri, doc.getText());
    const rng = new Random(2026);
    let last = -1;
    for (let step = 0; step < 60; step++) {
      let pick = rng.int(docs.length);
      if (pick === last) pick = (pick + 1) % docs.length;
      last = pick;
      const d = docs[pick];
      const text = d.doc.getText();
      const a = d.doc.positionAt(rng.int(text.length + 1));
      const b = d.doc.positionAt(Math.min(text.length, d.doc.offsetAt(a) + rng.int(20)));
      const change = { range: { start: a, end: b }, text: rng.pick(tokenize(text.slice(0, 3000)).concat(['\n', '{', '}', 'for {', '0', '1'])) };
      d.doc = TextDocument.update(d.doc, [change], d.doc.version + 1);
      for (const c of both) await c.change(d.doc.uri, d.doc.version, [change]);
      for (const o of docs) {
        const [kept, freed] = await published(o.doc.uri, o.doc.version);
        assert.equal(freed, kept, `step ${step}: ${path.basename(o.doc.uri)} v${o.doc.version}`);
      }
    }
    const s = await freeing.request<ServerStats>('goOomLens/serverStats', null);
    assert.equal(s.trees.length, 1, 'a budget of 0 keeps one tree');
    assert.equal(s.liveTrees, 1);
  } finally {
    await keeping.stop();
    await freeing.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
