// Where the result cache lives (Go's os.UserCacheDir convention) and how the environment moves,
// bounds or disables it; pure, so every platform's rule is checked on any machine.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cacheSettings, defaultCacheBytes } from '../../server/src/cli/resultCache';

const home = path.resolve('/home/gopher');

describe('result cache location', () => {
  it('follows the user cache directory of each platform', () => {
    const env = { HOME: home, XDG_CACHE_HOME: path.resolve('/xdg'), LOCALAPPDATA: path.resolve('/local') };
    assert.equal(cacheSettings(env, 'linux')?.dir, path.join(path.resolve('/xdg'), 'go-oom-lens', 'check-v1'));
    assert.equal(cacheSettings({ HOME: home }, 'linux')?.dir, path.join(home, '.cache', 'go-oom-lens', 'check-v1'));
    // A relative XDG_CACHE_HOME is ignored, as the XDG specification asks.
    assert.equal(cacheSettings({ HOME: home, XDG_CACHE_HOME: 'rel' }, 'linux')?.dir, path.join(home, '.cache', 'go-oom-lens', 'check-v1'));
    assert.equal(cacheSettings(env, 'darwin')?.dir, path.join(home, 'Library', 'Caches', 'go-oom-lens', 'check-v1'));
    assert.equal(cacheSettings(env, 'win32')?.dir, path.join(path.resolve('/local'), 'go-oom-lens', 'check-v1'));
    assert.equal(cacheSettings({ HOME: home }, 'win32'), undefined, 'no LocalAppData: no cache');
  });

  it('is moved by GO_OOM_LENS_CACHE=DIR and turned off by GO_OOM_LENS_CACHE=off', () => {
    assert.equal(cacheSettings({ HOME: home, GO_OOM_LENS_CACHE: path.resolve('/tmp/c') }, 'linux')?.dir, path.join(path.resolve('/tmp/c'), 'check-v1'));
    assert.equal(cacheSettings({ HOME: home, GO_OOM_LENS_CACHE: 'off' }, 'linux'), undefined);
    assert.equal(cacheSettings({ HOME: home, GO_OOM_LENS_CACHE: '' }, 'linux')?.dir, path.join(home, '.cache', 'go-oom-lens', 'check-v1'));
  });

  it('is bounded by GO_OOM_LENS_CACHE_MAX, and says so when the size is not one', () => {
    assert.equal(cacheSettings({ HOME: home }, 'linux')?.maxBytes, defaultCacheBytes);
    assert.equal(cacheSettings({ HOME: home, GO_OOM_LENS_CACHE_MAX: '50MiB' }, 'linux')?.maxBytes, 50 * 1024 * 1024);
    const bad = cacheSettings({ HOME: home, GO_OOM_LENS_CACHE_MAX: 'big' }, 'linux');
    assert.equal(bad?.maxBytes, defaultCacheBytes);
    assert.match(bad?.warning ?? '', /GO_OOM_LENS_CACHE_MAX must be a size .*'big'/);
  });
});
