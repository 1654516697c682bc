// What `check` reads: directory walking, package grouping, and files it must skip without
// changing the exit code (unreadable, binary, not UTF-8, over 10 MB).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { bytes, cleanPackage, go, makeTree, parseJson, runCli, zeroStepPackage } from './cliHarness';

const files = (stdout: string): string[] => [...new Set(parseJson(stdout).findings.map((f) => f.file))].sort();

describe('walking directories', () => {
  it('skips vendor, testdata, node_modules, dot and underscore directories', async () => {
    const dir = makeTree({
      'main.go': cleanPackage('main'),
      'vendor/x/bug.go': zeroStepPackage('x'),
      'testdata/bug.go': zeroStepPackage('x'),
      'node_modules/m/bug.go': zeroStepPackage('m'),
      '.git/bug.go': zeroStepPackage('x'),
      '.cache/bug.go': zeroStepPackage('x'),
      '_old/bug.go': zeroStepPackage('x'),
      'sub/ok.go': cleanPackage('sub'),
    });
    const r = await runCli(['check', '.'], dir);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^no findings in 2 files, /);
    assert.equal(r.code, 0);
  });

  it('checks a skipped directory when it is named on the command line', async () => {
    const dir = makeTree({ 'testdata/bug.go': zeroStepPackage('x') });
    const r = await runCli(['check', '--format', 'json', 'testdata'], dir);
    assert.deepEqual(files(r.stdout), [path.join('testdata', 'bug.go')]);
    assert.equal(r.code, 1);
  });

  it('defaults to the current directory and names files relative to it', async () => {
    const dir = makeTree({ 'a/b/spin.go': zeroStepPackage('b') });
    const r = await runCli(['check', '--format', 'json'], dir);
    assert.deepEqual(files(r.stdout), [path.join('a', 'b', 'spin.go')]);
  });

  it('joins the given path with the relative path', async () => {
    const dir = makeTree({ 'a/b/spin.go': zeroStepPackage('b') });
    const r = await runCli(['check', '--format', 'json', path.join(dir, 'a')]);
    assert.deepEqual(files(r.stdout), [path.join(dir, 'a', 'b', 'spin.go')]);
  });

  it("accepts Go's ./... and dir/... patterns as directories", async () => {
    const dir = makeTree({ 'a/b/spin.go': zeroStepPackage('b') });
    const dots = await runCli(['check', '--format', 'json', './...'], dir);
    assert.deepEqual(files(dots.stdout), [path.join('a', 'b', 'spin.go')]);
    const sub = await runCli(['check', '--format', 'json', 'a/...'], dir);
    assert.deepEqual(files(sub.stdout), [path.join('a', 'b', 'spin.go')]);
    assert.equal(sub.code, 1);
  });

  it('reports a file once when it is reached through two given paths', async () => {
    const dir = makeTree({ 'p/spin.go': zeroStepPackage('p') });
    const r = await runCli(['check', '--format', 'json', 'p', 'p/spin.go', '.'], dir);
    assert.equal(parseJson(r.stdout).findings.filter((f) => f.rule === 'zero-step-loop').length, 1);
  });
});

