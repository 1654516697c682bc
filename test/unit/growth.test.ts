// append's growth. The expected capacities were printed by a Go 1.19 program appending one element
// at a time (cap after each growth); for pointer-free elements Go 1.22's allocation headers change
// nothing, so they hold for current Go too. test/runtime/ compares against the installed runtimes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextSliceCap, roundUpSize, simulateAppend } from '../../server/src/analysis/growth';
import { runtimeRules } from '../../server/src/analysis/runtime/rules';

const release = (minor: number) => runtimeRules({ minor, patch: 0 });

const fromGo = {
  int: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560, 3408, 5120, 7168, 9216, 12288, 16384, 21504, 27648, 34816, 44032, 55296, 69632, 88064, 110592, 139264, 175104, 219136, 274432, 344064, 431104, 539648, 674816, 843776, 1055744, 1319936, 1650688, 2064384],
  byte: [8, 16, 32, 64, 128, 256, 512, 896, 1408, 2048, 3072, 4096, 5376, 6912, 9472, 12288, 16384, 21760, 28672, 40960, 57344, 73728, 98304, 131072, 172032, 221184, 278528, 352256, 442368, 557056, 704512, 884736, 1114112, 1400832, 1753088, 2195456],
  int64x3: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 853, 1365, 2048, 3072, 4096, 5461, 7168, 9216, 11946, 15360, 19456, 24576, 31061, 39253, 49493, 62122, 78165, 97962, 122880, 153941, 192853, 241322, 302080, 377856, 472746, 591189, 739328, 924672, 1156096, 1445546, 1807360, 2259626],
  struct40: [1, 2, 4, 8, 16, 32, 67, 134, 272, 544, 1024, 1638, 2252, 3072, 4096, 5324, 6963, 9011, 11468, 14540, 18432, 23347, 29491, 37068, 46694, 58572, 73523, 92160, 115507, 144588, 181043, 226508, 283443, 354508, 443392, 554598, 693452, 867123, 1084211, 1355571, 1694720, 2118656],
};

function caps(size: number, pointers: boolean, count: number): number[] {
  return simulateAppend(size, pointers, 1, Number.MAX_SAFE_INTEGER, { maxSteps: count }).steps.map((s) => s.cap);
}

test('capacities match the Go runtime for pointer-free elements', () => {
  assert.deepEqual(caps(8, false, fromGo.int.length), fromGo.int);
  assert.deepEqual(caps(1, false, fromGo.byte.length), fromGo.byte);
  assert.deepEqual(caps(24, false, fromGo.int64x3.length), fromGo.int64x3);
  assert.deepEqual(caps(40, false, fromGo.struct40.length), fromGo.struct40);
});

test('pointerful arrays above 512 B carry the 8-byte allocation header (Go 1.22+)', () => {
  // []string: 64 × 16 B = 1024 B + 8 B header → size class 1152 → 1144 usable → cap 71.
  assert.equal(roundUpSize(1024, true), 1144);
  assert.equal(roundUpSize(1024, false), 1024);
  assert.equal(roundUpSize(512, true), 512);
  // Then 142 × 16 B = 2272 B + 8 → class 2304 → 2296 usable → cap 143.
  assert.deepEqual(caps(16, true, 8), [1, 2, 4, 8, 16, 32, 71, 143]);
});

test('the growth rule: 2x below 256 elements, then a smooth step towards 1.25x', () => {
  assert.equal(nextSliceCap(1, 0), 1);
  assert.equal(nextSliceCap(5, 4), 8);
  assert.equal(nextSliceCap(256, 255), 510);
  assert.equal(nextSliceCap(257, 256), 256 + (256 + 768) / 4);
  assert.equal(nextSliceCap(20, 4), 20);
  // Far above the threshold the factor approaches 1.25.
  const big = 1 << 24;
  assert.ok(Math.abs(nextSliceCap(big + 1, big) / big - 1.25) < 0.001);
});

