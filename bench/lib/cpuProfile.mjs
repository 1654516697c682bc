// Reads a V8 .cpuprofile (node --cpu-prof) and lists the functions with the most self time and
// the most total time (time with the function on the stack, each sample counted once per function).

/** The top `n` functions by self and by total time, in milliseconds. */
export function summarizeCpuProfile(profile, n = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const nameOf = (node) => {
    const f = node.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    return `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const total = new Map();
  const deltas = profile.timeDeltas ?? [];
  let all = 0;
  profile.samples.forEach((id, i) => {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    all += ms;
    const leaf = byId.get(id);
    self.set(nameOf(leaf), (self.get(nameOf(leaf)) ?? 0) + ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const name = nameOf(byId.get(cur));
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms }));
  return { totalMs: all, self: top(self), total: top(total) };
}

/** Prints a summary as two short tables. */
export function printCpuProfile(summary, print = console.log) {
  const row = ({ name, ms }) => `    ${ms.toFixed(0).padStart(7)} ms ${(100 * ms / summary.totalMs).toFixed(1).padStart(5)}%  ${name}`;
  print(`  profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled; top self time:`);
  for (const r of summary.self) print(row(r));
  print('  top total time:');
  for (const r of summary.total) print(row(r));
}
