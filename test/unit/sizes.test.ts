// Go sizes and alignment (64-bit), checked against unsafe.Sizeof/Alignof results of the gc compiler.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageContextFrom } from '../../server/src/analysis/values/summaries';
import { formatBytes, layoutOf } from '../../server/src/analysis/sizes';

const pkg = packageContextFrom([{
  path: 'demo.go',
  packageName: 'demo',
  constants: [{ name: 'N', expr: { k: 'num', v: 4 }, line: 1, file: 'demo.go' }],
  funcs: [],
  types: [
    { name: 'Demo', text: 'struct {\n\tItemID  string\n\tCreated time.Time\n\tFrames  []byte\n}', line: 2, file: 'demo.go' },
    { name: 'Padded', text: 'struct { a bool; b int64; c bool }', line: 3, file: 'demo.go' },
    { name: 'Packed', text: 'struct { a, c bool; b int64 }', line: 4, file: 'demo.go' },
    { name: 'Embeds', text: 'struct {\n\tPacked\n\t*Demo\n\tname string `json:"name"` // tagged\n}', line: 5, file: 'demo.go' },
    { name: 'Tail', text: 'struct { n int32; end struct{} }', line: 6, file: 'demo.go' },
    { name: 'ID', text: 'int32', line: 7, file: 'demo.go' },
    { name: 'Alias', text: '= Demo', line: 8, file: 'demo.go' },
    { name: 'Self', text: 'struct { next *Self; v [N]ID }', line: 9, file: 'demo.go' },
    { name: 'Loop', text: 'struct { l Loop }', line: 10, file: 'demo.go' },
  ],
  vars: [],
}]);

const size = (t: string): number | undefined => layoutOf(t, pkg)?.size;

test('built-in types have the gc sizes on 64-bit platforms', () => {
  assert.equal(size('string'), 16);
  assert.equal(size('[]Demo'), 24);
  assert.equal(size('interface{ String() string }'), 16);
  assert.equal(size('any'), 16);
  assert.equal(size('error'), 16);
  assert.equal(size('*Demo'), 8);
  assert.equal(size('map[string]int'), 8);
  assert.equal(size('chan<- int'), 8);
  assert.equal(size('func(a, b int) (string, error)'), 8);
  assert.equal(size('complex128'), 16);
  assert.equal(layoutOf('complex64')?.align, 4);
  assert.equal(size('[3]int16'), 6);
  assert.equal(size('[0]int64'), 0);
  assert.equal(size('struct{}'), 0);
});

test('structs are laid out with alignment and tail padding', () => {
  assert.equal(size('Demo'), 64);
  assert.deepEqual(layoutOf('Demo', pkg)?.fields?.map((f) => [f.name, f.offset, f.size]), [['ItemID', 0, 16], ['Created', 16, 24], ['Frames', 40, 24]]);
  assert.equal(size('Padded'), 24);
  assert.equal(size('Packed'), 16);
  assert.equal(size('Embeds'), 16 + 8 + 16);
  // A trailing zero-size field gets a byte of padding so its address stays inside the object.
  assert.equal(size('Tail'), 8);
  assert.equal(size('ID'), 4);
  assert.equal(size('Alias'), 64);
  assert.equal(size('Self'), 8 + 4 * 4);
  assert.equal(size('[N]Padded'), 96);
});

test('pointer-free types are marked noscan', () => {
  assert.equal(layoutOf('Packed', pkg)?.pointers, false);
  assert.equal(layoutOf('[4]ID', pkg)?.pointers, false);
  assert.equal(layoutOf('Demo', pkg)?.pointers, true);
  assert.equal(layoutOf('[0]*int', pkg)?.pointers, false);
});

test('unknown or self-containing types have no layout', () => {
  assert.equal(layoutOf('Unknown', pkg), undefined);
  assert.equal(layoutOf('other.Type', pkg), undefined);
  assert.equal(layoutOf('Loop', pkg), undefined);
  assert.equal(layoutOf('List[int]', pkg), undefined);
  assert.equal(layoutOf('[M]int', pkg), undefined);
});

test('byte counts are shown with binary units', () => {
  assert.equal(formatBytes(24), '24 B');
  assert.equal(formatBytes(2048), '2 KiB');
  assert.equal(formatBytes(1024 ** 3), '1 GiB');
  assert.equal(formatBytes(1536 * 1024), '1.5 MiB');
});