describe('package context', () => {
  const tree = {
    'p/consts.go': go('package p', '', 'const step = 0'),
    'p/loop.go': go('package p', '', 'func F(n int) {', '\tfor i := 0; i < n; i += step {', '\t}', '}'),
    // An internal test file is part of package p and sees step = 0 too.
    'p/loop_internal_test.go': go('package p', '', 'func G(n int) {', '\tfor i := 0; i < n; i += step {', '\t}', '}'),
    // An external test package is its own package: its step is 1, and p's step stays 0.
    'p/loop_external_test.go': go('package p_test', '', 'const step = 1', '', 'func H(n int) {', '\tfor i := 0; i < n; i += step {', '\t}', '}'),
  };

  it('resolves a constant declared in a sibling file of the same package', async () => {
    const dir = makeTree(tree);
    const r = await runCli(['check', '--format', 'json', 'p'], dir);
    const zero = parseJson(r.stdout).findings.filter((f) => f.rule === 'zero-step-loop');
    assert.deepEqual(zero.map((f) => [f.file, f.line, f.severity]), [
      [path.join('p', 'loop.go'), 4, 'error'],
      [path.join('p', 'loop_internal_test.go'), 4, 'error'],
    ]);
    assert.ok(zero[0].related.some((rel) => rel.file === path.join('p', 'consts.go') && rel.line === 3), JSON.stringify(zero[0].related));
    assert.equal(r.code, 1);
  });

  it('reads the siblings of a file given alone but reports only that file', async () => {
    const dir = makeTree(tree);
    const r = await runCli(['check', '--format', 'json', path.join('p', 'loop.go')], dir);
    const found = parseJson(r.stdout).findings;
    assert.deepEqual(found.filter((f) => f.rule === 'zero-step-loop').map((f) => [f.file, f.line, f.severity]), [[path.join('p', 'loop.go'), 4, 'error']]);
    assert.deepEqual(files(r.stdout), [path.join('p', 'loop.go')]);
  });
});

describe('files that are skipped without changing the exit code', () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a binary file', bytes('package p\n\nvar x = "', [0, 1, 2, 0], '"\n'), /bad\.go: skipped: binary file/],
    ['a file that is not UTF-8', bytes('package p\n\n// caf', [0xe9], '\n'), /bad\.go: skipped: not valid UTF-8 \(first bad byte at line 3/],
    ['a file with an overlong UTF-8 sequence', bytes('package p\n// ', [0xc0, 0xaf], '\n'), /bad\.go: skipped: not valid UTF-8 \(first bad byte at line 2/],
  ];
  for (const [what, content, message] of cases) {
    it(`reports ${what} on stderr and checks the rest`, async () => {
      const clean = makeTree({ 'ok.go': cleanPackage('p'), 'bad.go': content });
      const cleanRun = await runCli(['check', '.'], clean);
      assert.match(cleanRun.stderr, message);
      assert.match(cleanRun.stderr, /no findings in 1 file, .*; 1 file skipped/);
      assert.equal(cleanRun.code, 0);
      const buggy = makeTree({ 'spin.go': zeroStepPackage('p'), 'bad.go': content });
      const buggyRun = await runCli(['check', '.'], buggy);
      assert.match(buggyRun.stderr, message);
      assert.match(buggyRun.stdout, /^spin\.go:4:2: error: /m);
      assert.equal(buggyRun.code, 1);
    });
  }

  it('reports an unreadable file (a dangling symbolic link) and checks the rest', async () => {
    const dir = makeTree({ 'ok.go': cleanPackage('p') });
    fs.symlinkSync(path.join(dir, 'missing-target.go'), path.join(dir, 'gone.go'));
    const r = await runCli(['check', '.'], dir);
    assert.match(r.stderr, /gone\.go: skipped: cannot read: no such file or directory/);
    assert.equal(r.code, 0);
  });

  it('reports a file without read permission and checks the rest', { skip: process.getuid?.() === 0 && 'root reads any file' }, async () => {
    const dir = makeTree({ 'ok.go': cleanPackage('p'), 'locked.go': zeroStepPackage('p') });
    fs.chmodSync(path.join(dir, 'locked.go'), 0o000);
    const r = await runCli(['check', '.'], dir);
    assert.match(r.stderr, /locked\.go: skipped: cannot read: permission denied/);
    assert.equal(r.code, 0);
  });

  it('skips a file over 10 MB with a message', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20);
    big.set(bytes('package p\n//'));
    const dir = makeTree({ 'ok.go': cleanPackage('p'), 'huge.go': big });
    const r = await runCli(['check', '.'], dir);
    assert.match(r.stderr, /huge\.go: skipped: larger than 10 MB/);
    assert.equal(r.code, 0);
  });
});
