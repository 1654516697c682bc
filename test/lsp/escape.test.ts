// Escape analysis over the protocol: the real server, the real Go compiler (these tests fail when
// go is missing), fake go commands for the untrusted, hanging and missing cases.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from './lspClient';
import { EscapeClient, fakeGo, labelOf, requireGo, tempPackage, tooltipOf, uriOf } from './escapeHarness';

const newT = [
  'package escapetest',
  '',
  'type T struct{ A int }',
  '',
  '// NewT returns the address of a local, so the compiler moves it to the heap.',
  'func NewT() *T {',
  '\tt := T{A: 1}',
  '\treturn &t',
  '}',
  '',
].join('\n');
const tLine = 6;

/** Generous: the first compiler run may build the standard library's export data. */
const compilerMs = 120_000;

before(() => { requireGo(); });

describe('escape analysis in a trusted workspace (real go)', () => {
  let client: EscapeClient;
  let dir: string;
  before(async () => {
    dir = tempPackage({ 'a.go': newT, 'b.go': 'package escapetest\n\nfunc B() int {\n\tx := 1\n\treturn x\n}\n' });
    client = new EscapeClient();
    await client.start({}, true);
  });
  after(async () => { await client?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('opening a file runs the compiler for its package: a ⇡heap hint where it says "moved to heap: t"', { timeout: compilerMs }, async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    const logged = client.escapeLog((p) => p.packageDir === dir);
    await client.open(uri, newT);
    const log = await logged;
    assert.equal(log.outcome, 'ok', log.message);
    assert.equal(path.basename(log.command[0]), 'go', 'the go found on PATH or in a standard location');
    assert.equal(log.command[1], 'list');
    assert.ok(log.command.includes('-gcflags=-m=2'), log.command.join(' '));
    assert.match(log.log, /a\.go:7:2: moved to heap: t/);
    assert.deepEqual(log.overlay, [], 'the buffer equals the file: no overlay');
    const hints = await client.hints(uri);
    const hint = hints.find((h) => h.position.line === tLine);
    assert.ok(hint, `a hint on line ${tLine + 1}: ${JSON.stringify(hints)}`);
    assert.equal(labelOf(hint), '⇡heap');
    assert.deepEqual(hint.position, { line: tLine, character: 2 }, 'right after `t`');
    assert.equal(hint.paddingLeft, true);
    const tip = tooltipOf(hint);
    assert.match(tip, /moved to heap: t/);
    assert.match(tip, /Go compiler/);
    assert.doesNotMatch(tip, /predicted/i);
    assert.match(tip, /\*\*Why:\*\* it is returned, so it outlives the call \(`return`\)/);
    assert.match(tip, new RegExp(`\\[a\\.go:8\\]\\(${uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#L8\\)`), 'the flow links to the return on line 8');
    assert.ok(client.progress.some((p) => p.value.kind === 'begin' && /escape analysis/i.test(p.value.title ?? '')), 'progress begins');
    assert.ok(client.progress.some((p) => p.value.kind === 'end'), 'and ends');
    assert.ok(client.refreshes > 0, 'the editor is asked to refresh its inlay hints');
  });

  test('hover on the hinted variable gives the compiler\'s reason and flow', async () => {
    const md = await client.hover(uriOf(path.join(dir, 'a.go')), tLine, 1);
    assert.match(md, /⇡heap\*\* `moved to heap: t`/);
    assert.match(md, /How it gets there/);
    assert.match(md, /the result ← `&t`/);
  });

  test('an unsaved buffer goes in the overlay; an edit is analysed once typing pauses', { timeout: compilerMs }, async () => {
    const file = path.join(dir, 'b.go');
    const uri = uriOf(file);
    const unsaved = 'package escapetest\n\nfunc B() *int {\n\tx := 1\n\treturn &x\n}\n';
    const logged = client.escapeLog((p) => p.overlay.includes(file));
    await client.open(uri, unsaved);
    const log = await logged;
    assert.equal(log.outcome, 'ok', log.message);
    assert.ok(log.command.includes('-overlay=…'), log.command.join(' '));
    assert.match(log.log, /b\.go:4:2: moved to heap: x/, 'the log names the real file, not the overlay copy');
    assert.ok((await client.hints(uri)).some((h) => h.position.line === 3 && labelOf(h) === '⇡heap'), 'the buffer\'s escape, not the file\'s');

    const before = client.logs.length;
    const next = client.escapeLog((p) => p.packageDir === dir, before);
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 9 }, end: { line: 4, character: 10 } }, text: 'int {\n\tx := 1\n\treturn x' }]);
    assert.equal((await next).outcome, 'ok');
    assert.deepEqual(await client.hints(uri), [], 'x no longer escapes');
    assert.equal(client.logs.length, before + 1, 'one run for the edit');
  });

  test('a package that does not compile: a message once, the still-valid hints stay', { timeout: compilerMs }, async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    const end = newT.split('\n').length - 1;
    const broken = client.escapeLog((p) => p.outcome === 'failed');
    await client.change(uri, 2, [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: 'func G() int { return undefinedName }\n' }]);
    const log = await broken;
    assert.match(log.message, /does not compile/);
    assert.match(log.log, /undefined: undefinedName/);
    const message = await client.message((m) => /does not compile/.test(m.message));
    assert.equal(message.type, 2, 'a warning');
    assert.match(message.message, /undefinedName/);
    assert.match(message.message, /keep the last compiler results/);
    assert.ok((await client.hints(uri)).some((h) => h.position.line === tLine && labelOf(h) === '⇡heap'), 'NewT\'s hint is still valid');

    const again = client.escapeLog((p) => p.outcome === 'failed', client.logs.length);
    await client.change(uri, 3, [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: '// still broken\n' }]);
    await again;
    assert.equal(client.messages.filter((m) => /does not compile/.test(m.message)).length, 1, 'told once, not on every edit');

    const fixed = client.escapeLog((p) => p.outcome === 'ok', client.logs.length);
    await client.change(uri, 4, [{ range: { start: { line: end, character: 0 }, end: { line: end + 2, character: 0 } }, text: '' }]);
    await fixed;
    assert.ok((await client.hints(uri)).some((h) => h.position.line === tLine));
  });
});

