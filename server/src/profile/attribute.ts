// Charges every sample of a heap profile to workspace lines: its first frame (from the allocation
// outwards) that is workspace code is where it was allocated ("self"; the runtime's and the standard
// library's frames above it are the allocator, not the cause), and every workspace line on its stack
// carries it once ("total"). Pure: a decoded profile and a path resolver in, costs per file out.
import type { HeapProfile } from './decode';
import { isStandardLibrary, parseFunctionName, type ProfileFunction } from './goNames';
import type { MatchedBy, PathResolver } from './paths';

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

export function attribute(profile: HeapProfile, resolver: PathResolver): Attribution {
  const types = profile.sampleTypes.length;
  const zero = (): number[] => new Array<number>(types).fill(0);
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
  const stamp = new Int32Array(slots.length).fill(-1);
  const totals = zero();
  const elsewhere = zero();
  const { count, values, stackIds, stackStart } = profile.samples;
  for (let index = 0; index < count; index++) {
    const v = index * types;
    for (let t = 0; t < types; t++) totals[t] += values[v + t];
    let first = true;
    for (let k = stackStart[index]; k < stackStart[index + 1]; k++) {
      for (const slot of resolved[stackIds[k]]) {
        if (stamp[slot] === index) continue;
        stamp[slot] = index;
        const c = slots[slot];
        if (first) for (let t = 0; t < types; t++) c.self[t] += values[v + t];
        first = false;
        c.count++;
        for (let t = 0; t < types; t++) c.total[t] += values[v + t];
      }
    }
    if (first) for (let t = 0; t < types; t++) elsewhere[t] += values[v + t];
  }
  // Locations no sample used charge nothing.
  for (const costs of files.values()) costs.lines = costs.lines.filter((c) => c.count > 0);
  return { totals, files, elsewhere, unmatchedPaths: [...unmatched].sort(), byProfilePath };
}
