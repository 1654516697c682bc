// Reads the samples of a pprof profile into flat arrays. pprof-format (like protobufjs) makes an
// object and two arrays per sample: on a 20 MB heap profile (1.7 million samples) that took 22 s and
// gigabytes, so the samples — nearly all of a profile's bytes — are read here, and pprof-format
// decodes the rest (strings, functions, locations). Stacks are not copied out: each sample's location
// ids stay where the profile packed them (a byte or two each) and are read when a stack is needed
// (`stackInto`, or the charging loop of attribute.ts) — writing 34 million frames into fresh memory
// cost more than reading them where they are. The values (4 per sample) go into one Float64Array.
// Pure: bytes in, arrays out.
import { LocationTable } from './locationTable';
import { longVarint, longVarintEnd } from './varint';

/**
 * All samples of a profile: sample i's values are `values[i * types + t]`; its stack (leaf first)
 * is read with `stackInto` or `stackOf`.
 */
export interface HeapSamples {
  count: number;
  types: number;
  values: Float64Array;
  /**
   * Sample i's location ids as packed varints: `stackBytes[stackFrom[i] … stackTo[i])`, or, when
   * `stackFrom[i]` is negative, `listedBytes[~stackFrom[i] … stackTo[i])`.
   */
  stackFrom: Int32Array;
  stackTo: Int32Array;
  stackBytes: Uint8Array;
  /** The ids of samples that list them in several fields (Go does for stacks of one or two), packed. */
  listedBytes: Uint8Array;
  /** Location id → index into the profile's locations; -1 for an id it lacks (see `checkStacks`). */
  locationTable: LocationTable;
  /** At least the deepest stack's depth (a `stackInto` buffer of this length holds any). */
  maxDepth: number;
}

const corrupt = (what: string): { error: string } => ({ error: `the file is corrupt (${what})` });

/**
 * Reads the Sample messages at `ranges` (start, end pairs) of `b`: their values, and where their
 * stacks are. The location ids are not looked at: `checkStacks` does, or whoever reads them all.
 */
export function readSamples(b: Uint8Array, ranges: Int32Array, types: number, locationIndex: ReadonlyMap<number, number>): HeapSamples | { error: string } {
  const count = ranges.length / 2;
  const values = new Float64Array(count * types);
  const stackFrom = new Int32Array(count);
  const stackTo = new Int32Array(count);
  const listed = new ByteList();
  let maxDepth = 0;
  for (let s = 0; s < count; s++) {
    let i = ranges[2 * s];
    const end = ranges[2 * s + 1];
    let nValues = 0;
    let runs = 0;
    let runStart = 0;
    let runEnd = 0;
    const listedStart = listed.length;
    while (i < end) {
      let c = b[i++];
      let tag = c; // pprof's Sample has fields 1–3: one-byte tags
      if (c >= 0x80) { tag = longVarint(b, i - 1); i = longVarintEnd(); }
      const field = tag >>> 3;
      const wire = tag & 7;
      let stop = end;
      let packed = true;
      if (wire === 2) {
        c = b[i++];
        let len = c & 0x7f;
        if (c >= 0x80) { len = longVarint(b, i - 1); i = longVarintEnd(); }
        stop = i + len;
        if (stop > end) return corrupt('a sample runs past its end');
        if (len === 0) continue;
        if (field !== 1 && field !== 2) { i = stop; continue; } // labels: not needed
      } else if (wire === 0) {
        packed = false;
      } else if (wire === 1) { i += 8; continue; } else if (wire === 5) { i += 4; continue; } else return corrupt(`a sample has a field of wire type ${wire}`);
      if (field === 1) {
        // Location ids: a packed run is skipped, one listed by itself is stepped over.
        const from = i;
        if (packed) i = stop;
        else while (i < end && b[i++] >= 0x80);
        if (runs === 1) listed.copy(b, runStart, runEnd); // a second run: the first one moves too
        if (runs >= 1) listed.copy(b, from, i);
        runs++;
        runStart = from;
        runEnd = i;
      } else if (field === 2) {
        do {
          c = b[i++];
          let v = c & 0x7f;
          if (c >= 0x80) {
            c = b[i++];
            v |= (c & 0x7f) << 7;
            if (c >= 0x80) {
              c = b[i++];
              v |= (c & 0x7f) << 14;
              if (c >= 0x80) { v = longVarint(b, i - 3); i = longVarintEnd(); }
            }
          }
          if (nValues < types) values[s * types + nValues] = v;
          nValues++;
        } while (packed && i < stop);
      } else if (wire === 0) {
        // A number of another field (none in pprof's Sample): skipped.
        longVarint(b, i);
        i = longVarintEnd();
      }
      if (i > stop) return corrupt('a sample runs past its end');
    }
    if (i > end) return corrupt('a sample runs past its end');
    if (nValues !== types) return corrupt(`a sample has ${nValues} values for ${types} sample types`);
    if (runs >= 2) { stackFrom[s] = ~listedStart; stackTo[s] = listed.length; }
    else if (runs === 1) { stackFrom[s] = runStart; stackTo[s] = runEnd; }
    // Each id takes a byte at least.
    const bytes = stackTo[s] - (runs >= 2 ? listedStart : stackFrom[s]);
    if (bytes > maxDepth) maxDepth = bytes;
  }
  return { count, types, values, stackFrom, stackTo, stackBytes: b, listedBytes: listed.bytes(), locationTable: new LocationTable(locationIndex), maxDepth };
}

