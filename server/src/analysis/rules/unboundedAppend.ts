// unbounded-append: append to a slice that outlives the iteration, inside a loop that may never end.
import type { Rule } from '../analyzer';
import { growthSites } from '../growthSites';
import { growthFinding } from '../loopText';

export const unboundedAppend: Rule = {
  id: 'unbounded-append',
  title: 'Append inside a loop that may never end',
  defaultSeverity: 'error',
  doc: `Append inside a loop that may never end

\`x = append(x, …)\` where \`x\` outlives the iteration (declared before the loop, a field, a package
variable) and is never reset in the loop, inside a loop that may never end (a zero-step loop, a loop
that never progresses, a \`for {}\` with no way out, or a \`for … range\` over an iterator of this
package that yields forever, with no way out). Nested loops count. \`clear(x)\` does not reset a
slice: it zeroes the elements and keeps the length.

A loop adds no stack frames and append's growth (runtime.growslice) always allocates on the heap, so
such a program does not die with a stack overflow: the heap grows until the kernel's OOM killer
sends SIGKILL (\`killed\`, exit status 137) with no Go stack trace. Severity follows the loop: an
**error** when the loop certainly never ends, a **warning** when it may.

The message names what grows and the loop ("\`batches\` grows on every iteration of a loop that may
never end (line 8)"); why that loop may never end is the loop's own finding and, here, the related
information on the loop's header and on the value's source.`,
  run(pass) {
    for (const site of growthSites(pass)) {
      if (site.growth.kind !== 'append') continue;
      pass.report(growthFinding(this.id, site, 'grows', 'Append reallocates it on the heap until the process is OOM-killed (exit 137).'));
    }
  },
};
