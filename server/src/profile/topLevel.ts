// The top level of a pprof Profile message, walked once before anything is decoded: it finds where
// the file is cut off or makes no sense (for a clear message), where the samples are (read by
// samples.ts), and copies every other field out for pprof-format. A 20 MB profile has 1.7 million
// top-level fields, so the walk reads varints inline and keeps its state in locals. Pure.
import { longVarint, longVarintEnd } from './varint';

export interface TopLevel {
  /** Where the top-level fields overrun the buffer (truncation) or make no sense. */
  damage?: string;
  /** The byte ranges of the Sample messages (field 2): start, end pairs. */
  samples: Int32Array;
  /** Every other field, for pprof-format. */
  rest: Uint8Array;
}

/** Walks a Profile message's top-level fields once: checks them, finds the samples, keeps the rest. */
export function scanTopLevel(b: Uint8Array): TopLevel {
  let samples = new Int32Array(1024);
  let n = 0;
  // Other fields as [start, end) pairs; neighbours (the string table's entries) merge into one.
  const rest: number[] = [];
  const length = b.length;
  let i = 0;
  let damage: string | undefined;
  while (i < length) {
    const at = i;
    let tag = b[i++];
    if (tag >= 0x80) {
      tag = longVarint(b, at);
      i = longVarintEnd();
      if (i > length) { damage = `it ends inside a field tag at byte ${at}`; break; }
    }
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    // pprof's Profile message has fields 1–15; one-byte tags, as the decoder expects.
    if (field < 1 || field > 15 || at + 1 !== i) { damage = `unexpected field ${field} at byte ${at}`; break; }
    if (wire === 0) {
      longVarint(b, i);
      i = longVarintEnd();
      if (i > length) { damage = `it is truncated (a number at byte ${at} is cut off)`; break; }
    } else if (wire === 2) {
      let c = b[i++];
      let len = c & 0x7f;
      if (c >= 0x80) {
        c = b[i++];
        len |= (c & 0x7f) << 7;
        if (c >= 0x80) { len = longVarint(b, i - 2); i = longVarintEnd(); }
      }
      if (i > length || i + len > length) { damage = `it is truncated (a ${i > length ? '' : `${len}-byte `}record at byte ${at} runs past the end, at ${length} bytes)`; break; }
      if (field === 2) {
        if (n + 2 > samples.length) { const grown = new Int32Array(samples.length * 2); grown.set(samples); samples = grown; }
        samples[n++] = i;
        samples[n++] = i + len;
      }
      i += len;
    } else {
      damage = `unexpected wire type ${wire} at byte ${at}`;
      break;
    }
    if (field !== 2) {
      if (rest.length > 0 && rest[rest.length - 1] === at) rest[rest.length - 1] = i;
      else rest.push(at, i);
    }
  }
  return { ...(damage ? { damage } : {}), samples: samples.subarray(0, n), rest: joined(b, rest) };
}

function joined(b: Uint8Array, parts: readonly number[]): Uint8Array {
  let size = 0;
  for (let k = 0; k < parts.length; k += 2) size += parts[k + 1] - parts[k];
  const out = new Uint8Array(size);
  let at = 0;
  for (let k = 0; k < parts.length; k += 2) { out.set(b.subarray(parts[k], parts[k + 1]), at); at += parts[k + 1] - parts[k]; }
  return out;
}
