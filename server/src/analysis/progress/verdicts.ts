// Verdicts for loops that stall on a path, at an exit, on a read or by doubling from zero: each
// check under progress/ says what it found, and this turns it into a verdict with its words.
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from '../values/evaluator';
import type { PackageContext } from '../values/summaries';
import { funcModel, type FuncModel } from '../funcModel';
import { librarySentinels } from '../values/facts';
import { brief, calleeName, lineOf } from '../syntax';
import type { LoopVerdict, Update } from '../loopVerdict';
import { capital, fitting, FIRST_SENTENCE_MAX, list } from '../words';
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
  // What is 0 is the start, not the factor: `c` can start at 0, and `c <<= 1` keeps it 0.
  const words = { before: `\`${d.target}\` can start at 0`, after: `, and \`${brief(d.update.text, 30)}\` keeps it 0`, subject: d.target };
  const update: Update = { node: d.update, variable: d.target, verdict: 'maybe', cause: d.start, how: `is doubled by \`${brief(d.update.text)}\``, words };
  return { loop, fn, kind: 'zero-step', certain: false, variables: [d.target], updates: [update], hasExit: true, exitNodes: d.exits.map((x) => x.node) };
}

/** A loop whose every exit waits for a value from a read whose error is discarded: at EOF it never comes. */
export function ignoredReadVerdict(loop: Node, fn: Node, cond: Node | null): LoopVerdict | undefined {
  const ls = loopState(loop, funcModel(fn));
  const r = ls && ignoredRead(ls, cond);
  if (!r) return undefined;
  const what = r.targets.map((t) => `\`${t}\``).join(', ');
  const fails = `at the end of the input \`${brief(r.call.text, 40)}\` (line ${lineOf(r.call)}) fails every time`;
  const keeps = `${what} ${r.targets.length > 1 ? 'keep' : 'keeps'} ${r.call.parent?.type === 'expression_statement' || /Read(Full|AtLeast)?$|binary\.Read/.test(calleeName(r.call)) ? 'its last contents' : 'the zero value'}`;
  const exitLines = `(line${r.exits.length > 1 ? 's' : ''} ${[...new Set(r.exits.map(lineOf))].join(', ')})`;
  const reason = `${fails} and its error is discarded, so ${keeps}, and every exit ${exitLines} reads only that`;
  const related = [{ node: r.call, message: 'The error of this read is discarded' }, ...r.exits.map((e) => ({ node: e, message: `Decided by ${what}, which stops changing at the end of the input` }))];
  const short = `\`${brief(r.call.text, 30)}\` fails at end of input and its error is discarded`;
  const stall = { short, detail: `Then ${keeps}, and every exit ${exitLines} reads only that.`, reason, related };
  return { loop, fn, kind: 'non-progressing', certain: false, variables: r.targets, updates: [], hasExit: true, stall };
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
  const ways = `its only way${impossible.length > 1 ? 's' : ''} out, ${impossible.map((x) => `\`${brief(x.guard.text, 50)}\` (line ${lineOf(x.guard)})`).join(', ')}, can never be taken when \`${bound}\` is 0`;
  const reason = `${ways} (${first.boundValue.why}): \`${brief(first.count.text, 30)}\` is never negative (${first.countValue.why})`;
  const related = [
    ...impossible.map((x) => ({ node: x.guard, message: `Never true when \`${brief(x.bound.text, 30)}\` is 0: \`${brief(x.count.text, 30)}\` is never negative` })),
    ...(first.boundValue.at ? [{ node: first.boundValue.at, message: capital(first.boundValue.why) }] : []),
  ];
  // The lines of the ways out are their related locations; the first sentence names the guards when they fit.
  const guardsOnly = `its only way${impossible.length > 1 ? 's' : ''} out, ${impossible.map((x) => `\`${brief(x.guard.text, 40)}\``).join(', ')}, ${impossible.length > 1 ? 'are' : 'is'} never true when \`${bound}\` is 0`;
  const short = fitting(FIRST_SENTENCE_MAX - 'This loop may never end: .'.length, guardsOnly, `its only way${impossible.length > 1 ? 's' : ''} out can never be taken when \`${bound}\` is 0`);
  return { loop, fn, kind: 'non-progressing', certain: false, variables: [bound], updates: [], hasExit: true, stall: { short, reason, related } };
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
  const decision = path.decisions[path.decisions.length - 1];
  // The first sentence names the decision when it fits; the whole path then stays at the decision.
  const short = fitting(FIRST_SENTENCE_MAX - 'This loop may never end: .'.length, `when ${when}, ${cancel ? `its moves of \`${cancel.variable}\` cancel out` : `an iteration changes none of ${list(names)}`}`, `one path through it changes none of ${list(names)}`);
  const related = [
    ...(path.at.type === 'continue_statement' ? [{ node: path.at, message: `This \`continue\` skips every update of ${list(names)}` }] : []),
    { node: decision, message: `Decided by ${list(names)} alone, so it decides the same way again: ${reason}` },
  ];
  const detail = `It ${end}, so the next iteration takes the same path.`;
  return { loop, fn, kind: 'non-progressing', certain: false, variables: names, updates: [], hasExit: hasExit(loop), stall: { short, detail, reason, related, pathEnd: path.at } };
}
