// Through the real server: the hover and the explanation name the Go release of the toolchain that
// builds the file's module (the configured go binary's VERSION against go.mod), and the compiler's
// `append does not escape` puts the first array in the stack buffer on Go 1.25+.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { EscapeClient, requireGo, tempPackage, uriOf } from '../lsp/escapeHarness';
import { go119Binary } from './toolchains';

const source = `package main

type entry struct {
	next *entry
	a, b uint64
}

func collect() {
	var items []entry
	for {
		items = append(items, entry{})
	}
}

func main() { collect() }
`;
const lines = source.split('\n');
const appendLine = lines.findIndex((l) => l.includes('items = append'));
const funcLine = lines.findIndex((l) => l.startsWith('func collect'));

describe('the Go release in the hover and the explanation (real server)', () => {
  const clients: EscapeClient[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function open(settings: Record<string, unknown>, trusted: boolean): Promise<{ client: EscapeClient; uri: string }> {
    const dir = tempPackage({ 'main.go': source });
    dirs.push(dir);
    const client = new EscapeClient();
    clients.push(client);
    await client.start(settings, trusted);
    const uri = uriOf(path.join(dir, 'main.go'));
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, source);
    await published;
    return { client, uri };
  }

  test('a go 1.19 module with goPath set to Go 1.19: Go 1.19\'s numbers (no header: capacity 32 at iteration 17)', async () => {
    const go119 = go119Binary();
    if (typeof go119 !== 'string') throw new Error(go119.missing);
    const { client, uri } = await open({ goPath: go119, escape: { mode: 'off' } }, false);
    const hover = await client.hover(uri, appendLine, lines[appendLine].indexOf('append'));
    assert.match(hover, /\*\*Go version:\*\* Go 1\.19: the installed go1\.19\.\d+ builds it/);
    const page = await client.request<{ markdown: string } | null>('goOomLens/explain', { uri, line: funcLine });
    assert.match(page?.markdown ?? '', /_Numbers for Go 1\.19's runtime/);
    assert.match(page?.markdown ?? '', /\| 17 \| 32 \| 768 B \|/);
  });

  test('the same module with the go on PATH (Go 1.26) and its compiler: the header, and the stack buffer', { timeout: 120_000 }, async () => {
    requireGo();
    const { client, uri } = await open({ escape: { mode: 'compiler' } }, true);
    assert.equal((await client.escapeLog(() => true, 0)).outcome, 'ok');
    const page = (await client.request<{ markdown: string } | null>('goOomLens/explain', { uri, line: funcLine }))?.markdown ?? '';
    assert.match(page, /_Numbers for Go 1\.2[6-9]'s runtime: the installed go1\.\d+\.\d+ builds it \(the module's `go 1\.19` line asks for no newer Go\)/);
    // The compiler says `append does not escape`: the first 24-byte element sits in the 32-byte stack buffer.
    assert.match(page, /\| 1 \| 1 \| 24 B \(stack buffer\) \| — \|/);
    assert.match(page, /\| 17 \| 37 \| 888 B \|/);
  });
});
