// The fast sample reader on the encodings the Go runtime does not write but a profile may hold:
// location ids listed one by one or in several packed runs, long varints (ids past 2^21, sparse ids,
// values past 2^32), an unknown location found while charging, and gzip trailers that lie about the
// inflated size. Profiles are encoded here field by field, so each encoding is exactly the one meant.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeHeapProfile, inflateChunk } from '../../server/src/profile/decode';
import { loadProfile } from '../../server/src/profile/load';
import { sampleList } from '../../server/src/profile/samples';

/** A protobuf message written field by field. */
class Message {
  private readonly bytes: number[] = [];

  varint(v: number): this {
    for (let x = v; ; x = Math.floor(x / 128)) {
      if (x < 128) { this.bytes.push(x); return this; }
      this.bytes.push((x % 128) | 0x80);
    }
  }

  number(field: number, v: number): this {
    return this.varint(field * 8).varint(v);
  }

  packed(field: number, vs: number[]): this {
    const body = new Message();
    for (const v of vs) body.varint(v);
    return this.message(field, body);
  }

  message(field: number, m: Message | string): this {
    const b = typeof m === 'string' ? [...new TextEncoder().encode(m)] : m.bytes;
    this.varint(field * 8 + 2).varint(b.length);
    this.bytes.push(...b);
    return this;
  }

  encode(): Uint8Array {
    return new Uint8Array(this.bytes);
  }
}

const heapTypes = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'];

/** A heap profile with one function per location id (`main.f<id>` at /ws/f.go line id) and the given samples. */
function profile(ids: number[], samples: Message[]): Uint8Array {
  const strings = ['', 'count', 'bytes', ...heapTypes, '/ws/f.go', ...ids.map((id) => `main.f${id}`)];
  const s = (x: string): number => strings.indexOf(x);
  const p = new Message();
  heapTypes.forEach((t) => p.message(1, new Message().number(1, s(t)).number(2, s(t.endsWith('space') ? 'bytes' : 'count'))));
  for (const m of samples) p.message(2, m);
  for (const id of ids) {
    p.message(4, new Message().number(1, id).message(4, new Message().number(1, id).number(2, 1 + (id % 1000))));
    p.message(5, new Message().number(1, id).number(2, s(`main.f${id}`)).number(4, s('/ws/f.go')).number(5, 1));
  }
  for (const x of strings) p.message(6, x);
  return p.encode();
}

const values = (v: number): number[] => [1, v, 1, v];

function decoded(bytes: Uint8Array): ReturnType<typeof sampleList> {
  const r = decodeHeapProfile(bytes);
  assert.ok('profile' in r, JSON.stringify(r));
  return sampleList(r.profile.samples);
}

