// Runs the real Go compiler (CI installs Debian's golang-go) on small packages with known results.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { escapeEnv, runEscapeAnalysis } from '../../server/src/escape/compiler';
import { moduleGoVersion, moduleGoVersionSync, probeGo } from '../../server/src/escape/goToolchain';
import type { EscapeFact } from '../../server/src/escape/types';
import { makeHangingGo, makePackage, processGone, removeDir, requireGo, requireGo119 } from './goPackages';

const source = `package heapdemo

type Demo struct{ id int; payload [64]byte }

var all []*Demo

func NewDemo(id int) *Demo {
	d := Demo{id: id}
	return &d
}

func Keep(id int) {
	d := Demo{id: id}
	all = append(all, &d)
}

func Buffer(n int) []byte {
	return make([]byte, n)
}

func Local() int {
	s := make([]int, 8)
	return len(s)
}

func Same(p *Demo) *Demo { return p }
`;

const find = (facts: EscapeFact[], kind: string, line: number): EscapeFact | undefined => facts.find((f) => f.kind === kind && f.line === line);
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

describe('runEscapeAnalysis with the real compiler', () => {
  before(() => { requireGo(); });

  // The machine's Go (1.26) and Debian's Go 1.19: message shapes, columns and -overlay on both.
  for (const [label, go] of [['go on PATH', () => 'go'], ['Go 1.19', requireGo119]] as const) {
    it(`${label}: reports the known facts of a small package`, async () => {
      const dir = makePackage('heapdemo', { 'demo.go': source });
      dirs.push(dir);
      const run = await runEscapeAnalysis({ packageDir: dir, goBinary: go() });
      assert.equal(run.outcome, 'ok', run.message);
      assert.equal(run.ok, true);
      const file = path.join(dir, 'demo.go');
      const moved = find(run.facts, 'moved-to-heap', 8);
      assert.deepEqual(moved && { file: moved.file, column: moved.column, name: moved.name, why: moved.why }, { file, column: 2, name: 'd', why: 'return' });
      assert.equal(find(run.facts, 'moved-to-heap', 13)?.name, 'd');
      const make = find(run.facts, 'escapes', 18);
      assert.equal(make?.name, 'make([]byte, n)');
      assert.ok(make?.why === 'non-constant size' || make?.why === 'return', `why: ${make?.why}`);
      assert.equal(find(run.facts, 'does-not-escape', 22)?.name, 'make([]int, 8)');
      const leak = find(run.facts, 'leaking-param', 26);
      assert.deepEqual(leak && [leak.name, leak.to], ['p', '~r0']);
      assert.ok(run.facts.every((f) => f.source === 'compiler'));
      assert.match(run.log, /moved to heap: d/);
      assert.deepEqual(run.command.slice(1, 5), ['list', '-export', '-f', '{{.Export}}']);
    });

    it(`${label}: analyses the unsaved buffer, not the file on disk, and names the real file`, async () => {
      const dir = makePackage('overlaid', { 'a.go': 'package overlaid\n\nfunc F() int {\n\tx := 1\n\treturn x\n}\n' });
      dirs.push(dir);
      const file = path.join(dir, 'a.go');
      const buffer = 'package overlaid\n\nvar sink *int\n\nfunc F() int {\n\t_ = "é"; v := 0; sink = &v\n\treturn v\n}\n';
      const run = await runEscapeAnalysis({ packageDir: dir, goBinary: go(), overlay: new Map([[file, buffer]]) });
      assert.equal(run.outcome, 'ok', run.message);
      const moved = run.facts.filter((f) => f.kind === 'moved-to-heap');
      // The compiler counts bytes (v is at byte 12); the fact counts UTF-16 units, as the editor does.
      assert.deepEqual(moved.map((f) => [f.file, f.line, f.column, f.name]), [[file, 6, 11, 'v']]);
      assert.ok(!run.log.includes('go-oom-lens-escape-'), 'the log names the real file');
      assert.match(run.log, /a\.go:6:12: moved to heap: v/);
      const overlayArg = run.command.find((a) => a.startsWith('-overlay='));
      assert.ok(overlayArg, 'an -overlay file was passed');
      assert.equal(fs.existsSync(path.dirname(overlayArg.slice('-overlay='.length))), false, 'the temporary overlay directory is removed');
      assert.equal(fs.readFileSync(file, 'utf8').includes('sink'), false, 'the file on disk is untouched');
    });

    it(`${label}: reports a package that does not compile, with structured errors`, async () => {
      const dir = makePackage('broken', { 'a.go': 'package broken\n\nfunc F() *int {\n\tx := 1\n\treturn &x\n}\n', 'b.go': 'package broken\n\nfunc G() int {\n\treturn undefinedName\n}\n' });
      dirs.push(dir);
      const run = await runEscapeAnalysis({ packageDir: dir, goBinary: go() });
      assert.equal(run.ok, false);
      assert.equal(run.outcome, 'failed');
      assert.deepEqual(run.errors.map((e) => [e.file, e.line, e.column, e.message]), [[path.join(dir, 'b.go'), 4, 9, 'undefined: undefinedName']]);
      assert.match(run.message, /^package does not compile: b\.go:4:9: undefined: undefinedName/);
      assert.ok(Array.isArray(run.facts));
    });
  }

  it('never downloads: a missing dependency fails with the proxy off', async () => {
    const dir = makePackage('needsdep', { 'a.go': 'package needsdep\n\nimport _ "example.invalid/nothere"\n' },
      'module example.com/needsdep\n\ngo 1.19\n\nrequire example.invalid/nothere v1.0.0\n');
    dirs.push(dir);
    const run = await runEscapeAnalysis({ packageDir: dir });
    assert.equal(run.outcome, 'failed');
    assert.match(run.errors.map((e) => e.message).join('\n'), /example\.invalid\/nothere/);
    const modCache = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(fs.existsSync(path.join(modCache, 'cache', 'download', 'example.invalid')), false, 'nothing was fetched');
  });

  it('reports a directory that does not exist as such (not as a missing go)', async () => {
    const run = await runEscapeAnalysis({ packageDir: path.join('/nonexistent', 'pkg') });
    assert.equal(run.outcome, 'failed');
    assert.match(run.message, /not a package directory/);
  });

  it('says clearly when the go binary does not exist, without throwing', async () => {
    const dir = makePackage('nogo', { 'a.go': 'package nogo\n' });
    dirs.push(dir);
    const run = await runEscapeAnalysis({ packageDir: dir, goBinary: path.join(dir, 'no-such-go') });
    assert.equal(run.outcome, 'go-not-found');
    assert.equal(run.ok, false);
    assert.match(run.message, /Go toolchain not found: could not run '.*no-such-go' \(ENOENT\)/);
  });
});

