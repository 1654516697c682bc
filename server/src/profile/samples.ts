// Reads the samples of a pprof profile into flat typed arrays. pprof-format (like protobufjs) makes
// an object and two arrays per sample: on a 20 MB heap profile (1.7 million samples) that took 22 s
// and gigabytes, so the samples — nearly all of a profile's bytes — are read here, and pprof-format
// decodes the rest (strings, functions, locations). Pure: bytes in, arrays out.

/** All samples of a profile: sample i's locations (leaf first) are `stackIds[stackStart[i] … stackStart[i + 1])`, its values `values[i * types + t]`. */
export interface HeapSamples {
  count: number;
  types: number;
  stackStart: Int32Array;
  stackIds: Int32Array;
  values: Float64Array;
}

/** Reads the Sample messages at `ranges` (start, end pairs) of `b`; location ids become indices through `locationIndex`. */
export function readSamples(b: Uint8Array, ranges: Int32Array, types: number, locationIndex: ReadonlyMap<number, number>): HeapSamples | { error: string } {
  const count = ranges.length / 2;
  const stackStart = new Int32Array(count + 1);
  let stackIds = new Int32Array(Math.max(16, count * 8));
  let ids = 0;
  const values = new Float64Array(count * types);
  // Go numbers locations 1…N: a table beats a Map lookup per frame.
  let maxId = 0;
  for (const id of locationIndex.keys()) maxId = Math.max(maxId, id);
  const table = maxId < 1 << 24 ? new Int32Array(maxId + 1).fill(-1) : undefined;
  if (table) for (const [id, index] of locationIndex) table[id] = index;
  const indexOf = (id: number): number => (table ? (id < table.length ? table[id] : -1) : locationIndex.get(id) ?? -1);
  const corrupt = (what: string): { error: string } => ({ error: `the file is corrupt (${what})` });
  let i = 0;
  for (let s = 0; s < count; s++) {
    const end = ranges[2 * s + 1];
    stackStart[s] = ids;
    let nValues = 0;
    i = ranges[2 * s];
    while (i < end) {
      // Inlined varints (the hot loop of a large profile): tag, then the field.
      let tag = 0;
      for (let scale = 1; ; scale *= 128) { const c = b[i++]; tag += (c & 0x7f) * scale; if (c < 0x80) break; }
      const field = tag >>> 3;
      const wire = tag & 7;
      let stop = i;
      let packed = false;
      if (wire === 2) {
        let len = 0;
        for (let scale = 1; ; scale *= 128) { const c = b[i++]; len += (c & 0x7f) * scale; if (c < 0x80) break; }
        stop = i + len;
        packed = true;
        if (stop > end) return corrupt('a sample runs past its end');
        if (field !== 1 && field !== 2) { i = stop; continue; } // labels: not needed
      } else if (wire === 1) { i += 8; continue; } else if (wire === 5) { i += 4; continue; } else if (wire !== 0) return corrupt(`a sample has a field of wire type ${wire}`);
      do {
        let v = 0;
        for (let scale = 1; ; scale *= 128) { const c = b[i++]; v += (c & 0x7f) * scale; if (c < 0x80) break; }
        if (field === 1) {
          const index = indexOf(v);
          if (index < 0) return corrupt(`a sample refers to location ${v}, which it does not define`);
          if (ids === stackIds.length) { const grown = new Int32Array(stackIds.length * 2); grown.set(stackIds); stackIds = grown; }
          stackIds[ids++] = index;
        } else if (field === 2) {
          // int64: a negative value arrives as its 64-bit two's complement.
          if (nValues < types) values[s * types + nValues] = v >= 2 ** 63 ? v - 2 ** 64 : v;
          nValues++;
        }
      } while (packed && i < stop);
      if (i > end) return corrupt('a sample runs past its end');
    }
    if (nValues !== types) return corrupt(`a sample has ${nValues} values for ${types} sample types`);
  }
  stackStart[count] = ids;
  return { count, types, stackStart, stackIds: stackIds.subarray(0, ids), values };
}

/** Sample i's location indices, leaf first. */
export function stackOf(s: HeapSamples, i: number): Int32Array {
  return s.stackIds.subarray(s.stackStart[i], s.stackStart[i + 1]);
}

/** The samples as plain objects (for tests and small profiles; large ones stay flat). */
export function sampleList(s: HeapSamples): Array<{ stack: number[]; values: number[] }> {
  return Array.from({ length: s.count }, (_, i) => ({ stack: [...stackOf(s, i)], values: [...s.values.subarray(i * s.types, (i + 1) * s.types)] }));
}
