// zero-step-loop: every update of the loop's condition variables can leave them unchanged.
import { type Related, type Rule, spanOf } from '../analyzer';
import { loopVerdicts } from '../loops';
import { causeRelated, headerSpan, loopFacts, loopReason } from '../loopText';
import { capital } from '../words';

export const zeroStepLoop: Rule = {
  id: 'zero-step-loop',
  title: 'Loop whose step can be zero',
  defaultSeverity: 'error',
  doc: `Loop whose step can be zero

A loop whose condition depends on a variable that every update can leave unchanged: \`i += step\`
with \`step\` possibly 0, \`v *= k\` starting from 0, \`t = t.Add(d)\` with \`d\` possibly 0,
\`data = data[n:]\` with \`n\` possibly 0. When the step is 0 the condition never changes and the loop
never ends; if it appends, the heap grows until the kernel's OOM killer sends SIGKILL.

Reported as an **error** when the step is always 0 (a literal, a constant, a function that always
returns 0) and as a **warning** when nothing rules 0 out (a parameter, a field, a call result, a
value read from input, a division or subtraction). A dominating guard (\`if step <= 0 { return }\`),
a clamp (\`step = max(step, 1)\`) or the loop condition itself (\`for i := 0; step > 0 && i < n; i += step\`)
rules it out.

\`\`\`go
interval := getInterval() // 0 at run time
for i := 0; i < len(items); i += interval { // never ends when interval == 0
}
\`\`\`

Fix: guard before the loop (\`if interval <= 0 { return … }\`) or clamp the step.`,
  run(pass) {
    for (const v of loopVerdicts(pass)) {
      if (v.kind !== 'zero-step') continue;
      const related: Related[] = [];
      const seen = new Set<string>();
      for (const u of v.updates) {
        const c = causeRelated(u.cause);
        const key = c ? `${c.file ?? ''}:${c.span.start.line}:${c.span.start.character}` : '';
        if (c && !seen.has(key)) { seen.add(key); related.push(c); }
        related.push({ span: spanOf(u.node), message: `\`${u.variable}\` ${u.how} here` });
      }
      const message = v.certain
        ? `This loop never ends: ${loopReason(v)}.`
        : v.hasExit && !v.exitNote
          ? `This loop may never end: ${loopReason(v)}.`
          : `This loop may never end: ${loopReason(v)}. With a step of 0 the condition never changes${v.exitNote ? `, and ${v.exitNote}` : ''}.`;
      for (const e of (v.exitNodes ?? []).slice(0, 4)) related.push({ span: spanOf(e), message: 'This exit reads only what a step of 0 leaves unchanged' });
      pass.report({
        rule: this.id,
        severity: v.certain ? 'error' : 'warning',
        message: capital(message),
        span: headerSpan(v.loop),
        related,
        fixes: [],
        facts: loopFacts(v),
      });
    }
  },
};
