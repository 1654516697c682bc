// non-progressing-loop: nothing in the loop changes its condition and nothing leaves it.
import { type Rule, spanOf } from '../analyzer';
import { brief } from '../syntax';
import { loopVerdicts } from '../loops';
import { headerSpan, loopClause, loopFacts } from '../loopText';
import { loopCondition } from '../values/terms';
import { list, sentences } from '../words';
import { baseName } from '../funcModel';

export const nonProgressingLoop: Rule = {
  id: 'non-progressing-loop',
  title: 'Loop that never progresses',
  defaultSeverity: 'error',
  doc: `Loop that never progresses

A loop whose condition reads only local variables that nothing in the loop changes, with no way out
(\`break\`, \`return\`, \`goto\`, \`panic\`, \`os.Exit\`, \`log.Fatal\`…). Once entered, it never ends.
Typical causes are typos (\`for j := 0; j < m; i++\`) and forgotten advances
(\`for n != nil { total += n.Val }\` without \`n = n.Next\`).

Only locals that are not captured by a closure or goroutine and whose address is not taken are
considered, and only conditions without calls or channel operations, so another goroutine cannot be
what ends the loop. That case is an **error**.

It also reports, as a **warning**, loops that stall on one path or at their exits:
- a path through the body that changes none of the state the condition reads, chosen by decisions
  on that state (\`if err == io.EOF { continue }\` before \`data = data[n:]\`): once taken, the next
  iteration sees the same values and takes it again;
- a \`for {}\` whose only normal way out (\`if n < size { break }\`, with \`n\` a count) can never be
  taken when a caller's value is 0 (failure exits such as \`if err != nil { return err }\` do not count);
- a read whose error is discarded (\`io.ReadFull(r, b)\`, \`c, _ := br.ReadByte()\`) in a loop whose
  every exit waits for a value from that read: at the end of the input it never comes.

And, as a **warning**, a \`for … range\` over an iterator function of this package (Go 1.23 range over
func: \`iter.Seq\`, \`iter.Seq2\`, \`func(yield func(T) bool)\`) that yields forever — its \`for {}\` is
always reached and its only way out is \`if !yield(v) { return }\` — when the range body has no
\`break\`, \`return\`, \`goto\` or \`panic\`. Only the consumer can stop such an iterator, and this one
never does, so the loop never ends. It is reported here, not as a loop of its own kind, because it is
the same fault: nothing in the loop can ever make it stop. It is a warning, not an error, because a
consumer that is meant to run for the life of the program (an event loop over a generator) is
written the same way, as a bare \`for {}\` is; memory that grows in its body is reported as an error by
\`unbounded-append\` and \`unbounded-growth\`. Iterators of other packages are not judged: their bodies
are not here to read, and the standard library's rarely yield forever. A range over a slice, map,
string, channel or integer (\`for i := range n\`) is never reported.`,
  run(pass) {
    for (const v of loopVerdicts(pass)) {
      if (v.kind !== 'non-progressing') continue;
      const clause = v.loop.namedChildren.find((c) => c?.type === 'for_clause');
      const update = clause?.childForFieldName('update');
      const cond = loopCondition(v.loop);
      let hint = '';
      if (update) {
        const target = baseName(update.namedChild(0)?.namedChild(0) ?? update.namedChild(0));
        if (target && !v.variables.includes(target)) hint = `Its post statement updates \`${target}\` instead: did you mean ${list(v.variables.slice(0, 1))}?`;
      }
      if (v.iterator) {
        const at = v.iterator.file && !v.stall?.related.length ? [{ span: { start: { line: v.iterator.line, character: 0 }, end: { line: v.iterator.line, character: 0 } }, file: v.iterator.file, message: 'This loop yields forever: its only way out is `yield` returning false' }] : [];
        pass.report({
          rule: this.id,
          severity: 'warning',
          message: sentences(`This loop never ends: ${loopClause(v)}.`, v.stall?.detail),
          span: headerSpan(v.loop),
          related: [...(v.stall?.related ?? []).map((r) => ({ span: spanOf(r.node), message: r.message })), ...at],
          fixes: [],
          facts: loopFacts(v),
        });
        continue;
      }
      if (v.stall) {
        pass.report({
          rule: this.id,
          severity: v.certain ? 'error' : 'warning',
          message: sentences(v.certain ? `This loop never ends: ${loopClause(v)}, and nothing leaves it.` : `This loop may never end: ${loopClause(v)}.`, v.stall.detail),
          span: headerSpan(v.loop),
          related: v.stall.related.map((r) => ({ span: spanOf(r.node), message: r.message })),
          fixes: [],
          facts: loopFacts(v),
        });
        continue;
      }
      pass.report({
        rule: this.id,
        severity: 'error',
        message: sentences(`This loop never ends once entered: ${loopClause(v)}, and nothing leaves it.`, hint),
        span: headerSpan(v.loop),
        related: [
          ...(cond ? [{ span: spanOf(cond), message: `The condition \`${brief(cond.text, 40)}\` reads ${list(v.variables, 'and')}, and no statement in the loop changes ${v.variables.length > 1 ? 'them' : 'it'}` }] : []),
          ...(update ? [{ span: spanOf(update), message: `The post statement \`${update.text}\` does not change ${list(v.variables)}` }] : []),
        ],
        fixes: [],
        facts: loopFacts(v),
      });
    }
  },
};
