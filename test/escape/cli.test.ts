// `go-oom-lens escape <dir>` (the built dist/cli.js): the JSON and text output, --predict, exit codes.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../cli/cliHarness';
import { makePackage, removeDir, requireGo } from './goPackages';

const source = 'package cliesc\n\nfunc New() *int {\n\tx := 1\n\treturn &x\n}\n\nfunc Buf(n int) []byte {\n\treturn make([]byte, n)\n}\n';

describe('go-oom-lens escape', () => {
  const dirs: string[] = [];
  before(() => { requireGo(); });
  after(() => dirs.forEach(removeDir));

  it('prints the compiler facts as JSON (version 1)', async () => {
    const dir = makePackage('cliesc', { 'a.go': source });
    dirs.push(dir);
    const r = await runCli(['escape', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { version: number; facts: Array<Record<string, unknown>> };
    assert.equal(report.version, 1);
    const moved = report.facts.find((f) => f.kind === 'moved-to-heap');
    assert.deepEqual(moved && { file: moved.file, line: moved.line, column: moved.column, name: moved.name, message: moved.message, source: moved.source },
      { file: path.join(dir, 'a.go'), line: 4, column: 2, name: 'x', message: 'moved to heap: x', source: 'compiler' });
    assert.ok(report.facts.some((f) => f.kind === 'escapes' && f.name === 'make([]byte, n)'));
    for (const f of report.facts) for (const key of ['file', 'line', 'column', 'kind', 'name', 'message', 'source']) assert.ok(key in f, `${key} in every fact`);
  });

  it('prints text relative to the working directory, and predicted facts with --predict', async () => {
    const dir = makePackage('clitext', { 'a.go': source, 'a_test.go': 'package cliesc\n\nfunc helper() *int { y := 2; return &y }\n' });
    dirs.push(dir);
    const text = await runCli(['escape', '.'], dir);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^a\.go:4:2: moved to heap: x \(return\)$/m);
    const predicted = await runCli(['escape', '.', '--predict'], dir);
    assert.equal(predicted.code, 0);
    assert.match(predicted.stdout, /^a\.go:4:2: moved to heap: x \(predicted: returned\)$/m);
    assert.doesNotMatch(predicted.stdout, /a_test\.go/, 'tests are not part of the package');
    const json = JSON.parse((await runCli(['escape', '.', '--predict', '--format=json'], dir)).stdout) as { facts: Array<{ source: string }> };
    assert.ok(json.facts.length > 0 && json.facts.every((f) => f.source === 'predicted'));
  });

  it('exits 1 with the compile errors when the package does not compile', async () => {
    const dir = makePackage('clibroken', { 'a.go': 'package clibroken\n\nfunc F() int { return missing }\n' });
    dirs.push(dir);
    const r = await runCli(['escape', dir, '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as { errors: Array<{ line: number; message: string }> };
    assert.deepEqual(report.errors.map((e) => [e.line, e.message]), [[3, 'undefined: missing']]);
    assert.match(r.stderr, /package does not compile/);
  });

  it('exits 2 for bad usage and for a missing go binary', async () => {
    assert.equal((await runCli(['escape'])).code, 2);
    assert.equal((await runCli(['escape', '.', '--format', 'xml'])).code, 2);
    assert.equal((await runCli(['escape', '/no/such/dir'])).code, 2);
    const dir = makePackage('clinogo', { 'a.go': 'package clinogo\n' });
    dirs.push(dir);
    const r = await runCli(['escape', dir, '--go', path.join(dir, 'nogo')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Go toolchain not found.*--predict/);
    const help = await runCli(['escape', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: go-oom-lens escape <package dir>/);
  });
});
