// Puts a file's profile lines onto the text as it is now. A profile of another version of the code
// (lines added above a function) would otherwise point at the wrong lines: each line is moved by as
// much as its function's declaration moved (the profile records where each function starts), so it
// keeps its offset within the function. Pure: costs and the current declarations in, lines out.
import type { FileCosts, LineCost } from './attribute';
import type { FuncExtent } from './goNames';

/** One line of the current text that the profile charges. */
export interface PlacedLine {
  /** 0-based line in the current text. */
  line: number;
  self: number[];
  total: number[];
  /** The profile's entries that landed here (several when functions share a line). */
  costs: LineCost[];
  /** Lines the code moved since the profile was taken (0: the same place). */
  moved: number;
  /** The profile's own line numbers (1-based), for "line 20 in the profile". */
  profileLines: number[];
  /** The function of the largest entry, as the profile names it. */
  function: string;
}

/** The profile's lines of one file placed on text whose declarations are `decls` (goNames.declarationLines). */
export function placeLines(costs: FileCosts, decls: ReadonlyMap<string, FuncExtent>): Map<number, PlacedLine> {
  const out = new Map<number, PlacedLine>();
  for (const c of costs.lines) {
    if (c.line <= 0) continue;
    const moved = shiftOf(c, costs, decls);
    const line = c.line - 1 + moved;
    // A line that falls outside its function now is not that function's any more: left out, not guessed.
    const fn = decls.get(c.fn.key);
    if (line < 0 || (fn && (line < fn.line || line > fn.end))) continue;
    let p = out.get(line);
    if (!p) {
      p = { line, self: c.self.map(() => 0), total: c.total.map(() => 0), costs: [], moved, profileLines: [], function: c.function };
      out.set(line, p);
    }
    for (let t = 0; t < c.self.length; t++) { p.self[t] += c.self[t]; p.total[t] += c.total[t]; }
    p.costs.push(c);
    if (!p.profileLines.includes(c.line)) p.profileLines.push(c.line);
    if (moved !== 0) p.moved = moved;
  }
  for (const p of out.values()) {
    const main = p.costs.reduce((a, b) => (b.total[0] > a.total[0] ? b : a));
    p.function = main.function;
  }
  return out;
}

/** How far a line's function moved: its declaration now minus where the profile says it started. */
function shiftOf(c: LineCost, costs: FileCosts, decls: ReadonlyMap<string, FuncExtent>): number {
  const now = decls.get(c.fn.key)?.line;
  if (now === undefined) return 0;
  // A closure's own start line is not the declaration's: use the enclosing function's, when the profile has it.
  const then = c.fn.closure ? costs.starts.get(c.fn.key) ?? 0 : c.startLine || costs.starts.get(c.fn.key) || 0;
  return then > 0 ? now + 1 - then : 0;
}