test('large objects round up to 8 KiB pages', () => {
  assert.equal(roundUpSize(32768, false), 32768);
  assert.equal(roundUpSize(32769, false), 40960);
  // The largest small object with a header; one byte more and it is a large object (no header rounding).
  assert.equal(roundUpSize(32760, true), 32760);
  assert.equal(roundUpSize(32761, true), 32768);
});

test('the simulation stops at the first growth that needs more than the limit', () => {
  const limit = 1024 ** 3;
  const plan = simulateAppend(64, true, 1, limit);
  assert.ok(plan.limitIteration !== undefined);
  const last = plan.steps[plan.steps.length - 1];
  assert.ok(last.peakBytes <= limit);
  assert.ok((plan.bytesBeforeLimit ?? 0) === last.bytes);
  assert.ok(plan.limitIteration > last.iteration);
  // Two elements per iteration reach it in about half the iterations.
  const twice = simulateAppend(64, true, 2, limit);
  assert.ok(Math.abs((twice.limitIteration ?? 0) * 2 - plan.limitIteration) <= 2);
});

test('per release: no allocation header before Go 1.22, the old 1024-element rule before Go 1.18', () => {
  assert.equal(roundUpSize(1024, true, release(21)), 1024);
  assert.equal(roundUpSize(1024, true, release(22)), 1144);
  // Before 1.22 a 32 KiB request is still a small object; with headers, pointerful ones above 32760 B are large.
  assert.equal(roundUpSize(32761, true, release(19)), 32768);
  assert.equal(nextSliceCap(513, 512, release(17)), 1024);
  assert.equal(nextSliceCap(1025, 1024, release(17)), 1280);
  assert.equal(nextSliceCap(513, 512, release(18)), 512 + (512 + 768) / 4);
  const pointers = (minor: number) => simulateAppend(24, true, 1, Number.MAX_SAFE_INTEGER, { rules: release(minor), maxSteps: 6 }).steps.map((s) => s.cap);
  assert.deepEqual(pointers(19), [1, 2, 4, 8, 16, 32]);
  assert.deepEqual(pointers(22), [1, 2, 4, 8, 16, 37]);
  assert.equal(simulateAppend(8, false, 1, 1024, { rules: release(19) }).runtime, 'Go 1.19');
});

test('the 32-byte stack buffer: the first append of a local slice (1.25+), the size-class ladder of a returned one (1.26+)', () => {
  const caps = (minor: number, use: 'escapes' | 'local' | 'returned' | 'returned-cap-read', size = 1) =>
    simulateAppend(size, false, 1, Number.MAX_SAFE_INTEGER, { rules: release(minor), use, maxSteps: 5 }).steps.map((s) => `${s.cap}${s.onStack ? 's' : ''}`);
  assert.deepEqual(caps(24, 'local'), ['8', '16', '32', '64', '128']);
  assert.deepEqual(caps(25, 'local'), ['32s', '64', '128', '256', '512']);
  assert.deepEqual(caps(25, 'returned-cap-read'), ['8', '16', '32', '64', '128']);
  assert.deepEqual(caps(26, 'returned'), ['32s', '64', '128', '256', '512']);
  assert.deepEqual(caps(26, 'returned-cap-read'), ['8s', '16s', '24s', '32s', '64']);
  assert.deepEqual(caps(26, 'escapes'), ['8', '16', '32', '64', '128']);
  // Elements above 32 B never use it; the stack array is not heap, so the first heap growth's peak is the new array alone.
  assert.deepEqual(caps(26, 'local', 40), ['1', '2', '4', '8', '16']);
  const plan = simulateAppend(8, false, 1, Number.MAX_SAFE_INTEGER, { rules: release(26), use: 'local', maxSteps: 2 });
  assert.deepEqual(plan.steps.map((s) => s.peakBytes), [0, 64]);
});
