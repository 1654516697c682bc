// Bad heap-profile input gets one clear message, never a crash: empty, random, truncated (gzip and
// plain protobuf), corrupt references, profiles of another kind, files over 100 MiB. Profiles are
// written with pprof-format's own encoder (the real Go runtime's profiles are in test/profile).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { decodeHeapProfile, maxProfileBytes } from '../../server/src/profile/decode';
import { sampleList } from '../../server/src/profile/samples';
import { readProfileFile } from '../../server/src/profileSources';

/** A small profile with the given sample types: one function, one location, one sample. */
function encoded(types: Array<[string, string]>, options: { badLocation?: boolean } = {}): Uint8Array {
  const strings = new StringTable();
  const p = new Profile({
    stringTable: strings,
    sampleType: types.map(([t, u]) => new ValueType({ type: strings.dedup(t), unit: strings.dedup(u) })),
    function: [new PFunction({ id: 1, name: strings.dedup('main.handler'), filename: strings.dedup('/ws/h.go'), startLine: 3 })],
    location: [new Location({ id: 1, line: [new Line({ functionId: 1, line: 5 })] })],
    sample: [new Sample({ locationId: [options.badLocation ? 9 : 1], value: types.map(() => 4096) })],
  });
  return p.encode();
}

const heapTypes: Array<[string, string]> = [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']];
const error = (b: Uint8Array): string => {
  const r = decodeHeapProfile(b);
  assert.ok('error' in r, 'expected a message');
  return r.error;
};

describe('decoding heap profiles', () => {
  test('a gzipped heap profile and the same one uncompressed both decode', () => {
    for (const bytes of [gzipSync(encoded(heapTypes)), encoded(heapTypes)]) {
      const r = decodeHeapProfile(new Uint8Array(bytes));
      assert.ok('profile' in r, JSON.stringify(r));
      assert.deepEqual(r.profile.sampleTypes.map((t) => t.type), ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
      assert.deepEqual(r.profile.locations, [[{ function: 'main.handler', file: '/ws/h.go', line: 5, startLine: 3 }]]);
      assert.deepEqual(sampleList(r.profile.samples), [{ stack: [0], values: [4096, 4096, 4096, 4096] }]);
    }
  });

  test('empty, random and text files are not profiles', () => {
    assert.match(error(new Uint8Array()), /empty/);
    const random = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < random.length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; random[i] = x >> 16; }
    assert.match(error(random), /not a pprof profile/);
    assert.match(error(new TextEncoder().encode('heap profile: 1: 4096 [2: 8192] @ heap/1048576\n')), /not a pprof profile/);
  });

  test('truncated files say so, gzipped or not', () => {
    const gz = new Uint8Array(gzipSync(encoded(heapTypes)));
    assert.match(error(gz.subarray(0, gz.length - 12)), /truncated/);
    const raw = encoded(heapTypes);
    assert.match(error(raw.subarray(0, raw.length - 3)), /truncated/);
  });

  test('a sample that refers to a location the profile lacks is corrupt', () => {
    assert.match(error(new Uint8Array(gzipSync(encoded(heapTypes, { badLocation: true })))), /corrupt.*location 9/);
  });

  test('a CPU, goroutine or mutex profile is named as such', () => {
    assert.match(error(encoded([['samples', 'count'], ['cpu', 'nanoseconds']])), /this is a CPU profile, not a heap profile.*capture \/debug\/pprof\/heap/);
    assert.match(error(encoded([['goroutine', 'count']])), /goroutine profile/);
    assert.match(error(encoded([['contentions', 'count'], ['delay', 'nanoseconds']])), /block or mutex profile/);
  });

  test('files over 100 MiB are refused before being read', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-huge-')), 'huge.pb.gz');
    try {
      fs.writeFileSync(file, '');
      fs.truncateSync(file, maxProfileBytes + 1); // sparse: no 100 MiB written
      const r = readProfileFile(file);
      assert.ok('error' in r);
      assert.match(r.error, /huge\.pb\.gz is 100 MiB; heap profiles larger than 100 MiB are not read/);
      assert.match(error(new Uint8Array(maxProfileBytes + 1)), /larger than 100 MiB/);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  test('a directory or a missing file gets a message', () => {
    assert.match((readProfileFile(os.tmpdir()) as { error: string }).error, /not a regular file/);
    assert.match((readProfileFile(path.join(os.tmpdir(), 'no-such-profile.pb.gz')) as { error: string }).error, /no such file/);
  });
});