describe('reading samples', () => {
  test('ids listed one by one (as Go writes stacks of one or two), in several runs, or packed read the same', () => {
    const ids = [1, 2, 3, 4];
    const listed = new Message().number(1, 3).number(1, 1).packed(2, values(10));
    const runs = new Message().packed(1, [2, 4]).packed(1, [1]).number(1, 3).packed(2, values(20));
    const packed = new Message().packed(1, [4, 3, 2, 1]).packed(2, values(30));
    const valuesOneByOne = new Message().packed(1, [1, 2]);
    for (const v of values(40)) valuesOneByOne.number(2, v);
    const empty = new Message().packed(1, []).packed(2, values(50));
    assert.deepEqual(decoded(profile(ids, [listed, runs, packed, valuesOneByOne, empty])), [
      { stack: [2, 0], values: values(10) },
      { stack: [1, 3, 0, 2], values: values(20) },
      { stack: [3, 2, 1, 0], values: values(30) },
      { stack: [0, 1], values: values(40) },
      { stack: [], values: values(50) },
    ]);
  });

  test('long varints: ids past 2^21 (a sparse table), values past 2^32, labels skipped', () => {
    const ids = [7, 3_000_000_000, 2 ** 40];
    const label = new Message().number(1, 1).number(2, 2);
    const big = 5 * 2 ** 32 + 17;
    const sample = new Message().packed(1, [2 ** 40, 3_000_000_000, 7]).packed(2, values(big)).message(3, label);
    assert.deepEqual(decoded(profile(ids, [sample])), [{ stack: [2, 1, 0], values: values(big) }]);
  });

  test('charged stacks match the samples: a recursive stack charges its line once, the first workspace line gets self', () => {
    const ids = [1, 2];
    // f1 called by f2 called by f1 again (recursion), then a sample listed one by one.
    const bytes = profile(ids, [new Message().packed(1, [1, 2, 1]).packed(2, values(100)), new Message().number(1, 2).packed(2, values(5))]);
    const loaded = loadProfile(bytes, 'p', { files: ['/ws/f.go'], modules: [], declarations: () => new Map() });
    assert.ok('attribution' in loaded, JSON.stringify(loaded));
    const lines = loaded.attribution.files.get('/ws/f.go')!.lines.map((c) => ({ fn: c.function, self: c.self[1], total: c.total[1], count: c.count }));
    assert.deepEqual(lines.sort((a, b) => a.fn.localeCompare(b.fn)), [
      { fn: 'main.f1', self: 100, total: 100, count: 1 },
      { fn: 'main.f2', self: 5, total: 105, count: 2 },
    ]);
    assert.deepEqual(loaded.attribution.totals, [2, 105, 2, 105]);
  });

  test('an unknown location is named whether the decoder or the charging finds it', () => {
    for (const sample of [new Message().packed(1, [1, 9, 2]), new Message().number(1, 1).number(1, 9)]) {
      const bytes = new Uint8Array(gzipSync(profile([1, 2], [sample.packed(2, values(1))])));
      const r = decodeHeapProfile(bytes);
      assert.ok('error' in r);
      assert.match(r.error, /corrupt \(a sample refers to location 9, which it does not define\)/);
      const loaded = loadProfile(bytes, 'p', { files: [], modules: [], declarations: () => undefined });
      assert.deepEqual(loaded, r);
    }
  });

  test('a sample whose values do not match the sample types, or that runs past its end, is corrupt', () => {
    const few = decodeHeapProfile(profile([1], [new Message().packed(1, [1]).packed(2, [1, 2])]));
    assert.ok('error' in few);
    assert.match(few.error, /a sample has 2 values for 4 sample types/);
    const inner = new Uint8Array([...new Message().packed(2, values(1)).encode(), 0x0a, 0x05, 0x01]);
    const sample = new Uint8Array([0x12, inner.length, ...inner]);
    const bytes = profile([1], []);
    const r = decodeHeapProfile(new Uint8Array([...sample, ...bytes]));
    assert.ok('error' in r);
    assert.match(r.error, /a sample runs past its end/);
  });
});

describe('inflating', () => {
  test('the gzip trailer sizes the output; one that lies is not believed', () => {
    const small = new Uint8Array(gzipSync(new Uint8Array(1000)));
    assert.equal(inflateChunk(small), undefined, 'under 64 KiB: zlib\'s default chunk');
    const big = new Uint8Array(gzipSync(new Uint8Array(1 << 20)));
    assert.equal(inflateChunk(big), (1 << 20) + 1);
    const lying = big.slice();
    lying.set([0xff, 0xff, 0xff, 0xff], lying.length - 4); // 4 GiB from a few KiB
    assert.equal(inflateChunk(lying), undefined);
  });

  test('a gzip of several members (whose trailer counts the last one only) still decodes whole', () => {
    const samples = Array.from({ length: 20_000 }, (_, i) => new Message().packed(1, [1 + (i % 3), 1]).packed(2, values(i)));
    const raw = profile([1, 2, 3], samples);
    const half = raw.length >> 1;
    const gz = new Uint8Array([...gzipSync(raw.subarray(0, half)), ...gzipSync(raw.subarray(half))]);
    assert.equal(inflateChunk(gz), raw.length - half + 1, 'the chunk is the last member\'s size');
    const list = decoded(gz);
    assert.equal(list.length, 20_000);
    assert.deepEqual(list[19_999], { stack: [19_999 % 3, 0], values: values(19_999) });
  });
});
