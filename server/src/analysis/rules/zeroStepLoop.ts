// zero-step-loop: every update of the loop's condition variables can leave them unchanged.
import { type Related, type Rule, spanOf } from '../analyzer';
import { loopVerdicts } from '../loops';
import { causeRelated, headerSpan, loopFacts, loopMessage, mainUpdate } from '../loopText';

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

The message says what is 0. For \`+=\`, \`-=\`, \`t = t.Add(d)\` and \`data = data[n:]\` it is the amount
("\`i\` advances by \`interval\`, which can be 0 (from \`getInterval()\`, line 46)"). For \`*=\`, \`<<=\`
and doubling it is the start value, which multiplying or shifting keeps at 0 ("\`v\` starts at 0
(line 5), and \`v *= 2\` keeps it 0"), or a factor that leaves the value unchanged ("\`v *= k\` stops
changing \`v\` when \`k\` is 0 or 1"). Where the value comes from in full is the related information.

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
      // The first sentence says what is stuck and why (`i` advances by `s`, which can be 0; `v` starts
      // at 0, and `v *= 2` keeps it 0); the exits that do not save the loop are named at their lines.
      const message = loopMessage(v.certain ? 'This loop never ends: ' : 'This loop may never end: ', mainUpdate(v)!, v.exitNote);
      for (const e of (v.exitNodes ?? []).slice(0, 4)) related.push({ span: spanOf(e), message: 'This exit reads only what the stuck update leaves unchanged, so once not taken it is never taken' });
      // A cause the message already states is named at its location, not said twice.
      const shown = message.toLowerCase();
      for (const r of related) if (shown.includes(r.message.toLowerCase())) r.message = `Where \`${mainUpdate(v)!.words.subject ?? mainUpdate(v)!.variable}\` gets its value`;
      pass.report({
        rule: this.id,
        severity: v.certain ? 'error' : 'warning',
        message,
        span: headerSpan(v.loop),
        related,
        fixes: [],
        facts: loopFacts(v),
      });
    }
  },
};
