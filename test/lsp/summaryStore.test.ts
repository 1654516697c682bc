// Package summaries kept across sessions: a second server opening a file of the same package reads
// its siblings' summaries from the store instead of parsing them, and finds the same; with the
// cache off nothing is read or written.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { ServerStats } from '../../server/src/protocol';
import { LspClient } from './lspClient';

let dir: string;
let cache: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-store-'));
  cache = path.join(dir, 'cache');
  const pkg = path.join(dir, 'pkg');
  fs.mkdirSync(pkg);
  // The step comes from a sibling: only the package context says it is 0.
  fs.writeFileSync(path.join(pkg, 'step.go'), 'package pkg\n\nconst stride = 0\n');
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(pkg, `more${i}.go`), `package pkg\n\nfunc helper${i}(n int) int { return n * ${i} }\n`);
  fs.writeFileSync(path.join(pkg, 'loop.go'), 'package pkg\n\nfunc grow(n int) []int {\n\tvar out []int\n\tfor i := 0; i < n; i += stride {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function session(env: NodeJS.ProcessEnv): Promise<{ diagnostics: string; work: ServerStats['work'] }> {
  const client = new LspClient(undefined, env);
  client.settings = { debounceMs: 0, escape: { mode: 'off' } };
  try {
    await client.initialize({ clientHandlesExplain: true, settings: client.settings });
    const uri = pathToFileURL(path.join(dir, 'pkg', 'loop.go')).toString();
    await client.open(uri, fs.readFileSync(path.join(dir, 'pkg', 'loop.go'), 'utf8'));
    const published = await client.diagnosticsFor(uri, 1);
    const stats = await client.request<ServerStats>('goOomLens/serverStats', null);
    return { diagnostics: JSON.stringify(published.diagnostics), work: stats.work };
  } finally {
    await client.stop();
  }
}

test('a second session reads the siblings\' summaries from the store, and finds the same', async () => {
  const first = await session({ GO_OOM_LENS_CACHE: cache });
  assert.equal(first.work.filesSummarised, 5, 'the first session parses the five other files');
  assert.equal(first.work.summariesStored, 0);
  assert.match(first.diagnostics, /zero-step-loop/, 'the sibling\'s constant makes the loop\'s step 0');
  const second = await session({ GO_OOM_LENS_CACHE: cache });
  assert.equal(second.work.filesSummarised, 0, 'the second parses none of them');
  assert.equal(second.work.summariesStored, 5);
  assert.equal(second.diagnostics, first.diagnostics);
  // A sibling changed on disk: its summary is made again; the others are read.
  fs.writeFileSync(path.join(dir, 'pkg', 'step.go'), 'package pkg\n\nconst stride = 1\n');
  const third = await session({ GO_OOM_LENS_CACHE: cache });
  assert.equal(third.work.filesSummarised, 1);
  assert.equal(third.work.summariesStored, 4);
  assert.doesNotMatch(third.diagnostics, /zero-step-loop/, 'a step of 1 is fine');
});

test('with the cache off, nothing is read or written', async () => {
  const entries = (): number => fs.readdirSync(dir, { recursive: true }).length;
  const before = entries();
  const off = await session({ GO_OOM_LENS_CACHE: 'off' });
  assert.equal(off.work.filesSummarised, 5);
  assert.equal(off.work.summariesStored, 0);
  assert.equal(entries(), before);
});
