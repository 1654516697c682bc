// unbounded-growth: map inserts, string concatenation or builder writes in a loop that may never end.
import type { Rule } from '../analyzer';
import { growthSites } from '../growthSites';
import { growthFinding } from '../loopText';

/** How each kind grows, and what that does to the heap. */
const WORDS: Record<string, [what: string, how: string]> = {
  'map-insert': ['can get a new key', 'The map grows on the heap until the process is OOM-killed (exit 137).'],
  'string-concat': ['gets longer', 'Each `+=` copies it into a larger heap allocation until the process is OOM-killed.'],
  'builder-write': ['is written to', 'Its buffer doubles on the heap until the process is OOM-killed (exit 137).'],
};

export const unboundedGrowth: Rule = {
  id: 'unbounded-growth',
  title: 'Memory growth inside a loop that may never end',
  defaultSeverity: 'error',
  doc: `Memory growth inside a loop that may never end

The same danger as \`unbounded-append\` for other growing values that outlive the iteration: inserts
into a map under keys that change every iteration, \`s += …\` on a string, and writes to a
\`strings.Builder\` or \`bytes.Buffer\` (including \`fmt.Fprintf(&b, …)\`) that is never reset in the loop
(\`clear(m)\`, \`delete\`, \`m = map[K]V{}\`, \`b.Reset()\` reset).
All of them grow on the heap until the process is OOM-killed. Severity follows the loop.`,
  run(pass) {
    for (const site of growthSites(pass)) {
      if (site.growth.kind === 'append') continue;
      const [what, how] = WORDS[site.growth.kind];
      pass.report(growthFinding(this.id, site, what, how));
    }
  },
};
