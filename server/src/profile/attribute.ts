// Charges every sample of a heap profile to workspace lines: its first frame (from the allocation
// outwards) that is workspace code is where it was allocated ("self"; the runtime's and the standard
// library's frames above it are the allocator, not the cause), and every workspace line on its stack
// carries it once ("total"). Pure: a decoded profile and a path resolver in, costs per file out.
import type { HeapProfile } from './decode';
import { isStandardLibrary, parseFunctionName, type ProfileFunction } from './goNames';
import type { MatchedBy, PathResolver } from './paths';
import { unknownLocation, type HeapSamples } from './samples';
import { longVarint, longVarintEnd } from './varint';

/** The cost of one (function, line) of the profile in one workspace file. */
export interface LineCost {
  /** The function's full name in the profile (`main.handler`). */
  function: string;
  fn: ProfileFunction;
  /** 1-based line as the profile records it, and its function's start line (0: unknown). */
  line: number;
  startLine: number;
  /** Per sample type: samples allocated at this line. */
  self: number[];
  /** Per sample type: samples with this line anywhere on their stack (each once). */
  total: number[];
  /** Locations (indices into the profile's locations) with a frame on this line, for the top stacks. */
  locations: number[];
  /** Samples through this line. */
  count: number;
}

export interface FileCosts {
  /** The workspace file (absolute, `/`-separated). */
  file: string;
  /** The path the profile has for it, and how the two were matched. */
  profilePath: string;
  by: MatchedBy;
  lines: LineCost[];
  /** The profile's start line of each function declared in this file (by key), to follow moved code. */
  starts: Map<string, number>;
}

export interface Attribution {
  /** Per sample type: the profile's total (the 100 % of a share). */
  totals: number[];
  files: Map<string, FileCosts>;
  /** Per sample type: what no workspace line allocated (runtime, libraries, other projects). */
  elsewhere: number[];
  /** Profile paths of code outside the standard library that matched no workspace file. */
  unmatchedPaths: string[];
  /** The workspace file each matched profile path stands for. */
  byProfilePath: Map<string, string>;
}

/** Charges a profile's samples to workspace lines; `{ error }` when a sample refers to a location the profile lacks. */
export function attribute(profile: HeapProfile, resolver: PathResolver): Attribution | { error: string } {
  const zero = (): number[] => new Array<number>(profile.sampleTypes.length).fill(0);
  const files = new Map<string, FileCosts>();
  const unmatched = new Set<string>();
  const names = new Map<string, ProfileFunction>();
  const byProfilePath = new Map<string, string>();
  const parsed = (name: string): ProfileFunction => {
    let fn = names.get(name);
    if (!fn) { fn = parseFunctionName(name); names.set(name, fn); }
    return fn;
  };
  // Each location's frames resolved once (most samples share locations), each to its line's cost;
  // `stamp[slot]` marks the last sample that charged a cost, so a recursive stack charges it once.
  const slots: LineCost[] = [];
  const slotOf = new Map<string, number>();
  const resolved: number[][] = profile.locations.map((frames, location) => frames.flatMap((f) => {
    const fn = parsed(f.function);
    const r = f.file ? resolver.resolve(f.file, fn) : undefined;
    if (!r) {
      if (f.file && fn.packagePath && !isStandardLibrary(fn.packagePath)) unmatched.add(f.file);
      return [];
    }
    byProfilePath.set(f.file, r.file);
    let costs = files.get(r.file);
    if (!costs) { costs = { file: r.file, profilePath: f.file, by: r.by, lines: [], starts: new Map() }; files.set(r.file, costs); }
    if (!fn.closure && f.startLine > 0) costs.starts.set(fn.key, f.startLine);
    const key = `${r.file}\0${f.function}\0${f.line}`;
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = slots.length;
      slotOf.set(key, slot);
      const c: LineCost = { function: f.function, fn, line: f.line, startLine: f.startLine, self: zero(), total: zero(), locations: [], count: 0 };
      slots.push(c);
      costs.lines.push(c);
    }
    if (!slots[slot].locations.includes(location)) slots[slot].locations.push(location);
    return [slot];
  }));
  const charged = charge(profile.samples, resolved, slots);
  if ('error' in charged) return charged;
  const { totals, elsewhere } = charged;
  // Locations no sample used charge nothing.
  for (const costs of files.values()) costs.lines = costs.lines.filter((c) => c.count > 0);
  return { totals, files, elsewhere, unmatchedPaths: [...unmatched].sort(), byProfilePath };
}

