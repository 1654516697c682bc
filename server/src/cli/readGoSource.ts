// Reads one .go file as text, refusing what is not Go source: too large, binary, not UTF-8.
import * as fs from 'node:fs';
import { describeFsError } from './collect';

/** Files above this size are skipped with a message (generated data, not code). */
export const maxSourceBytes = 10 * 1024 * 1024;

export type SourceText = { text: string; bytes: number } | { problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A buffer that `readGoBytes` reads into and reuses, for callers that only look at the bytes once. */
export interface ReadBuffer { buffer: Uint8Array }

// O_NONBLOCK: opening a FIFO (or a link to one) named .go would otherwise block until something
// writes to it; for a regular file it changes nothing. (Windows has no FIFOs and no flag.)
const openFlags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * The file's bytes, or why it was not read (above `maxBytes`, unreadable, not a regular file). With
 * `reuse`, the bytes are a view into its buffer, valid until the next read into it.
 */
export function readGoBytes(abs: string, maxBytes = maxSourceBytes, reuse?: ReadBuffer): { data: Uint8Array } | { problem: string } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, openFlags);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { problem: 'skipped: not a regular file' };
    if (stat.size > maxBytes) return { problem: `skipped: larger than ${sizeText(maxBytes)} (${sizeText(stat.size)})` };
    const data = reuse ? readInto(fd, stat.size, reuse) : fs.readFileSync(fd);
    if (data.length > maxBytes) return { problem: `skipped: larger than ${sizeText(maxBytes)}` };
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    // A socket cannot be opened at all: name it as what it is, as for a FIFO.
    if (fd === undefined && isSpecialFile(abs)) return { problem: 'skipped: not a regular file' };
    return { problem: `skipped: cannot read: ${describeFsError(e)}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isSpecialFile(abs: string): boolean {
  try {
    return !fs.statSync(abs).isFile();
  } catch {
    return false;
  }
}

/** Reads to the end of the file (which may have grown since `size` was taken) into the reused buffer. */
function readInto(fd: number, size: number, reuse: ReadBuffer): Uint8Array {
  if (reuse.buffer.length < size) reuse.buffer = new Uint8Array(size);
  let length = 0;
  for (;;) {
    if (length === reuse.buffer.length) {
      const grown = new Uint8Array(Math.max(2 * length, 64 * 1024));
      grown.set(reuse.buffer.subarray(0, length));
      reuse.buffer = grown;
    }
    const n = fs.readSync(fd, reuse.buffer, length, reuse.buffer.length - length, null);
    if (n === 0) return reuse.buffer.subarray(0, length);
    length += n;
  }
}

/** The bytes as text, or why they are not Go source (binary, not UTF-8). */
export function decodeGoSource(data: Uint8Array): SourceText {
  const nul = data.indexOf(0);
  if (nul !== -1) return { problem: `skipped: binary file (NUL byte at offset ${nul})` };
  try {
    return { text: utf8.decode(data), bytes: data.length };
  } catch {
    const at = firstInvalidUtf8(data);
    const line = data.subarray(0, at).reduce((n, c) => (c === 0x0a ? n + 1 : n), 1);
    return { problem: `skipped: not valid UTF-8 (first bad byte at line ${line}, offset ${at})` };
  }
}

/** The file's text, or why it was skipped (above `maxBytes`, binary, not UTF-8, not a regular file). */
export function readGoSource(abs: string, maxBytes = maxSourceBytes): SourceText {
  const read = readGoBytes(abs, maxBytes);
  return 'problem' in read ? read : decodeGoSource(read.data);
}

/** A size for messages, in binary units as the CLI has always printed them: `10 MB`, `1.5 MB`, `512 KB`, `900 B`. */
function sizeText(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(data: Uint8Array): number {
  for (let i = 0; i < data.length; ) {
    const b = data[i];
    // [length, lowest and highest allowed second byte]; the limits exclude overlong forms,
    // surrogates (U+D800–DFFF) and code points above U+10FFFF.
    const [len, lo, hi] =
      b < 0x80 ? [1, 0, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf]
      : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf]
      : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      const c = data[i + k];
      const ok = c !== undefined && (k === 1 ? c >= lo && c <= hi : (c & 0xc0) === 0x80);
      if (!ok) return i;
    }
    i += len;
  }
  return data.length;
}
