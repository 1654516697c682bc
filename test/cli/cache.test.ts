// The result cache of `go-oom-lens check`: a warm run prints exactly what a cold one prints, any
// change to a file, its package peers or the options is seen, a damaged entry is never trusted,
// --no-cache and GO_OOM_LENS_CACHE=off leave no trace, concurrent runs agree, the size bound holds.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cleanPackage, go, makeTree, paramStepPackage, runCli, zeroStepPackage, type CliRun } from './cliHarness';

const loop = go('package b', '', 'func F(n int) []int {', '\tvar out []int', '\tfor i := 0; i < n; i += step {', '\t\tout = append(out, i)', '\t}', '\treturn out', '}');
const tree = {
  'a/spin.go': zeroStepPackage('a'),
  'a/walk.go': paramStepPackage('a'),
  'b/consts.go': go('package b', '', 'const step = 0'),
  'b/loop.go': loop,
  'c/ok.go': cleanPackage('c'),
  'd/stuck.go': go('package d', '', 'func Stuck(m int) {', '\ti := 0', '\tfor j := 0; j < m; i++ {', '\t}', '\t_ = i', '}'),
};

/** `check --stats` in `dir` with the cache in `cache`; `cached` is the stats line's hits/units. */
async function check(dir: string, cache: string, ...args: string[]): Promise<CliRun & { cached: string }> {
  const r = await runCli(['check', '--stats', ...args, '.'], dir, { GO_OOM_LENS_CACHE: cache });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return { ...r, cached: /cached=(\d+\/\d+)/.exec(r.stderr)?.[1] ?? `no stats in ${r.stderr}` };
}

/** The entry files of a cache directory. */
function entries(cache: string): string[] {
  const dir = path.join(cache, 'check-v1');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => path.join(dir, n)) : [];
}

const emptyDir = (): string => makeTree({});

/** The entry with its body edited and its checksum recomputed: a forgery only the structure check can catch. */
function reseal(text: string, edit: (body: string) => string): string {
  const newline = text.indexOf('\n');
  const body = edit(text.slice(newline + 1));
  return `${text.slice(0, text.indexOf(' '))} ${createHash('sha256').update(body).digest('hex')}\n${body}`;
}

