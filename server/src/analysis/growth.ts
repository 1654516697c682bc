// How a slice grows under repeated append, following one Go release's runtime (64-bit); the rules
// per release are in runtime/rules.ts:
// - growslice/nextslicecap: if the needed length is more than twice the old capacity, take it;
//   otherwise (1.18+) below 256 elements double, from 256 on add (cap + 3*256)/4 each step — a smooth
//   transition from 2x towards 1.25x; before 1.18, double below 1024 elements, then 1.25x.
// - the byte size is rounded up to a malloc size class or, above 32 KiB, to whole 8 KiB pages, and
//   the capacity recomputed from it; since 1.22 a pointerful object above 512 B keeps 8 bytes of its
//   class for the allocation header.
// - since 1.25 the first append to an empty local slice whose append does not escape may use a
//   32-byte stack buffer (capacity 32/size); since 1.26, when the slice leaves the function later and
//   its capacity is read, appends climb the size classes inside that buffer first (growsliceBuf).
// growslice allocates every array beyond that with mallocgc, on the heap, and copies the old
// elements; while it copies, the old and the new array are both live.
// Pure: numbers in, numbers out.
import { runtimeRules, type RuntimeRules } from './runtime/rules';
import { maxSmallSize, pageSize } from './runtime/sizeClasses';
import { newestKnownGo } from './runtime/toolchainChoice';

const mallocHeaderSize = 8;
const minSizeForMallocHeader = 512;
const newestRules = runtimeRules(newestKnownGo);

/** The number of bytes mallocgc hands out for a request (runtime roundupsize). */
export function roundUpSize(size: number, pointers: boolean, rules: RuntimeRules = newestRules): number {
  if (rules.mallocHeaders ? size <= maxSmallSize - mallocHeaderSize : size < maxSmallSize) {
    const header = rules.mallocHeaders && pointers && size > minSizeForMallocHeader ? mallocHeaderSize : 0;
    const req = size + header;
    for (const c of rules.sizeClasses) if (c >= req) return c - header;
  }
  return Math.ceil(size / pageSize) * pageSize;
}

/** The capacity growslice picks before rounding (runtime nextslicecap). */
export function nextSliceCap(newLen: number, oldCap: number, rules: RuntimeRules = newestRules): number {
  const doubleCap = oldCap * 2;
  if (newLen > doubleCap) return newLen;
  const threshold = rules.growth === 'smooth-1.18' ? 256 : 1024;
  if (oldCap < threshold) return doubleCap;
  let cap = oldCap;
  while (cap < newLen) cap += rules.growth === 'smooth-1.18' ? Math.floor((cap + 3 * threshold) / 4) : Math.floor(cap / 4);
  return cap;
}

/**
 * How the appended slice is used, which decides where its first arrays live (Go 1.25+):
 * - `escapes`: it leaves its function some other way (a global, a field, an argument that keeps it):
 *   every array comes from growslice, on the heap;
 * - `local`: it never leaves its function (the compiler says `append does not escape`): from 1.25 the
 *   first append to it while empty takes a 32-byte stack buffer whole;
 * - `returned`: it leaves only at the end (returned or assigned once) and its capacity is never read:
 *   1.26 treats it as `local` and moves it to the heap there; before 1.26 it escapes;
 * - `returned-cap-read`: as `returned`, but cap() or a reslice reads its capacity: 1.26 climbs the
 *   size classes inside the buffer (growsliceBuf) before growslice takes over; before 1.26 it escapes.
 */
export type SliceUse = 'escapes' | 'local' | 'returned' | 'returned-cap-read';

export interface AppendOptions {
  rules?: RuntimeRules;
  use?: SliceUse;
  /** Stop after this many growths. */
  maxSteps?: number;
}

export interface GrowthStep {
  /** Length after the append that triggered this growth (= iterations × elements per iteration). */
  length: number;
  /** Loop iterations done when it happened. */
  iteration: number;
  /** New capacity and the bytes of the new backing array. */
  cap: number;
  bytes: number;
  /** Bytes live while growslice copies: the old array plus the new one (heap arrays only). */
  peakBytes: number;
  /** Whether this array is the stack buffer (no heap allocation). */
  onStack?: boolean;
}

export interface GrowthPlan {
  steps: GrowthStep[];
  /** The first iteration whose growth needs more than the limit (old + new array), if reached. */
  limitIteration?: number;
  /** The backing array just before that growth. */
  bytesBeforeLimit?: number;
  /** The release whose rules produced the plan (`Go 1.26`). */
  runtime: string;
}

/**
 * Simulates `s = append(s, e1…ek)` once per iteration from a nil slice, until one growth would need
 * more than `limitBytes` live (old and new array at once) or `maxSteps` growths happened.
 */
export function simulateAppend(elementSize: number, pointers: boolean, perIteration: number, limitBytes: number, options: AppendOptions = {}): GrowthPlan {
  const rules = options.rules ?? newestRules;
  const maxSteps = options.maxSteps ?? 200;
  const steps: GrowthStep[] = [];
  const plan: GrowthPlan = { steps, runtime: rules.label };
  if (elementSize <= 0 || perIteration <= 0) return plan;
  const stack = stackBuffer(elementSize, rules, options.use ?? 'escapes');
  let len = 0;
  let cap = 0;
  let heapBytes = 0;
  while (steps.length < maxSteps) {
    // Appends that fit in the current capacity allocate nothing; jump to the one that does not.
    const iterationsUntilFull = Math.floor((cap - len) / perIteration) + 1;
    const oldLen = len;
    len += iterationsUntilFull * perIteration;
    const iteration = Math.ceil(len / perIteration);
    const onStack = stack.elements > 0 && len <= stack.elements && (stack.ladder || oldLen === 0);
    const newCap = onStack && stack.ladder
      ? Math.floor(roundUpSize(len * elementSize, pointers, rules) / elementSize)
      : onStack ? stack.elements : Math.floor(roundUpSize(nextSliceCap(len, cap, rules) * elementSize, pointers, rules) / elementSize);
    const bytes = newCap * elementSize;
    const peak = onStack ? 0 : heapBytes + bytes;
    if (peak > limitBytes) return { ...plan, limitIteration: iteration, bytesBeforeLimit: heapBytes };
    steps.push({ length: len, iteration, cap: newCap, bytes, peakBytes: peak, ...(onStack ? { onStack } : {}) });
    cap = newCap;
    heapBytes = onStack ? 0 : bytes;
  }
  return plan;
}

/** The stack buffer's capacity in elements (0: none) and whether appends climb inside it. */
function stackBuffer(elementSize: number, rules: RuntimeRules, use: SliceUse): { elements: number; ladder: boolean } {
  const none = { elements: 0, ladder: false };
  if (rules.stackSliceBytes === 0 || elementSize > rules.stackSliceBytes || use === 'escapes') return none;
  // Keeping a slice that leaves at the end in the buffer is the 1.26 move-to-heap pass's doing.
  if (use !== 'local' && !rules.stackBufferLadder) return none;
  return { elements: Math.floor(rules.stackSliceBytes / elementSize), ladder: use === 'returned-cap-read' };
}
