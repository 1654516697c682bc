// Reads a pprof heap profile (gzipped or plain protobuf, as runtime/pprof.WriteHeapProfile,
// `go test -memprofile` and net/http/pprof's /debug/pprof/heap write it) into plain numbers and
// strings. The `pprof-format` package decodes the string table, functions and locations; the samples
// (nearly all the bytes) are read by samples.ts into typed arrays. This file checks what the lenient
// decoder does not (truncation, dangling references, what kind of profile it is) so that bad input
// gets one clear message. Pure: bytes in, a profile or a message out.
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { checkStacks, readSamples, type HeapSamples } from './samples';
import { heapSampleTypes } from './sampleTypes';
import { scanTopLevel } from './topLevel';

/** Files above this size are refused before reading (a heap profile of a real service is a few MiB). */
export const maxProfileBytes = 100 * 1024 * 1024;
/** A gzip stream that inflates beyond this is refused (a profile, not a zip bomb). */
export const maxInflatedBytes = 1024 * 1024 * 1024;


/** One frame of a location: a function at a line (inlined calls give a location several frames). */
export interface Frame {
  /** The full Go name: `main.handler`, `example.com/m/pkg.(*T).M.func1`. */
  function: string;
  /** The file as the build recorded it (absolute, or module-relative under -trimpath). */
  file: string;
  /** 1-based line; 0 when unknown. */
  line: number;
  /** 1-based line of the function's declaration (Go 1.20+); 0 when the profile does not say. */
  startLine: number;
}

export interface HeapProfile {
  sampleTypes: Array<{ type: string; unit: string }>;
  /** Each location's frames, innermost (inlined callee) first. */
  locations: Frame[][];
  samples: HeapSamples;
  /** When the profile was taken (ms since the epoch), if it says. */
  timeMs?: number;
}

export type DecodeResult = { profile: HeapProfile } | { error: string };

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * The output chunk for gunzip: the size the gzip trailer announces (ISIZE, the inflated size mod
 * 2^32), so a profile inflates into one buffer without growing and joining chunks (a tenth of the
 * inflate time on 70 MB). A trailer that claims more than any deflate stream of this size can hold
 * (about 1032:1), or more than a profile may inflate to, gets zlib's default.
 */
export function inflateChunk(gz: Uint8Array): number | undefined {
  if (gz.length < 18) return undefined;
  const n = gz.length;
  const isize = (gz[n - 4] | (gz[n - 3] << 8) | (gz[n - 2] << 16) | (gz[n - 1] << 24)) >>> 0;
  // One byte more than announced: zlib then sees the stream end inside the first chunk.
  const chunk = isize + 1;
  if (isize < 64 * 1024 || chunk > maxInflatedBytes || isize > gz.length * 1100) return undefined;
  return chunk;
}

export interface DecodeOptions {
  /**
   * Whether every sample's location ids are checked (default true). A reader that goes over all of
   * them anyway (attribute.ts) checks them there and saves a pass over 34 million frames.
   */
  checkStacks?: boolean;
}

/** Decodes a heap profile, or says in one sentence why the bytes are not one. */
export function decodeHeapProfile(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  if (bytes.length === 0) return { error: 'the file is empty' };
  if (bytes.length > maxProfileBytes) return { error: `the file is ${mib(bytes.length)} MiB; heap profiles larger than ${mib(maxProfileBytes)} MiB are not read` };
  let raw: Uint8Array = bytes;
  if (isGzip(bytes)) {
    try {
      const inflated = gunzipSync(bytes, { maxOutputLength: maxInflatedBytes, chunkSize: inflateChunk(bytes) });
      raw = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') return { error: `it inflates to more than ${mib(maxInflatedBytes)} MiB, which is not a heap profile` };
      if (/unexpected end/i.test(String(e))) return { error: 'the file is truncated (its gzip stream ends early): was it still being written or downloaded?' };
      return { error: `the file is corrupt (gzip: ${(e as Error).message})` };
    }
  }
  const scan = scanTopLevel(raw);
  const damage = scan.damage;
  if (damage) {
    // A plain protobuf whose first fields read well and that then breaks off was cut short.
    if (damage.startsWith('it is truncated') && !/ at byte 0 /.test(damage)) return { error: `the file is ${damage.slice('it is '.length)}` };
    return { error: isGzip(bytes) ? `the file is corrupt: ${damage}` : `not a pprof profile (neither gzip nor valid protobuf: ${damage})` };
  }
  let p: Profile;
  try {
    p = Profile.decode(scan.rest);
  } catch (e) {
    return { error: `not a pprof profile (${(e as Error).message})` };
  }
  return fromProfile(p, raw, scan.samples, options.checkStacks ?? true);
}

const num = (v: number | bigint): number => (typeof v === 'bigint' ? Number(v) : v);

function fromProfile(p: Profile, raw: Uint8Array, sampleRanges: Int32Array, check: boolean): DecodeResult {
  const strings = p.stringTable.strings;
  if (strings.length === 0 || strings[0] !== '') return { error: 'not a pprof profile (its string table does not start with the empty string)' };
  const str = (i: number | bigint): string | undefined => strings[num(i)];
  const sampleTypes: Array<{ type: string; unit: string }> = [];
  for (const t of p.sampleType) {
    const type = str(t.type);
    const unit = str(t.unit);
    if (type === undefined || unit === undefined) return { error: 'the file is corrupt (a sample type names a string the profile does not have)' };
    sampleTypes.push({ type, unit });
  }
  if (sampleTypes.length === 0) return { error: 'not a pprof profile (it declares no sample types)' };
  const kind = nonHeapKind(sampleTypes.map((t) => t.type));
  if (kind) return { error: `this is ${kind}, not a heap profile (sample types: ${sampleTypes.map((t) => `${t.type}/${t.unit}`).join(', ')}); capture /debug/pprof/heap or use go test -memprofile` };

  const functions = new Map<number, { name: string; file: string; startLine: number }>();
  for (const f of p.function) {
    functions.set(num(f.id), { name: str(f.name) ?? '?', file: str(f.filename) ?? '', startLine: num(f.startLine) });
  }
  const locationIndex = new Map<number, number>();
  const locations: Frame[][] = [];
  for (const l of p.location) {
    const frames: Frame[] = [];
    for (const line of l.line) {
      const fn = functions.get(num(line.functionId));
      if (!fn) return { error: `the file is corrupt (location ${num(l.id)} refers to function ${num(line.functionId)}, which it does not define)` };
      frames.push({ function: fn.name, file: fn.file, line: num(line.line), startLine: fn.startLine });
    }
    locationIndex.set(num(l.id), locations.length);
    locations.push(frames);
  }
  const samples = readSamples(raw, sampleRanges, sampleTypes.length, locationIndex);
  if ('error' in samples) return samples;
  const damage = check ? checkStacks(samples) : undefined;
  if (damage) return damage;
  const ns = num(p.timeNanos);
  return { profile: { sampleTypes, locations, samples, ...(ns > 0 ? { timeMs: ns / 1e6 } : {}) } };
}

/** What kind of profile these sample types make, when it is not a heap profile. */
function nonHeapKind(types: string[]): string | undefined {
  if (types.some((t) => (heapSampleTypes as readonly string[]).includes(t))) return undefined;
  if (types.includes('cpu')) return 'a CPU profile';
  if (types.includes('goroutine')) return 'a goroutine profile';
  if (types.includes('contentions') || types.includes('delay')) return 'a block or mutex profile';
  if (types.includes('space') || types.includes('objects')) return 'an old-format heap profile without in-use/allocated sample types';
  return 'a profile of another kind';
}

function mib(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0);
}
