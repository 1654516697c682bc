// Which Go builds a module (and so whose runtime rules the numbers follow), from go.mod, the
// installed go and GOTOOLCHAIN; and reading those from disk without running go.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { parseGoVersion } from '../../server/src/analysis/runtime/goVersion';
import { chooseGo, goModLines, newestKnownGo } from '../../server/src/analysis/runtime/toolchainChoice';
import { GoVersions } from '../../server/src/features/goVersions';

const minor = (c: { runtime: { minor: number } }) => c.runtime.minor;

test('Go versions as go.mod, go env and VERSION files write them', () => {
  assert.deepEqual(parseGoVersion('1.22'), { minor: 22, patch: 0 });
  assert.deepEqual(parseGoVersion('go1.26.8'), { minor: 26, patch: 8 });
  assert.deepEqual(parseGoVersion('go1.23rc1'), { minor: 23, patch: 0 });
  assert.deepEqual(parseGoVersion('go1.19.8\ntime 2023-01-01'), { minor: 19, patch: 8 });
  for (const bad of ['', 'default', '2.0', 'go', '1.', 'devel +abc']) assert.equal(parseGoVersion(bad), undefined, bad);
});

test('the installed go builds a module whose go line is older (the issue\'s go 1.19 module on Go 1.26)', () => {
  const c = chooseGo({ hasGoMod: true, goLine: '1.19', installed: 'go1.26.8' });
  assert.equal(minor(c), 26);
  assert.equal(c.language.minor, 19);
  assert.match(c.because, /installed go1\.26\.8 builds it/);
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.19', installed: 'go1.19.8' })), 19);
});

test('a newer go or toolchain line makes the go command switch (Go 1.21+), unless GOTOOLCHAIN=local', () => {
  const up = chooseGo({ hasGoMod: true, goLine: '1.24', toolchainLine: 'go1.25.3', installed: 'go1.22.1' });
  assert.deepEqual(up.runtime, { minor: 25, patch: 3 });
  assert.equal(up.language.minor, 24);
  assert.match(up.because, /`toolchain go1\.25\.3` line asks for go1\.25\.3, newer than the installed go1\.22\.1/);
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.24', installed: 'go1.22.1' })), 24);
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.24', installed: 'go1.22.1', gotoolchain: 'local' })), 22);
  // Go 1.19 knows no toolchain switching: it builds the module itself.
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.22', installed: 'go1.19.8' })), 19);
  // `toolchain default` asks for nothing.
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.21', toolchainLine: 'default', installed: 'go1.23.0' })), 23);
});

test('GOTOOLCHAIN naming a release, or a default with +auto', () => {
  assert.deepEqual(chooseGo({ hasGoMod: true, goLine: '1.19', installed: 'go1.26.8', gotoolchain: 'go1.24.2' }).runtime, { minor: 24, patch: 2 });
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.19', installed: 'go1.26.8', gotoolchain: 'go1.23.0+auto' })), 23);
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.25', installed: 'go1.26.8', gotoolchain: 'go1.23.0+auto' })), 25);
});

test('without an installed go the module decides; without either, the newest known release, said to be assumed', () => {
  assert.equal(minor(chooseGo({ hasGoMod: true, goLine: '1.23' })), 23);
  const none = chooseGo({ hasGoMod: false });
  assert.deepEqual(none.runtime, newestKnownGo);
  assert.match(none.because, /assumed/);
  // A go.mod without a go line is go 1.16 to the go command.
  assert.equal(chooseGo({ hasGoMod: true, installed: 'go1.26.0' }).language.minor, 16);
  assert.equal(chooseGo({ hasGoMod: false, installed: 'go1.26.0' }).language.minor, 26);
});

test('go.mod lines, with comments and blocks around them', () => {
  assert.deepEqual(goModLines('module x\n\n// go 1.10\ngo 1.22.1 // pinned\n\ntoolchain go1.23.4\n\nrequire (\n\ta v1\n)\n'), { hasGoMod: true, goLine: '1.22.1', toolchainLine: 'go1.23.4' });
  assert.deepEqual(goModLines('module x\n'), { hasGoMod: true, goLine: undefined, toolchainLine: undefined });
});

const tmp = mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-goversions-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('GoVersions reads the go.mod above a file and the VERSION file of the go binary\'s GOROOT', () => {
  const goroot = path.join(tmp, 'goroot');
  mkdirSync(path.join(goroot, 'bin'), { recursive: true });
  writeFileSync(path.join(goroot, 'VERSION'), 'go1.24.6\ntime 2025-08-06T00:00:00Z\n');
  writeFileSync(path.join(goroot, 'bin', 'go'), '');
  // A go found through a symlink (/usr/bin/go → /usr/lib/go-1.19/bin/go) still finds its GOROOT.
  symlinkSync(path.join(goroot, 'bin', 'go'), path.join(tmp, 'go-link'));
  const mod = path.join(tmp, 'mod');
  mkdirSync(path.join(mod, 'pkg', 'sub'), { recursive: true });
  writeFileSync(path.join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
  const versions = new GoVersions();
  const file = path.join(mod, 'pkg', 'sub', 'a.go');
  const c = versions.forFile(file, path.join(tmp, 'go-link'), {});
  assert.deepEqual(c.runtime, { minor: 24, patch: 6 });
  assert.equal(c.language.minor, 21);
  // An edited go.mod is read again.
  writeFileSync(path.join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.25.0\n');
  const later = new Date(Date.now() + 5000);
  utimesSync(path.join(mod, 'go.mod'), later, later);
  assert.equal(minor(versions.forFile(file, path.join(tmp, 'go-link'), {})), 25);
  // A go without a VERSION file (or a bare name) is unknown: the module decides.
  assert.equal(minor(versions.forFile(file, 'go', {})), 25);
  assert.equal(versions.forFile(undefined, 'go', {}).runtime.minor, newestKnownGo.minor);
});