describe('runEscapeAnalysis with a go that hangs', () => {
  const fake = makeHangingGo();
  const dir = makePackage('hang', { 'a.go': 'package hang\n' });
  after(() => { removeDir(fake.dir); removeDir(dir); });

  it('kills go and the processes it started at the timeout', async () => {
    const env = { ...process.env, FAKE_GO_PIDFILE: fake.pidFile };
    const run = await runEscapeAnalysis({ packageDir: dir, goBinary: fake.go, timeoutMs: 3000, env });
    assert.equal(run.outcome, 'timeout');
    assert.match(run.message, /killed after 3000 ms/);
    // The run ends only once every holder of go's output pipes is gone, the child included.
    const child = Number(fs.readFileSync(fake.pidFile, 'utf8'));
    assert.ok(processGone(child), `the child ${child} of the fake go is gone`);
    const work = fs.readFileSync(`${fake.pidFile}.tmpdir`, 'utf8').trim();
    assert.match(path.basename(work), new RegExp(`^go-oom-lens-escape-${process.pid}-`), 'go works in a folder of ours (GOTMPDIR)');
    assert.equal(fs.existsSync(work), false, 'the killed go\'s work folder is gone with ours');
  });

  it('removes the folders that killed servers left behind, not those of running ones', async () => {
    const dead = spawnSync('true').pid!;
    const left = path.join(os.tmpdir(), `go-oom-lens-escape-${dead}-abandoned`);
    const running = path.join(os.tmpdir(), `go-oom-lens-escape-${process.ppid}-running`);
    for (const d of [left, running]) fs.mkdirSync(path.join(d, 'go-build1'), { recursive: true });
    try {
      const env = { ...process.env, FAKE_GO_PIDFILE: fake.pidFile };
      await runEscapeAnalysis({ packageDir: dir, goBinary: fake.go, timeoutMs: 500, env });
      assert.equal(fs.existsSync(left), false, 'the folder of a process that no longer runs');
      assert.equal(fs.existsSync(running), true, 'the folder of a process that runs');
    } finally {
      for (const d of [left, running]) fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('is cancelled by its AbortSignal', async () => {
    const controller = new AbortController();
    const env = { ...process.env, FAKE_GO_PIDFILE: fake.pidFile };
    let started = 0;
    const run = await runEscapeAnalysis({
      packageDir: dir, goBinary: fake.go, env, signal: controller.signal, timeoutMs: 600_000,
      onStart: (pid) => { started = pid; controller.abort(); },
    });
    assert.ok(started > 0);
    assert.equal(run.outcome, 'cancelled');
    assert.ok(processGone(started));
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runEscapeAnalysis({ packageDir: dir, goBinary: fake.go, signal: controller.signal, onStart: () => assert.fail('started') });
    assert.equal(run.outcome, 'cancelled');
  });
});

describe('escapeEnv', () => {
  it('turns downloads and go.mod edits off and keeps the other GOFLAGS', () => {
    const dir = makePackage('envmod', { 'a.go': 'package envmod\n' });
    dirs.push(dir);
    const env = escapeEnv(dir, { GOFLAGS: '-tags=integration -mod=mod', GO111MODULE: 'on', PATH: '/bin' });
    assert.equal(env.GOPROXY, 'off');
    assert.equal(env.GOTOOLCHAIN, 'local');
    assert.equal(env.GOVCS, '*:off');
    assert.equal(env.GOFLAGS, '-tags=integration -mod=readonly');
    assert.equal(env.GO111MODULE, 'on', 'GO111MODULE is left alone');
    assert.equal(env.PWD, dir);
  });

  it('uses the vendor directory when the module has one', () => {
    const dir = makePackage('envvendor', { 'a.go': 'package envvendor\n', 'vendor/modules.txt': '' });
    dirs.push(dir);
    assert.equal(escapeEnv(path.join(dir), {}).GOFLAGS, '-mod=vendor');
  });
});

describe('probeGo and moduleGoVersion', () => {
  it('reports the installed go, and nothing for a missing one', async () => {
    requireGo();
    const go = await probeGo();
    assert.match(go?.version ?? '', /^go1\.\d+/);
    assert.ok(go?.goos && go.goarch);
    assert.equal(await probeGo('/nonexistent/go'), undefined);
  });

  it('reads the toolchain, else the go line, of the enclosing go.mod', async () => {
    const dir = makePackage('modver', { 'sub/a.go': 'package sub\n' }, 'module example.com/modver\n\ngo 1.22\n\ntoolchain go1.23.4\n');
    dirs.push(dir);
    assert.equal(await moduleGoVersion(path.join(dir, 'sub')), '1.23.4');
    const plain = makePackage('modplain', {}, 'module example.com/modplain\n\ngo 1.21\n');
    dirs.push(plain);
    assert.equal(await moduleGoVersion(plain), '1.21');
    assert.equal(moduleGoVersionSync(path.join(dir, 'sub')), '1.23.4', 'read at once, the same');
    assert.equal(moduleGoVersionSync(plain), '1.21');
  });
});