/**
 * Charges every sample to the line costs its locations resolved to (`resolved[location]`: slots of
 * `slots`): self to the first, total and count to each once (`stamp` marks the last sample that
 * charged a slot, so a recursive stack charges it once). This is the hot loop of opening a profile
 * (34 million frames in 20 MB): it reads the packed location ids where the profile has them, checks
 * each (the decoder left that to it) and sums in typed arrays, one row a slot.
 */
function charge(samples: HeapSamples, resolved: number[][], slots: LineCost[]): { totals: number[]; elsewhere: number[] } | { error: string } {
  const { count, types, values, stackFrom, stackTo, stackBytes, listedBytes, locationTable } = samples;
  // Most locations resolve to one slot: `single[l]` is it, -1 for none, -2 for several, which are
  // slotList[slotStart[l] … slotStart[l + 1]).
  const single = Int32Array.from(resolved, (r) => (r.length === 1 ? r[0] : r.length === 0 ? -1 : -2));
  const slotStart = new Int32Array(resolved.length + 1);
  resolved.forEach((r, l) => { slotStart[l + 1] = slotStart[l] + r.length; });
  const slotList = Int32Array.from(resolved.flat());
  const stamp = new Int32Array(slots.length).fill(-1);
  const self = new Float64Array(slots.length * types);
  const total = new Float64Array(slots.length * types);
  const counts = new Int32Array(slots.length);
  const totals = new Float64Array(types);
  const elsewhere = new Float64Array(types);
  for (let s = 0; s < count; s++) {
    const v = s * types;
    let at = stackFrom[s];
    const b = at < 0 ? listedBytes : stackBytes;
    if (at < 0) at = ~at;
    const end = stackTo[s];
    let firstSlot = -1;
    while (at < end) {
      let c = b[at++];
      let id = c & 0x7f;
      if (c >= 0x80) {
        c = b[at++];
        id |= (c & 0x7f) << 7;
        if (c >= 0x80) { id = longVarint(b, at - 2); at = longVarintEnd(); }
      }
      const location = locationTable.index(id);
      if (location < 0) return unknownLocation(samples, s);
      const slot = single[location];
      if (slot >= 0) {
        if (stamp[slot] === s) continue;
        stamp[slot] = s;
        if (firstSlot < 0) firstSlot = slot;
        counts[slot]++;
        const o = slot * types;
        for (let t = 0; t < types; t++) total[o + t] += values[v + t];
      } else if (slot === -2) {
        for (let j = slotStart[location], to = slotStart[location + 1]; j < to; j++) {
          const each = slotList[j];
          if (stamp[each] === s) continue;
          stamp[each] = s;
          if (firstSlot < 0) firstSlot = each;
          counts[each]++;
          const o = each * types;
          for (let t = 0; t < types; t++) total[o + t] += values[v + t];
        }
      }
    }
    const into = firstSlot < 0 ? elsewhere : self;
    const o = firstSlot < 0 ? 0 : firstSlot * types;
    for (let t = 0; t < types; t++) { into[o + t] += values[v + t]; totals[t] += values[v + t]; }
  }
  slots.forEach((c, slot) => {
    c.count = counts[slot];
    for (let t = 0; t < types; t++) { c.self[t] = self[slot * types + t]; c.total[t] = total[slot * types + t]; }
  });
  return { totals: [...totals], elsewhere: [...elsewhere] };
}
