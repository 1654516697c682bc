// A flood of changes over the real server: diagnostics are published only for the version that was
// current (versions never go back), the last one published is the last one sent, a close during
// the flood is final, and settings changed mid-flood apply to what is published last.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../lsp/lspClient';
import { RawServer } from './rawServer';

const incident = fs.readFileSync(path.join(repoRoot, 'examples', 'incident', 'main.go'), 'utf8');
const lines = incident.split('\n');
const forLine = lines.findIndex((l) => l.includes('i += interval'));
const stepAt = lines[forLine].indexOf('interval {');

type Published = ReturnType<RawServer['published']>[number];

/** Change n of a flood: types a character at the loop's step (even n), or removes the one typed before (odd n), so an odd version is the original text. */
function change(n: number): unknown {
  const at = { line: forLine, character: stepAt };
  return n % 2 === 0
    ? { range: { start: at, end: at }, text: 'x' }
    : { range: { start: at, end: { line: forLine, character: stepAt + 1 } }, text: '' };
}

async function flood(server: RawServer, uri: string, from: number, count: number, between?: (version: number) => void): Promise<number> {
  let version = from;
  for (let i = 0; i < count; i++) {
    version++;
    server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change(version)] });
    between?.(version);
  }
  return version;
}

function assertNeverBack(published: Published[]): void {
  const versions = published.map((p) => p.version ?? -1);
  for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `published versions go back: ${versions.join(', ')}`);
}

const lastFor = (server: RawServer, uri: string, version: number): Promise<unknown> =>
  server.seen((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string; version?: number }).uri === uri && (m.params as { version?: number }).version === version);

describe('a flood of 200 changes', () => {
  for (const debounceMs of [0, 150]) {
    test(`debounce ${debounceMs} ms: versions never go back; the last published is the last sent`, async () => {
      const server = new RawServer();
      try {
        await server.initialize(1, { clientHandlesExplain: true, settings: { debounceMs } });
        const uri = `untitled:flood-${debounceMs}.go`;
        server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: incident } });
        const last = await flood(server, uri, 1, 200);
        await lastFor(server, uri, last);
        await server.barrier(2);
        const published = server.published(uri);
        assertNeverBack(published);
        assert.equal(published[published.length - 1].version, last);
        assert.ok(published.length <= 201, `${published.length} publishes`);
        assert.ok(published[published.length - 1].diagnostics.some((d) => d.code === 'zero-step-loop'), 'the last version (the original text) is flagged');
      } finally {
        await server.stop();
      }
    });
  }

  test('a close during the flood is final: nothing is published for the document after its empty diagnostics', async () => {
    const server = new RawServer();
    try {
      await server.initialize(1);
      const uri = 'untitled:flood-close.go';
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: incident } });
      await flood(server, uri, 1, 100);
      server.notify('textDocument/didClose', { textDocument: { uri } });
      await server.barrier(2);
      const published = server.published(uri);
      assertNeverBack(published.slice(0, -1));
      assert.deepEqual(published[published.length - 1].diagnostics, [], 'the last publish clears');
      assert.equal(published[published.length - 1].version, undefined);
      const hover = await server.request(3, 'textDocument/hover', { textDocument: { uri }, position: { line: forLine, character: 2 } });
      assert.equal(hover.result, null, 'the closed document is gone');
    } finally {
      await server.stop();
    }
  });
});

describe('settings changed during a flood', () => {
  test('the last diagnostics follow the last settings; an invalid value is told once', async () => {
    const server = new RawServer();
    try {
      await server.initialize(1, { clientHandlesExplain: true }, { workspace: { configuration: true } });
      const uri = 'untitled:flood-settings.go';
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: incident } });
      const setting = (settings: Record<string, unknown>): void => {
        server.settings = settings;
        server.notify('workspace/didChangeConfiguration', { settings: null });
      };
      const withoutZeroStep = (version: number) => (m: { method?: string; params?: unknown }): boolean => m.method === 'textDocument/publishDiagnostics'
        && (m.params as { uri: string }).uri === uri && (m.params as { version?: number }).version === version
        && !(m.params as { diagnostics: Array<{ code?: string }> }).diagnostics.some((d) => d.code === 'zero-step-loop');
      // Turned off mid-flood; the settings are pulled while changes are still queued.
      let last = await flood(server, uri, 1, 100, (v) => { if (v === 50) setting({ debounceMs: 0, rules: { 'zero-step-loop': 'off' } }); });
      await server.seen(withoutZeroStep(last));
      // An invalid value, sent ten times among changes: told once.
      server.settings = { debounceMs: 'fast', rules: { 'zero-step-loop': 'off' } };
      last = await flood(server, uri, last, 50, (v) => { if (v % 5 === 0) server.notify('workspace/didChangeConfiguration', { settings: null }); });
      await server.seen((m) => m.method === 'window/showMessage' && /debounceMs/.test((m.params as { message: string }).message));
      setting({ debounceMs: 0, rules: { 'zero-step-loop': 'off' } });
      last = await flood(server, uri, last, 50);
      await server.seen(withoutZeroStep(last));
      await server.barrier(2);
      assert.ok(server.received.some((m) => m.method === 'workspace/configuration'), 'the server pulled the settings');
      const published = server.published(uri);
      assertNeverBack(published);
      const final = published[published.length - 1];
      assert.equal(final.version, last);
      const codes = final.diagnostics.map((d) => d.code);
      assert.ok(!codes.includes('zero-step-loop'), `zero-step-loop is off: ${codes.join(', ')}`);
      assert.ok(codes.includes('unbounded-append'), 'the other rules still run');
      const warnings = server.received.filter((m) => m.method === 'window/showMessage' && /debounceMs/.test((m.params as { message: string }).message));
      assert.equal(warnings.length, 1, 'told once, not on each of the 10 changes');

      // Back on: the same version is analysed again and published with the rule.
      const back = server.next((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri
        && (m.params as { version?: number }).version === last
        && (m.params as { diagnostics: Array<{ code?: string }> }).diagnostics.some((d) => d.code === 'zero-step-loop'));
      setting({ debounceMs: 0 });
      await back;
      await server.barrier(3);
      assertNeverBack(server.published(uri));
    } finally {
      await server.stop();
    }
  });
});
