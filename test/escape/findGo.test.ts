// findGo: the go the server runs when goOomLens.goPath is empty, even when the editor's PATH lacks it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findGo, findGoCandidates } from '../../server/src/escape/findGo';

function fakeGo(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'go');
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return file;
}

describe('findGo', () => {
  it('takes the first executable go on PATH, skipping folders without one and non-executable files', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-findgo-'));
    try {
      const plain = path.join(tmp, 'plain');
      fs.mkdirSync(plain);
      fs.writeFileSync(path.join(plain, 'go'), 'not executable', { mode: 0o644 });
      const good = fakeGo(path.join(tmp, 'bin'));
      const found = findGo({ env: { PATH: [path.join(tmp, 'none'), plain, path.dirname(good)].join(':') }, home: tmp, platform: 'linux' });
      if (process.getuid?.() !== 0) assert.equal(found, good);
      else assert.ok(found === good || found === path.join(plain, 'go'), found);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('without go on PATH: GOROOT/bin, then the installers\' folders, then ~/sdk newest first', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-findgo-'));
    try {
      fakeGo(path.join(tmp, 'sdk', 'go1.9.2', 'bin'));
      const newest = fakeGo(path.join(tmp, 'sdk', 'go1.26.1', 'bin'));
      fakeGo(path.join(tmp, 'sdk', 'go1.22.0', 'bin'));
      const c = findGoCandidates({ env: { PATH: '', GOROOT: '/opt/goroot' }, home: tmp, platform: 'linux' });
      assert.equal(c[0], '/opt/goroot/bin/go');
      assert.ok(c.indexOf('/usr/local/go/bin/go') > 0);
      const sdk = c.filter((x) => x.startsWith(path.join(tmp, 'sdk')));
      assert.deepEqual(sdk, [newest, path.join(tmp, 'sdk', 'go1.22.0', 'bin', 'go'), path.join(tmp, 'sdk', 'go1.9.2', 'bin', 'go')]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('relative PATH entries are ignored (a workspace could plant ./go), and nothing found gives plain go', () => {
    const c = findGoCandidates({ env: { PATH: '.:bin' }, home: '', platform: 'linux' });
    assert.ok(c.every((x) => path.isAbsolute(x)));
    assert.equal(findGo({ env: { PATH: '' }, home: '/nonexistent-home', platform: 'win32' }), 'go');
  });
});
