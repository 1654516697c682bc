// Verdicts for loops that stall on a path, at an exit, on a read or by doubling from zero: each
// check under progress/ says what it found, and this turns it into a verdict with its words.
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from '../values/evaluator';
import type { PackageContext } from '../values/summaries';
import { funcModel, type FuncModel } from '../funcModel';
import { librarySentinels } from '../values/facts';
import { brief, calleeName, lineOf } from '../syntax';
import type { LoopVerdict, Update } from '../loopVerdict';
import { capital, list } from '../words';
import type { CondVar } from './conditionState';
import { doublingFromNothing } from './doubling';
import { hasExit, loopExits } from './exitGuards';
import { ignoredRead } from './ignoredReads';
import { exitsImpossibleAtZero } from './impossibleExits';
import { loopState } from './loopState';
import { findStallPath } from './stallPaths';

/** A `for {}` that doubles a value until it is big enough, from a start that can be 0. */
export function doublingVerdict(loop: Node, fn: Node, pkg: PackageContext, evaluator: () => Evaluator): LoopVerdict | undefined {
  const ls = loopState(loop, funcModel(fn));
  const exits = ls && loopExits(ls);
  const d = ls && exits && doublingFromNothing(ls, exits, evaluator(), pkg);
  if (!d) return undefined;
  const guards = d.exits.map((x) => `\`${brief(x.guards[0].text, 40)}\``).join(', ');
  const reason = `\`${d.target}\` is doubled until ${guards} ${d.exits.length > 1 ? 'hold' : 'holds'}, but it can start at 0 (${d.start.why}), and 0 doubled stays 0`;
  const update: Update = { node: d.update, variable: d.target, verdict: 'maybe', cause: d.start, how: `is doubled by \`${brief(d.update.text)}\``, reason };
  return { loop, fn, kind: 'zero-step', certain: false, variables: [d.target], updates: [update], hasExit: true };
}

/** A loop whose every exit waits for a value from a read whose error is discarded: at EOF it never comes. */
export function ignoredReadVerdict(loop: Node, fn: Node, cond: Node | null): LoopVerdict | undefined {
  const ls = loopState(loop, funcModel(fn));
  const r = ls && ignoredRead(ls, cond);
  if (!r) return undefined;
  const what = r.targets.map((t) => `\`${t}\``).join(', ');
  const reason = `at the end of the input \`${brief(r.call.text, 40)}\` (line ${lineOf(r.call)}) fails every time and its error is discarded, so ${what} ${r.targets.length > 1 ? 'keep' : 'keeps'} ${r.call.parent?.type === 'expression_statement' || /Read(Full|AtLeast)?$|binary\.Read/.test(calleeName(r.call)) ? 'its last contents' : 'the zero value'}, and every exit (line${r.exits.length > 1 ? 's' : ''} ${[...new Set(r.exits.map(lineOf))].join(', ')}) reads only that`;
  const related = [{ node: r.call, message: 'The error of this read is discarded' }, ...r.exits.map((e) => ({ node: e, message: `Decided by ${what}, which stops changing at the end of the input` }))];
  return { loop, fn, kind: 'non-progressing', certain: false, variables: r.targets, updates: [], hasExit: true, stall: { reason, related } };
}

/** A `for {}` whose every normal exit (`if n < size { break }`) cannot fire when a caller's value is 0. */
export function impossibleExitVerdict(loop: Node, fn: Node, evaluator: () => Evaluator): LoopVerdict | undefined {
  const ls = loopState(loop, funcModel(fn));
  const exits = ls && loopExits(ls);
  if (!ls || !exits) return undefined;
  const impossible = exitsImpossibleAtZero(exits, evaluator(), ls);
  if (!impossible) return undefined;
  const first = impossible[0];
  const bound = brief(first.bound.text, 30);
  const reason = `its only way out${impossible.length > 1 ? 's' : ''}, ${impossible.map((x) => `\`${brief(x.guard.text, 50)}\` (line ${lineOf(x.guard)})`).join(', ')}, can never be taken when \`${bound}\` is 0 (${first.boundValue.why}): \`${brief(first.count.text, 30)}\` is never negative (${first.countValue.why})`;
  const related = [
    ...impossible.map((x) => ({ node: x.guard, message: `Never true when \`${brief(x.bound.text, 30)}\` is 0` })),
    ...(first.boundValue.at ? [{ node: first.boundValue.at, message: capital(first.boundValue.why) }] : []),
  ];
  return { loop, fn, kind: 'non-progressing', certain: false, variables: [bound], updates: [], hasExit: true, stall: { reason, related } };
}

/** Progress on some paths only: a path that changes none of the condition's state repeats once taken. */
export function stallVerdict(loop: Node, fn: Node, m: FuncModel, bases: Set<string>, post: Node | null, vars: Map<string, CondVar>, pkg: PackageContext): LoopVerdict | undefined {
  const ls = loopState(loop, m);
  if (!ls) return undefined;
  const path = findStallPath(ls, bases, post, (call) => {
    const f = call.childForFieldName('function');
    return f?.type === 'identifier' ? pkg.funcs.get(f.text)?.sentinels : librarySentinels(calleeName(call));
  });
  if (!path) return undefined;
  const names = [...vars.keys()];
  const when = path.facts.filter((f, i) => f.phrase || !path.facts.slice(i + 1).some((g) => g.phrase && g.text === `${f.text}#case`) && !f.text.endsWith('#case'))
    .map((f) => f.phrase ?? `\`${brief(f.shown ?? f.text, 50)}\` is ${f.truth ? 'true' : 'false'}`).join(' and ');
  const end = path.at.type === 'continue_statement' ? `reaches \`continue\` (line ${lineOf(path.at)})` : 'reaches the end of the body';
  const cancel = path.cancels.find((o) => o.sentinels.length > 0);
  const moves = cancel
    ? `its moves of \`${cancel.variable}\` (${cancel.stmts.map((x) => `\`${brief(x.text, 40)}\``).join(', ')}) cancel out when ${cancel.sentinels.map((x) => `\`${brief(x.call.text, 30)}\` returns ${x.values.join(' or ')}`).join(' and ')}, so it changes none of ${list(names)}`
    : `an iteration changes none of ${list(names)}`;
  const reason = `when ${when}, ${moves} and ${end}, so the next iteration sees the same values and takes the same path`;
  const related = [
    ...(path.at.type === 'continue_statement' ? [{ node: path.at, message: `This \`continue\` skips every update of ${list(names)}` }] : []),
    { node: path.decisions[path.decisions.length - 1], message: `Decided by ${list(names)} alone, so it decides the same way again` },
  ];
  return { loop, fn, kind: 'non-progressing', certain: false, variables: names, updates: [], hasExit: hasExit(loop), stall: { reason, related, pathEnd: path.at } };
}
