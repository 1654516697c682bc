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
  /** The samples through this line (indices into the profile's samples), for the top stacks. */
  samples: number[];
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

interface ResolvedFrame { costs: FileCosts; key: string; function: string; fn: ProfileFunction; line: number; startLine: number }

/** Charges the profile's samples to the workspace files the resolver finds. */
export function attribute(profile: HeapProfile, resolver: PathResolver): Attribution {
  const types = profile.sampleTypes.length;
  const zero = (): number[] => new Array<number>(types).fill(0);
  const files = new Map<string, FileCosts>();
  const lineCosts = new Map<string, LineCost>();
  const unmatched = new Set<string>();
  const names = new Map<string, ProfileFunction>();
  const byProfilePath = new Map<string, string>();
  const parsed = (name: string): ProfileFunction => {
    let fn = names.get(name);
    if (!fn) { fn = parseFunctionName(name); names.set(name, fn); }
    return fn;
  };
  // Each location's frames resolved once; most samples share locations.
  const resolved: ResolvedFrame[][] = profile.locations.map((frames) => frames.flatMap((f) => {
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
    return [{ costs, key: `${r.file}\0${f.function}\0${f.line}`, function: f.function, fn, line: f.line, startLine: f.startLine }];
  }));
  const costOf = (rf: ResolvedFrame): LineCost => {
    let c = lineCosts.get(rf.key);
    if (!c) {
      c = { function: rf.function, fn: rf.fn, line: rf.line, startLine: rf.startLine, self: zero(), total: zero(), samples: [] };
      lineCosts.set(rf.key, c);
      rf.costs.lines.push(c);
    }
    return c;
  };
  const totals = zero();
  const elsewhere = zero();
  const seen = new Set<LineCost>();
  profile.samples.forEach((s, index) => {
    for (let t = 0; t < types; t++) totals[t] += s.values[t];
    seen.clear();
    for (const loc of s.stack) {
      for (const rf of resolved[loc]) {
        const c = costOf(rf);
        if (seen.has(c)) continue;
        if (seen.size === 0) for (let t = 0; t < types; t++) c.self[t] += s.values[t];
        seen.add(c);
        c.samples.push(index);
        for (let t = 0; t < types; t++) c.total[t] += s.values[t];
      }
    }
    if (seen.size === 0) for (let t = 0; t < types; t++) elsewhere[t] += s.values[t];
  });
  return { totals, files, elsewhere, unmatchedPaths: [...unmatched].sort(), byProfilePath };
}