describe('escape facts in the append hover and the explanation (real go)', () => {
  let client: EscapeClient;
  let dir: string;
  const incident = fs.readFileSync(path.join(repoRoot, 'examples', 'incident', 'main.go'), 'utf8');
  const lines = incident.split('\n');
  const appendLine = lines.findIndex((l) => l.includes('demos = append(demos, newDemo())'));
  before(async () => {
    dir = tempPackage({ 'main.go': incident });
    client = new EscapeClient();
    await client.start({}, true);
  });
  after(async () => { await client?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('"`demos`\' backing array: heap (compiler: …)" in the hover and the explanation', { timeout: compilerMs }, async () => {
    const uri = uriOf(path.join(dir, 'main.go'));
    const logged = client.escapeLog();
    await client.open(uri, incident);
    assert.equal((await logged).outcome, 'ok');
    const md = await client.hover(uri, appendLine, lines[appendLine].indexOf('append'));
    assert.match(md, /`demos` gains/);
    assert.match(md, /\*\*Where it lives:\*\* `demos`' backing array: heap \(compiler: /);
    assert.match(md, /each iteration also allocates `make\(\[\]byte, 0, 4096\)` on the heap/, 'the inlined newDemo\'s make, on the append line');
    const handlerLine = lines.findIndex((l) => l.startsWith('func handler('));
    const explained = await client.request<{ markdown: string } | null>('goOomLens/explain', { uri, line: handlerLine });
    assert.match(explained?.markdown ?? '', /\*\*Where it lives:\*\* `demos`' backing array: heap \(compiler: /);
  });
});

describe('escape analysis in an untrusted workspace', () => {
  let client: EscapeClient;
  let dir: string;
  let marker: string;
  before(async () => {
    dir = tempPackage({ 'a.go': newT });
    marker = path.join(dir, 'go-was-run');
    const goPath = fakeGo(dir, `echo run >> '${marker}'\necho 'fake go' >&2\nexit 1`);
    client = new EscapeClient();
    // No workspaceTrusted: a client that does not say is untrusted.
    await client.start({ escape: { mode: 'compiler' }, goPath }, undefined);
  });
  after(async () => { await client?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('predicted ⇡heap? hints; the toolchain is not run, and the user is told why', async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, newT);
    await published;
    await client.save(uri);
    const hints = await client.hints(uri);
    const hint = hints.find((h) => h.position.line === tLine);
    assert.ok(hint, JSON.stringify(hints));
    assert.equal(labelOf(hint), '⇡heap?');
    assert.match(tooltipOf(hint), /predicted: `moved to heap: t`/);
    assert.match(tooltipOf(hint), /not trusted/);
    const told = await client.message((m) => /not trusted/.test(m.message));
    assert.equal(told.type, 3, 'information');
    assert.equal(fs.existsSync(marker), false, 'the fake go was not run');
    assert.deepEqual(client.logs, []);
  });

  test('once trust is granted, the (fake) go runs', { timeout: 30_000 }, async () => {
    const logged = client.escapeLog();
    await client.connection.sendNotification('goOomLens/workspaceTrust', { trusted: true });
    const log = await logged;
    assert.equal(log.outcome, 'failed');
    assert.match(log.log, /fake go/);
    assert.equal(fs.existsSync(marker), true);
  });
});

describe('a go that hangs or is missing', () => {
  let client: EscapeClient;
  let dir: string;
  let pidFile: string;
  before(async () => {
    dir = tempPackage({ 'a.go': newT });
    pidFile = path.join(dir, 'pid');
    const goPath = fakeGo(dir, `echo $$ > '${pidFile}'\nexec sleep 300`);
    client = new EscapeClient();
    await client.start({ escape: { mode: 'compiler', timeoutMs: 1000 }, goPath }, true);
  });
  after(async () => { await client?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('killed at the timeout and told once', { timeout: 30_000 }, async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    const first = client.escapeLog();
    await client.open(uri, newT);
    const log = await first;
    assert.equal(log.outcome, 'timeout');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the hanging process is gone');
    const told = await client.message((m) => /did not finish/.test(m.message));
    assert.match(told.message, /1000 ms/);

    const second = client.escapeLog(() => true, client.logs.length);
    await client.save(uri);
    assert.equal((await second).outcome, 'timeout');
    assert.equal(client.messages.filter((m) => /did not finish/.test(m.message)).length, 1, 'told once');
    assert.deepEqual(await client.hints(uri), [], 'compiler mode: no facts, no predictions');
  });

  test('auto mode falls back to predicted hints for that package', { timeout: 30_000 }, async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    const timedOut = client.escapeLog((p) => p.outcome === 'timeout', client.logs.length);
    await client.configure({ ...client.settings, escape: { mode: 'auto', timeoutMs: 1000 } });
    await timedOut;
    const hint = (await client.hints(uri)).find((h) => h.position.line === tLine);
    assert.equal(hint && labelOf(hint), '⇡heap?');
    assert.match(tooltipOf(hint!), /did not finish in time/);
  });

  test('a missing go is told once; auto predicts', { timeout: 30_000 }, async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    const missing = client.escapeLog((p) => p.outcome === 'go-not-found', client.logs.length);
    await client.configure({ ...client.settings, goPath: path.join(dir, 'no-such-go') });
    await missing;
    const told = await client.message((m) => /Go toolchain not found/.test(m.message));
    assert.match(told.message, /predicted/);
    const hint = (await client.hints(uri)).find((h) => h.position.line === tLine);
    assert.equal(hint && labelOf(hint), '⇡heap?');
    assert.equal(client.messages.filter((m) => /Go toolchain not found/.test(m.message)).length, 1);
  });

  test('mode off: no hints', async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    const asked = client.configurationRequests;
    const answered = new Promise<void>((resolve) => {
      const poll = (): void => { if (client.configurationRequests > asked) resolve(); else setImmediate(poll); };
      poll();
    });
    await client.configure({ ...client.settings, escape: { mode: 'off' } });
    await answered;
    assert.deepEqual(await client.hints(uri), []);
  });
});

describe('predicted facts while typing', () => {
  let client: EscapeClient;
  let dir: string;
  const keep = `${newT}\nfunc Keep() *int {\n\ty := 2\n\treturn &y\n}\n`;
  const yLine = keep.split('\n').indexOf('\ty := 2');
  before(async () => {
    dir = tempPackage({ 'a.go': keep });
    client = new EscapeClient();
    await client.start({ escape: { mode: 'predicted' } }, undefined);
  });
  after(async () => { await client?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('an edit keeps the earlier facts (moved) until typing pauses; then the new version is predicted and the editor asked again', async () => {
    const uri = uriOf(path.join(dir, 'a.go'));
    await client.open(uri, keep);
    const lines = async (): Promise<number[]> => (await client.hints(uri)).map((h) => h.position.line).sort((a, b) => a - b);
    assert.deepEqual(await lines(), [tLine, yLine], 'both locals are predicted on the heap');
    const refreshes = client.refreshes;
    // `return &y` → `return nil`: y no longer escapes.
    const published = client.diagnosticsFor(uri, 2);
    await client.change(uri, 2, [{ range: { start: { line: yLine + 1, character: 8 }, end: { line: yLine + 1, character: 10 } }, text: 'nil' }]);
    await published;
    assert.deepEqual(await lines(), [tLine, yLine], 'right after the edit: the earlier prediction, on unedited lines');
    const until = Date.now() + 10_000;
    while (client.refreshes === refreshes && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.equal(client.refreshes, refreshes + 1, 'one inlay-hint refresh once typing paused');
    assert.deepEqual(await lines(), [tLine], 'the new version predicted: y stays on the stack');
  });
});

describe('the first prediction of a large package', () => {
  let client: EscapeClient;
  let dir: string;
  // A sibling of 1.2 MB: the first prediction would parse it for its escape summaries.
  const big = ['package escapetest', '', ...Array.from({ length: 24_000 }, (_, i) => `func f${i}(a, b int) int { return a*${i % 97} + b }`), ''].join('\n');
  before(async () => {
    dir = tempPackage({ 'a.go': newT, 'big.go': big });
    client = new EscapeClient();
    await client.start({ escape: { mode: 'predicted' } }, undefined);
  });
  after(async () => { await client?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('waits for a pause instead of holding the first hint request, then the editor is asked again', async () => {
    assert.ok(big.length > 1024 * 1024);
    const uri = uriOf(path.join(dir, 'a.go'));
    const refreshes = client.refreshes;
    await client.open(uri, newT);
    assert.deepEqual(await client.hints(uri), [], 'no hints before the prediction');
    const until = Date.now() + 20_000;
    while (client.refreshes === refreshes && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.equal(client.refreshes, refreshes + 1, 'one inlay-hint refresh once the prediction is made');
    assert.deepEqual((await client.hints(uri)).map((h) => h.position.line), [tLine], 'then t is predicted on the heap');
  });
});
