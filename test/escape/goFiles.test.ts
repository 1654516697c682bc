// Which files predicted mode reads: what `go list` would compile for the target, tests excluded.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildLine, evaluate, hostTarget, isBuiltFile } from '../../server/src/escape/goFiles';

const linux = { goos: 'linux', goarch: 'amd64' };

describe('isBuiltFile', () => {
  it('follows file-name suffixes', () => {
    assert.equal(isBuiltFile('main.go', 'package main\n', linux), true);
    assert.equal(isBuiltFile('main_test.go', 'package main\n', linux), false);
    assert.equal(isBuiltFile('sys_windows.go', 'package main\n', linux), false);
    assert.equal(isBuiltFile('sys_linux.go', 'package main\n', linux), true);
    assert.equal(isBuiltFile('asm_arm64.go', 'package main\n', linux), false);
    assert.equal(isBuiltFile('zsys_linux_amd64.go', 'package main\n', linux), true);
    assert.equal(isBuiltFile('zsys_linux_386.go', 'package main\n', linux), false);
    assert.equal(isBuiltFile('linux.go', 'package main\n', linux), true, 'a bare GOOS name is not a suffix');
    assert.equal(isBuiltFile('_skip.go', 'package main\n', linux), false);
    assert.equal(isBuiltFile('notes.txt', '', linux), false);
  });

  it('follows //go:build lines', () => {
    assert.equal(isBuiltFile('a.go', '//go:build ignore\n\npackage main\n', linux), false);
    assert.equal(isBuiltFile('a.go', '// Copyright\n\n//go:build unix && !cgo\n\npackage main\n', linux), true);
    assert.equal(isBuiltFile('a.go', '//go:build windows || (darwin && arm64)\n\npackage main\n', linux), false);
    assert.equal(isBuiltFile('a.go', '//go:build go1.21\n\npackage main\n', linux), true);
    assert.equal(isBuiltFile('a.go', '//go:build integration\n\npackage main\n', { ...linux, tags: ['integration'] }), true);
    assert.equal(buildLine('package main\n//go:build ignore\n'), undefined, 'only the header counts');
  });

  it('evaluates build expressions with precedence and parentheses', () => {
    const has = (t: string): boolean => t === 'a' || t === 'c';
    assert.equal(evaluate('a && b || c', has), true);
    assert.equal(evaluate('a && (b || !c)', has), false);
    assert.equal(evaluate('!(a && b)', has), true);
  });

  it('maps Node platforms to GOOS/GOARCH', () => {
    assert.deepEqual(hostTarget('win32', 'x64'), { goos: 'windows', goarch: 'amd64' });
    assert.deepEqual(hostTarget('darwin', 'arm64'), { goos: 'darwin', goarch: 'arm64' });
    assert.deepEqual(hostTarget('linux', 'ia32'), { goos: 'linux', goarch: '386' });
  });
});