describe('result cache', () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`answers a rerun from the cache with the same ${format} output`, async () => {
      const dir = makeTree(tree);
      const cache = emptyDir();
      const cold = await check(dir, cache, '--format', format);
      const warm = await check(dir, cache, '--format', format);
      const uncached = await check(dir, cache, '--format', format, '--no-cache');
      assert.equal(cold.cached, '0/4');
      assert.equal(warm.cached, '4/4');
      assert.match(warm.stdout, /zero-step-loop/);
      assert.equal(warm.stdout, cold.stdout);
      assert.equal(uncached.stdout, cold.stdout);
      assert.equal(warm.code, cold.code);
    });
  }

  it('sees an edit of a file in the results of its package peers, and only there', async () => {
    const dir = makeTree(tree);
    const cache = emptyDir();
    const before = await check(dir, cache, '--format', 'json');
    assert.match(before.stdout, /"file":"b\/loop\.go"[^}]*"rule":"zero-step-loop"/);
    fs.writeFileSync(path.join(dir, 'b/consts.go'), go('package b', '', 'const step = 2'));
    const after = await check(dir, cache, '--format', 'json');
    assert.equal(after.cached, '3/4');
    assert.doesNotMatch(after.stdout, /b\/loop\.go/);
    assert.equal(after.stdout, (await check(dir, cache, '--format', 'json', '--no-cache')).stdout);
    // A new file joins the package: the directory is analysed again.
    fs.writeFileSync(path.join(dir, 'b/more.go'), zeroStepPackage('b'));
    const added = await check(dir, cache, '--format', 'json');
    assert.equal(added.cached, '3/4');
    assert.match(added.stdout, /b\/more\.go/);
  });

  it('keys results by the options that change findings', async () => {
    const dir = makeTree(tree);
    const cache = emptyDir();
    await check(dir, cache);
    for (const options of [['--disable', 'zero-step-loop'], ['--rule', 'non-progressing-loop'], ['--min-severity', 'error'], ['--max-file-size', '60']]) {
      const cached = await check(dir, cache, '--format', 'json', ...options);
      const fresh = await check(dir, cache, '--format', 'json', '--no-cache', ...options);
      assert.equal(cached.cached, '0/4', options.join(' '));
      assert.equal(cached.stdout, fresh.stdout, options.join(' '));
      assert.equal(cached.stderr.replace(/\n?stats: .*\n/, ''), fresh.stderr.replace(/\n?stats: .*\n/, ''), options.join(' '));
    }
    // The same options again, spelt differently, share entries.
    assert.equal((await check(dir, cache, '--rule', 'non-progressing-loop,non-progressing-loop')).cached, '4/4');
  });

  const damages: Record<string, (text: string) => string> = {
    truncated: (t) => t.slice(0, Math.floor(t.length / 2)),
    garbage: () => '\u0000\u00ff not an entry at all',
    'empty': () => '',
    'a changed body (wrong checksum)': (t) => t.replace(/"message":"[^"]*"/g, '"message":"forged"'),
    'a matching checksum but a bad severity': (t) => reseal(t, (b) => b.replace(/"severity":"(error|warning)"/g, '"severity":"fatal"')),
    'a matching checksum but another key': (t) => reseal(t, (b) => b.replace(/"key":"[0-9a-f]/, '"key":"x')),
    'a matching checksum but a negative position': (t) => reseal(t, (b) => b.replace(/"line":\d+/g, '"line":-1')),
  };
  for (const [damage, spoil] of Object.entries(damages)) {
    it(`ignores and rewrites an entry with ${damage}`, async () => {
      const dir = makeTree(tree);
      const cache = emptyDir();
      const cold = await check(dir, cache, '--format', 'json');
      const files = entries(cache);
      assert.equal(files.length, 4);
      let spoilt = 0;
      for (const f of files) {
        const text = fs.readFileSync(f, 'utf8');
        const damagedText = spoil(text);
        if (damagedText !== text) spoilt++;
        fs.writeFileSync(f, damagedText);
      }
      // c/ has no findings, so edits of messages, severities and lines leave its entry intact.
      assert.ok(spoilt >= 3, `${spoilt} entries damaged`);
      const damaged = await check(dir, cache, '--format', 'json');
      assert.equal(damaged.cached, `${4 - spoilt}/4`);
      assert.equal(damaged.stdout, cold.stdout);
      assert.equal((await check(dir, cache, '--format', 'json')).cached, '4/4');
    });
  }

  it('--no-cache and GO_OOM_LENS_CACHE=off neither write nor read the cache', async () => {
    const dir = makeTree(tree);
    const cache = emptyDir();
    await check(dir, cache, '--no-cache');
    assert.deepEqual(fs.readdirSync(cache), []);
    // With the default location under a fresh home, `off` writes nothing there either.
    const home = emptyDir();
    const env = { HOME: home, XDG_CACHE_HOME: path.join(home, 'xdg'), LOCALAPPDATA: home };
    const off = await runCli(['check', '--format', 'json', '.'], dir, { ...env, GO_OOM_LENS_CACHE: 'off' });
    assert.equal(off.code, 1, off.stderr);
    assert.deepEqual(fs.readdirSync(home), []);
    // Forged entries are not read either.
    const stored = emptyDir();
    const cold = await check(dir, stored, '--format', 'json');
    for (const f of entries(stored)) fs.writeFileSync(f, reseal(fs.readFileSync(f, 'utf8'), (b) => b.replace(/"message":"[^"]*"/g, '"message":"forged"')));
    assert.match((await check(dir, stored, '--format', 'json')).stdout, /forged/, 'a well-formed entry is trusted');
    assert.equal((await check(dir, stored, '--format', 'json', '--no-cache')).stdout, cold.stdout);
    // Unset, it goes to the user cache directory ($XDG_CACHE_HOME on Linux).
    const unset = await runCli(['check', '.'], dir, { ...env, GO_OOM_LENS_CACHE: '' });
    assert.equal(unset.code, 1, unset.stderr);
    const where = process.platform === 'win32' ? home : process.platform === 'darwin' ? path.join(home, 'Library', 'Caches') : path.join(home, 'xdg');
    assert.equal(fs.readdirSync(path.join(where, 'go-oom-lens', 'check-v1')).length, 4);
  });

  it('lets concurrent runs share one cache and agree', async () => {
    const dir = makeTree(tree);
    const cache = emptyDir();
    const runs = await Promise.all(['1', '2', '1', '2'].map((jobs) => check(dir, cache, '--format', 'json', '--jobs', jobs)));
    for (const r of runs) assert.equal(r.stdout, runs[0].stdout);
    const warm = await check(dir, cache, '--format', 'json');
    assert.equal(warm.cached, '4/4');
    assert.equal(warm.stdout, runs[0].stdout);
    assert.equal(entries(cache).length, 4, 'no temporary file is left behind');
  });

  it('evicts the least recently used entries beyond GO_OOM_LENS_CACHE_MAX', async () => {
    const dir = makeTree(tree);
    const cache = emptyDir();
    const cold = await check(dir, cache, '--format', 'json');
    const sizes = entries(cache).map((f) => fs.statSync(f).size);
    const total = sizes.reduce((n, s) => n + s, 0);
    // A bound that holds all but the largest entry: the next write makes the cache overflow.
    const bound = total - Math.min(...sizes) + 1;
    // The entry of c/ is made the least recently used; c/ok.go then changes, so no hit refreshes it.
    const old = new Date(Date.now() - 3 * 3600 * 1000);
    const oldest = entries(cache).find((f) => fs.readFileSync(f, 'utf8').includes('"file":"c/ok.go"'));
    assert.ok(oldest);
    fs.utimesSync(oldest, old, old);
    fs.writeFileSync(path.join(dir, 'c/ok.go'), cleanPackage('c').replace('s := 0', 's := 1'));
    const r = await runCli(['check', '--format', 'json', '.'], dir, { GO_OOM_LENS_CACHE: cache, GO_OOM_LENS_CACHE_MAX: String(bound) });
    assert.equal(r.stdout, cold.stdout);
    const left = entries(cache);
    assert.ok(!left.includes(oldest), 'the least recently used entry went first');
    assert.ok(left.reduce((n, f) => n + fs.statSync(f).size, 0) <= bound * 0.75, 'eviction leaves room');
  });
});
