// Protobuf varints of any length (up to 10 bytes), for the readers' rare slow path: the hot loops
// read one- to three-byte varints inline. Returning the end through a module variable keeps the call
// free of allocation (no tuple per number). Pure.

let end = 0;

/** The varint at `at` of `b` as a number (int64 two's complement made negative); its end is then `longVarintEnd()`. */
export function longVarint(b: Uint8Array, at: number): number {
  let v = 0;
  let scale = 1;
  let i = at;
  for (let n = 0; n < 10; n++) {
    const c = b[i++];
    if (c === undefined) break; // past the buffer: the caller sees the end beyond its bounds
    v += (c & 0x7f) * scale;
    scale *= 128;
    if (c < 0x80) break;
  }
  end = i;
  return v >= 2 ** 63 ? v - 2 ** 64 : v;
}

/** Where the varint last read by `longVarint` ends. */
export function longVarintEnd(): number {
  return end;
}
