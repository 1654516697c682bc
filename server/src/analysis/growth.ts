// How a slice grows under repeated append, following the Go runtime (64-bit):
// - runtime/slice.go growslice/nextslicecap (Go 1.18+): if the needed length is more than twice the
//   old capacity, take it; below 256 elements double; from 256 on add (cap + 3*256)/4 each step — a
//   smooth transition from 2x towards 1.25x. (Before Go 1.18: double below 1024 elements, then 1.25x.)
// - the byte size is rounded up to a malloc size class (runtime/sizeclasses.go: 68 classes up to
//   32 KiB) or, above 32 KiB, to whole 8 KiB pages, and the capacity is recomputed from that.
// - since Go 1.22 (allocation headers) an object with pointers larger than 512 B carries an 8-byte
//   header inside its size class, so its usable size is the class size minus 8.
// growslice always allocates the new array with mallocgc, i.e. on the heap, and copies the old
// elements; while it copies, the old and the new array are both live.
// Pure: numbers in, numbers out.

/** Size classes of runtime/sizeclasses.go (unchanged from Go 1.9 to at least Go 1.25). */
export const sizeClasses: readonly number[] = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384,
  416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072,
  3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568,
  14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
];

const maxSmallSize = 32768;
const pageSize = 8192;
const mallocHeaderSize = 8;
const minSizeForMallocHeader = 512;

/** The number of bytes mallocgc hands out for a request (runtime roundupsize, Go 1.22+). */
export function roundUpSize(size: number, pointers: boolean): number {
  if (size <= maxSmallSize - mallocHeaderSize) {
    const header = pointers && size > minSizeForMallocHeader ? mallocHeaderSize : 0;
    const req = size + header;
    for (const c of sizeClasses) if (c >= req) return c - header;
  }
  return Math.ceil(size / pageSize) * pageSize;
}

/** The capacity growslice picks before rounding (runtime nextslicecap, Go 1.18+). */
export function nextSliceCap(newLen: number, oldCap: number): number {
  const doubleCap = oldCap * 2;
  if (newLen > doubleCap) return newLen;
  const threshold = 256;
  if (oldCap < threshold) return doubleCap;
  let cap = oldCap;
  while (cap < newLen) cap += Math.floor((cap + 3 * threshold) / 4);
  return cap;
}

export interface GrowthStep {
  /** Length after the append that triggered this growth (= iterations × elements per iteration). */
  length: number;
  /** Loop iterations done when it happened. */
  iteration: number;
  /** New capacity and the bytes of the new backing array. */
  cap: number;
  bytes: number;
  /** Bytes live while growslice copies: the old array plus the new one. */
  peakBytes: number;
}

export interface GrowthPlan {
  steps: GrowthStep[];
  /** The first iteration whose growth needs more than the limit (old + new array), if reached. */
  limitIteration?: number;
  /** The backing array just before that growth. */
  bytesBeforeLimit?: number;
}

/**
 * Simulates `s = append(s, e1…ek)` once per iteration from a nil slice, until one growth would need
 * more than `limitBytes` live (old and new array at once) or `maxSteps` growths happened.
 */
export function simulateAppend(elementSize: number, pointers: boolean, perIteration: number, limitBytes: number, maxSteps = 200): GrowthPlan {
  const steps: GrowthStep[] = [];
  if (elementSize <= 0 || perIteration <= 0) return { steps };
  let len = 0;
  let cap = 0;
  let bytes = 0;
  while (steps.length < maxSteps) {
    // Appends that fit in the current capacity allocate nothing; jump to the one that does not.
    const iterationsUntilFull = Math.floor((cap - len) / perIteration) + 1;
    len += iterationsUntilFull * perIteration;
    const iteration = Math.ceil(len / perIteration);
    const newCap0 = nextSliceCap(len, cap);
    const newBytes = roundUpSize(newCap0 * elementSize, pointers);
    const newCap = Math.floor(newBytes / elementSize);
    const peak = bytes + newCap * elementSize;
    if (peak > limitBytes) return { steps, limitIteration: iteration, bytesBeforeLimit: bytes };
    steps.push({ length: len, iteration, cap: newCap, bytes: newCap * elementSize, peakBytes: peak });
    cap = newCap;
    bytes = newCap * elementSize;
  }
  return { steps };
}
