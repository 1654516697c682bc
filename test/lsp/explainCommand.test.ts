// goOomLens.showExplanation through workspace/executeCommand, as editors other than VS Code run the
// lens: the result is the markdown (clients without window/showDocument show it themselves), and
// the files written for clients with showDocument never pile up in the temp folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot } from './lspClient';

const incidentPath = path.join(repoRoot, 'examples', 'incident', 'main.go');
const incidentUri = pathToFileURL(incidentPath).toString();
const incident = fs.readFileSync(incidentPath, 'utf8');
const handlerLine = incident.split('\n').findIndex((l) => l.startsWith('func handler('));
const flagged = (ds: Diagnostic[]) => ds.some((d) => d.code === 'unbounded-append');

interface Explanation { title: string; markdown: string }

/** Servers a failed test may leave running; stopped after each test. */
const started: LspClient[] = [];

/** A server with its own TMPDIR, the incident open and analysed. */
async function serverIn(tmp: string, capabilities: Record<string, unknown>): Promise<LspClient> {
  const client = new LspClient(undefined, { TMPDIR: tmp });
  started.push(client);
  const init = await client.initialize({}, capabilities);
  assert.deepEqual(init.capabilities.executeCommandProvider?.commands, ['goOomLens.showExplanation']);
  const published = client.diagnosticsFor(incidentUri, 1, flagged);
  await client.open(incidentUri, incident);
  await published;
  return client;
}

const explain = (client: LspClient, line = handlerLine) =>
  client.request<Explanation | null>('workspace/executeCommand', { command: 'goOomLens.showExplanation', arguments: [incidentUri, line] });
const entries = (dir: string) => fs.readdirSync(dir);
const showDocument = { window: { showDocument: { support: true } } };

describe('the explanation command', () => {
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-command-')); });
  afterEach(async () => {
    for (const c of started.splice(0)) if (c.running) await c.stop();
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('without window/showDocument the result is the markdown and no file is written', async () => {
    const client = await serverIn(tmp, {});
    try {
      const result = await explain(client);
      assert.match(result?.title ?? '', /handler/);
      assert.match(result?.markdown ?? '', /# Why `handler` is OOM-killed/);
      assert.deepEqual(client.shownDocuments, []);
      assert.deepEqual(entries(tmp), [], 'nothing in the temp folder');
      assert.equal(await explain(client, 0), null, 'a line outside any flagged function has nothing to explain');
    } finally {
      await client.stop();
    }
  });

  test('with showDocument, five runs leave one folder with one file, and shutdown removes it', async () => {
    const client = await serverIn(tmp, showDocument);
    let result: Explanation | null = null;
    for (let run = 1; run <= 5; run++) result = await explain(client);
    assert.equal(client.shownDocuments.length, 5, 'each run opens the page');
    const folders = entries(tmp);
    assert.equal(folders.length, 1, `one folder for the server process, got ${folders.join(', ')}`);
    assert.equal(entries(path.join(tmp, folders[0])).length, 1, 'the file is replaced, not added');
    const shown = fileURLToPath(client.shownDocuments[4]);
    assert.equal(path.dirname(path.dirname(shown)), tmp, 'the page is in the server\'s TMPDIR');
    assert.equal(fs.readFileSync(shown, 'utf8'), result?.markdown, 'the page shown is the markdown returned');
    await client.stop();
    assert.deepEqual(entries(tmp), [], 'shutdown and exit remove the folder');
  });

  test('a server ended by SIGTERM removes its folder; one killed outright has it removed by the next server', async () => {
    const terminated = await serverIn(tmp, showDocument);
    await explain(terminated);
    assert.equal(entries(tmp).length, 1);
    const ended = terminated.exited();
    process.kill(terminated.pid!, 'SIGTERM');
    await ended;
    terminated.connection.dispose();
    assert.deepEqual(entries(tmp), [], 'SIGTERM: the folder is gone');

    const killed = await serverIn(tmp, showDocument);
    await explain(killed);
    const abandoned = entries(tmp);
    const gone = killed.exited();
    process.kill(killed.pid!, 'SIGKILL');
    await gone;
    killed.connection.dispose();
    assert.deepEqual(entries(tmp), abandoned, 'SIGKILL leaves the folder (no code runs)');

    const next = await serverIn(tmp, showDocument);
    try {
      await explain(next);
      const now = entries(tmp);
      assert.equal(now.length, 1, `the killed server's folder is removed when the next one writes: ${now.join(', ')}`);
      assert.ok(!now.includes(abandoned[0]));
    } finally {
      await next.stop();
    }
    assert.deepEqual(entries(tmp), []);
  });
});
