// Exit codes of `go-oom-lens`: 0 nothing found, 1 something at or above the threshold,
// 2 bad usage or a path that cannot be read at all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cleanPackage, makeTree, paramStepPackage, repoRoot, runCli, zeroStepPackage } from './cliHarness';

describe('exit codes', () => {
  it('exits 0 and prints nothing on stdout for clean code', async () => {
    const dir = makeTree({ 'sum.go': cleanPackage('clean') });
    const r = await runCli(['check', dir]);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^no findings in 1 file, \d+\.\d s\n$/);
    assert.equal(r.code, 0);
  });

  it('exits 1 for a certain bug and names rule, severity and place', async () => {
    const dir = makeTree({ 'spin.go': zeroStepPackage('spin') });
    const r = await runCli(['check', 'spin.go'], dir);
    assert.match(r.stdout, /^spin\.go:4:2: error: .+ \[zero-step-loop\]$/m);
    assert.match(r.stderr, /^1 finding \(1 error, 0 warnings\) in 1 file, \d+\.\d s\n$/);
    assert.equal(r.code, 1);
  });

  it('--exit-zero reports findings but exits 0', async () => {
    const dir = makeTree({ 'spin.go': zeroStepPackage('spin') });
    const r = await runCli(['check', '--exit-zero', dir]);
    assert.match(r.stdout, /\[zero-step-loop\]/);
    assert.equal(r.code, 0);
  });

  it('--min-severity error drops warnings and with them exit code 1', async () => {
    const dir = makeTree({ 'walk.go': paramStepPackage('walk') });
    const all = await runCli(['check', dir]);
    assert.match(all.stdout, /: warning: .+ \[zero-step-loop\]$/m);
    assert.doesNotMatch(all.stdout, /: error: /);
    assert.equal(all.code, 1);
    const errorsOnly = await runCli(['check', '--min-severity', 'error', dir]);
    assert.equal(errorsOnly.stdout, '');
    assert.equal(errorsOnly.code, 0);
  });

  it('--min-severity error still reports errors', async () => {
    const dir = makeTree({ 'spin.go': zeroStepPackage('spin'), 'walk.go': paramStepPackage('spin') });
    const r = await runCli(['check', '--min-severity=error', '--format', 'json', dir]);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ severity: string }> }).findings;
    assert.ok(findings.length > 0);
    assert.deepEqual([...new Set(findings.map((f) => f.severity))], ['error']);
    assert.equal(r.code, 1);
  });

  it('--rule and --disable choose the rules', async () => {
    const dir = makeTree({ 'spin.go': zeroStepPackage('spin') });
    const without = await runCli(['check', '--disable', 'zero-step-loop', dir]);
    assert.doesNotMatch(without.stdout, /zero-step-loop/);
    const only = await runCli(['check', '--rule', 'zero-step-loop,infinite-recursion', dir]);
    assert.match(only.stdout, /\[zero-step-loop\]/);
    assert.equal(only.code, 1);
  });

  for (const [what, args, message] of [
    ['no command', [], /Usage: go-oom-lens <command>/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['check', '--frobnicate'], /--frobnicate/],
    ['an unknown format', ['check', '--format', 'xml'], /--format must be one of text, json, sarif/],
    ['an unknown severity', ['check', '--min-severity', 'info'], /--min-severity must be one of error, warning/],
    ['an unknown rule', ['check', '--rule', 'no-such-rule'], /unknown rule 'no-such-rule'/],
    ['disabling every rule', ['check', '--rule', 'zero-step-loop', '--disable', 'zero-step-loop'], /no rule left/],
    ['a bad job count', ['check', '--jobs', '0'], /--jobs must be a whole number/],
    ['a missing option value', ['check', '--format'], /--format/],
  ] as const) {
    it(`exits 2 on ${what}`, async () => {
      const r = await runCli(args);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.equal(r.code, 2);
    });
  }

  it('exits 2 with a clear message when a given path does not exist', async () => {
    const dir = makeTree({ 'spin.go': zeroStepPackage('spin') });
    const r = await runCli(['check', 'spin.go', 'no/such/dir'], dir);
    assert.match(r.stderr, /no\/such\/dir: no such file or directory/);
    assert.equal(r.code, 2);
  });

  it('exits 2 when a given file is not a .go file', async () => {
    const dir = makeTree({ 'notes.txt': 'hello' });
    const r = await runCli(['check', path.join(dir, 'notes.txt')]);
    assert.match(r.stderr, /notes\.txt: not a \.go file/);
    assert.equal(r.code, 2);
  });

  it('exits 2 when a given directory cannot be read', { skip: process.getuid?.() === 0 && 'root reads any directory' }, async () => {
    const dir = makeTree({ 'locked/spin.go': zeroStepPackage('spin') });
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    try {
      const r = await runCli(['check', path.join(dir, 'locked')]);
      assert.match(r.stderr, /locked: cannot read directory: permission denied/);
      assert.equal(r.code, 2);
    } finally {
      fs.chmodSync(path.join(dir, 'locked'), 0o755);
    }
  });

  it('prints the version from package.json and help', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const version = await runCli(['--version']);
    assert.equal(version.stdout, `${manifest.version}\n`);
    assert.equal(version.code, 0);
    const help = await runCli(['help']);
    assert.match(help.stdout, /^ {2}check {2}/m);
    assert.equal(help.code, 0);
    const lspHelp = await runCli(['help', 'lsp']);
    assert.match(lspHelp.stdout, /go-oom-lens lsp --stdio/);
    assert.equal(lspHelp.code, 0);
    const checkHelp = await runCli(['help', 'check']);
    assert.match(checkHelp.stdout, /--min-severity error\|warning/);
    assert.equal(checkHelp.code, 0);
  });
});
