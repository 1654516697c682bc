// unbounded-growth: map inserts, string concatenation or builder writes in a loop that may never end.
import { type Rule, spanOf } from '../analyzer';
import { growthSites } from '../growthSites';
import { causeRelated, headerSpan, loopFacts, loopReason } from '../loopText';

const WHAT: Record<string, string> = {
  'map-insert': 'gets a new key',
  'string-concat': 'is concatenated onto (each += copies the whole string into a larger heap allocation)',
  'builder-write': 'is written to (its buffer doubles on the heap as it fills)',
};

export const unboundedGrowth: Rule = {
  id: 'unbounded-growth',
  title: 'Memory growth inside a loop that may never end',
  defaultSeverity: 'error',
  doc: `Memory growth inside a loop that may never end

The same danger as \`unbounded-append\` for other growing values that outlive the iteration: inserts
into a map under keys that change every iteration, \`s += …\` on a string, and writes to a
\`strings.Builder\` or \`bytes.Buffer\` (including \`fmt.Fprintf(&b, …)\`) that is never reset in the loop.
All of them grow on the heap until the process is OOM-killed. Severity follows the loop.`,
  run(pass) {
    for (const site of growthSites(pass)) {
      if (site.growth.kind === 'append') continue;
      const v = site.verdict;
      const u = v.updates.find((x) => x.verdict === 'maybe') ?? v.updates[0];
      const cause = u ? causeRelated(u.cause) : undefined;
      pass.report({
        rule: this.id,
        severity: v.certain ? 'error' : 'warning',
        message:
          `\`${site.growth.target}\` ${WHAT[site.growth.kind]} on every iteration of a loop that ${v.certain ? 'never ends' : 'may never end'} (${loopReason(v)}); ` +
          'the heap grows until the process is OOM-killed (SIGKILL, exit 137).',
        span: spanOf(site.node),
        related: [{ span: headerSpan(v.loop), message: `The loop that ${v.certain ? 'never ends' : 'may never end'}` }, ...(cause ? [cause] : [])],
        fixes: [],
        facts: { ...loopFacts(v), growth: site.growth },
      });
    }
  },
};