/** A growing byte buffer (the listed samples' ids, which are few). */
class ByteList {
  length = 0;
  private buffer = new Uint8Array(0);

  /** Appends `b[from … to)`. */
  copy(b: Uint8Array, from: number, to: number): void {
    if (this.length + (to - from) > this.buffer.length) {
      const grown = new Uint8Array(Math.max(1024, 2 * (this.length + to - from)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(b.subarray(from, to), this.length);
    this.length += to - from;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Reads sample i's location indices (leaf first) into `out` (at least `maxDepth` long); returns how many. */
export function stackInto(s: HeapSamples, i: number, out: Int32Array): number {
  let at = s.stackFrom[i];
  const b = at < 0 ? s.listedBytes : s.stackBytes;
  if (at < 0) at = ~at;
  const end = s.stackTo[i];
  const table = s.locationTable;
  let n = 0;
  while (at < end) {
    let c = b[at++];
    let v = c & 0x7f;
    if (c >= 0x80) {
      c = b[at++];
      v |= (c & 0x7f) << 7;
      if (c >= 0x80) { v = longVarint(b, at - 2); at = longVarintEnd(); }
    }
    out[n++] = table.index(v);
  }
  return n;
}

/** Sample i's location ids as the profile writes them (for messages). */
function stackIdsOf(s: HeapSamples, i: number): number[] {
  let at = s.stackFrom[i];
  const b = at < 0 ? s.listedBytes : s.stackBytes;
  if (at < 0) at = ~at;
  const ids: number[] = [];
  while (at < s.stackTo[i]) { ids.push(longVarint(b, at)); at = longVarintEnd(); }
  return ids;
}

/** Says which location a sample refers to that the profile does not define, if one does. */
export function checkStacks(s: HeapSamples): { error: string } | undefined {
  const stack = new Int32Array(s.maxDepth);
  for (let i = 0; i < s.count; i++) {
    const n = stackInto(s, i, stack);
    for (let k = 0; k < n; k++) if (stack[k] < 0) return unknownLocation(s, i);
  }
  return undefined;
}

/** The message for sample i, which refers to a location the profile does not define. */
export function unknownLocation(s: HeapSamples, i: number): { error: string } {
  const id = stackIdsOf(s, i).find((v) => s.locationTable.index(v) < 0);
  return corrupt(`a sample refers to location ${id}, which it does not define`);
}

/** Sample i's location indices, leaf first. */
export function stackOf(s: HeapSamples, i: number): Int32Array {
  const out = new Int32Array(s.maxDepth);
  return out.subarray(0, stackInto(s, i, out));
}

/** The samples as plain objects (for tests and small profiles; large ones stay flat). */
export function sampleList(s: HeapSamples): Array<{ stack: number[]; values: number[] }> {
  return Array.from({ length: s.count }, (_, i) => ({ stack: [...stackOf(s, i)], values: [...s.values.subarray(i * s.types, (i + 1) * s.types)] }));
}
