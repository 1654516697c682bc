// Fetching heap profiles the way the editor command does (client/src/profileFetch.ts), from a real
// Go program serving net/http/pprof on 127.0.0.1 at a random port: start, fetch, stop; every step
// bounded in time. Also: only loopback without the user's consent, clear errors, cancellation.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { checkProfileUrl, defaultProfileUrl, fetchProfile, isLoopbackName } from '../../client/src/profileFetch';
import { decodeHeapProfile } from '../../server/src/profile/decode';
import { sampleList } from '../../server/src/profile/samples';
import { startPprofServer, type PprofServer } from './goPrograms';

const options = { allowRemote: false, timeoutMs: 20_000, maxBytes: 100 * 1024 ** 2 };

describe('fetching a heap profile from a running program', () => {
  let server: PprofServer;
  before(async () => { server = await startPprofServer(); });
  after(async () => server?.stop());

  test('the heap endpoint gives a heap profile holding the program\'s cache', async () => {
    const progress: number[] = [];
    const bytes = await fetchProfile(new URL(`${server.url}/debug/pprof/heap`), { ...options, onProgress: (n) => progress.push(n) });
    assert.ok(progress.length > 0 && progress[progress.length - 1] === bytes.length, 'progress reported up to the last byte');
    const r = decodeHeapProfile(bytes);
    assert.ok('profile' in r, JSON.stringify(r));
    const inuse = r.profile.sampleTypes.findIndex((t) => t.type === 'inuse_space');
    const fill = sampleList(r.profile.samples).filter((s) => s.stack.some((l) => r.profile.locations[l].some((f) => f.function === 'main.fill')));
    assert.ok(fill.reduce((n, s) => n + s.values[inuse], 0) >= 64 * 64 * 1024, '64 buffers of 64 KiB in use');
  });

  test('the goroutine endpoint is refused as not a heap profile', async () => {
    const bytes = await fetchProfile(new URL(`${server.url}/debug/pprof/goroutine`), options);
    const r = decodeHeapProfile(bytes);
    assert.ok('error' in r);
    assert.match(r.error, /goroutine profile, not a heap profile/);
  });

  test('a missing endpoint, a closed port and a cancelled fetch end with a message', async () => {
    await assert.rejects(fetchProfile(new URL(`${server.url}/nothing`), options), /answered 404.*net\/http\/pprof/);
    const closed = await new Promise<number>((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
    await assert.rejects(fetchProfile(new URL(`http://127.0.0.1:${closed}/debug/pprof/heap`), options), /nothing listens at 127\.0\.0\.1:\d+/);
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(fetchProfile(new URL(`${server.url}/debug/pprof/heap`), { ...options, signal: abort.signal }), /cancelled/);
  });

  test('a server that never answers times out', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      await assert.rejects(fetchProfile(new URL(`http://127.0.0.1:${port}/debug/pprof/heap`), { ...options, timeoutMs: 300 }), /no complete answer from 127\.0\.0\.1:\d+ within 0 s/);
    } finally {
      silent.close();
    }
  });
});

describe('which URLs the command fetches', () => {
  test('loopback names and addresses, and what is not a URL', () => {
    assert.deepEqual(checkProfileUrl(defaultProfileUrl), { url: new URL(defaultProfileUrl), loopback: true });
    for (const h of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'app.localhost']) assert.equal(isLoopbackName(h), true, h);
    for (const h of ['10.0.0.1', '192.168.1.2', 'example.com', '[fe80::1]', '128.0.0.1']) assert.equal(isLoopbackName(h), false, h);
    assert.match((checkProfileUrl('ftp://localhost/heap') as { error: string }).error, /only http and https/);
    assert.match((checkProfileUrl('localhost:6060') as { error: string }).error, /only http and https|not a URL/);
    assert.match((checkProfileUrl('http://u:p@localhost:6060/') as { error: string }).error, /user name or password/);
  });

  test('a name that resolves off this machine is refused without consent, before any connection', async () => {
    // 192.0.2.1 (TEST-NET-1) is never reached: the check comes first.
    await assert.rejects(fetchProfile(new URL('http://192.0.2.1:6060/debug/pprof/heap'), options), /not this machine: only loopback addresses/);
  });
});
