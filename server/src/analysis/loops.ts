// Judges every loop of a file by its progress: does each iteration move the condition's
// variables towards the exit, and can the loop leave in another way? Shared by all loop rules.
// The parts: conditionState (what the condition reads, what changes it), steps (how much one update
// moves), and the path and exit checks under progress/.
import type { Node } from 'web-tree-sitter';
import { spanOf, type Pass } from './analyzer';
import type { PackageContext } from './values/summaries';
import { EvaluationBudgetExceeded, Evaluator } from './values/evaluator';
import { loopCondition, mentions } from './values/terms';
import { funcModel } from './funcModel';
import { brief, enclosingFunction, lineOf } from './syntax';
import { fromInputOrCaller } from './values/domain';
import { loopState } from './progress/loopState';
import { exitsRepeat, hasExit, loopExits } from './progress/exitGuards';
import { conditionVariables, mutableContainer, scanUpdates } from './progress/conditionState';
import { movesSurely } from './progress/steps';
import { alwaysHolds } from './progress/typeBounds';
import { doublingVerdict, ignoredReadVerdict, impossibleExitVerdict, stallVerdict } from './progress/verdicts';
import { rangeLoopVerdict } from './progress/rangeLoops';
import type { LoopVerdict, Update } from './loopVerdict';
import { fitting, FIRST_SENTENCE_MAX, list } from './words';

export type { LoopKind, LoopVerdict, Update } from './loopVerdict';
export { hasExit } from './progress/exitGuards';

/** The verdicts for every loop in the file that may never end (memoised per pass). */
export function loopVerdicts(pass: Pass): LoopVerdict[] {
  return pass.memo('loops', () => {
    const out: LoopVerdict[] = [];
    const evaluators = new Map<number, Evaluator>();
    const overBudget = new Set<number>();
    for (const loop of pass.file.tree.rootNode.descendantsOfType('for_statement')) {
      if (!loop) continue;
      const fn = enclosingFunction(loop);
      if (!fn || overBudget.has(fn.id)) continue;
      let v: LoopVerdict | undefined;
      try {
        v = judge(loop, fn, pass.pkg, () => {
          let e = evaluators.get(fn.id);
          if (!e) evaluators.set(fn.id, (e = new Evaluator(funcModel(fn), pass.pkg)));
          return e;
        });
      } catch (e) {
        if (!(e instanceof EvaluationBudgetExceeded)) throw e;
        // The loops judged so far keep their verdicts; this one and the rest of the function are skipped.
        overBudget.add(fn.id);
        const name = fn.childForFieldName('name')?.text;
        pass.skipped(spanOf(fn), `the loops of ${name ? `\`${brief(name)}\`` : 'this function literal'} from line ${lineOf(loop)} on are not analysed: ${e.message}`);
        continue;
      }
      if (v) out.push(v);
    }
    return out;
  });
}

function judge(loop: Node, fn: Node, pkg: PackageContext, evaluator: () => Evaluator): LoopVerdict | undefined {
  const first = loop.namedChild(0);
  if (!first) return undefined;
  if (first.type === 'range_clause') return rangeLoopVerdict(loop, fn, pkg);
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  const cond = loopCondition(loop);
  if (!cond) {
    if (first.type === 'for_clause' && (first.childForFieldName('initializer') || first.childForFieldName('update'))) return undefined;
    if (hasExit(loop)) return impossibleExitVerdict(loop, fn, evaluator) ?? ignoredReadVerdict(loop, fn, null) ?? doublingVerdict(loop, fn, pkg, evaluator);
    // Certain: nothing can end it. (It may still wait between iterations; the growth never stops.)
    return { loop, fn, kind: 'endless', certain: true, variables: [], updates: [], hasExit: false };
  }
  // `for i := uint(n) - 1; i >= 0; i--`: no value of the type fails the condition.
  const bound = alwaysHolds(cond, loop, funcModel(fn));
  if (bound && !hasExit(loop)) {
    const reason = `its condition \`${brief(cond.text, 50)}\` holds for every value of \`${bound.type}\`, the type of \`${bound.variable}\`, so no update can make it false`;
    const holds = `\`${brief(cond.text, 40)}\` holds for every \`${bound.type}\``;
    const short = fitting(FIRST_SENTENCE_MAX - 'This loop never ends: , and nothing leaves it.'.length, `${holds}, the type of \`${bound.variable}\``, holds);
    return { loop, fn, kind: 'non-progressing', certain: true, variables: [bound.variable], updates: [], hasExit: false, stall: { short, reason, related: [{ node: cond, message: `True for every \`${bound.type}\`, so no update can make it false` }] } };
  }
  const clause = first.type === 'for_clause' ? first : null;
  const update = clause?.childForFieldName('update') ?? null;
  // Fast path: `for …; i < n; i++` progresses.
  if (update && (update.type === 'inc_statement' || update.type === 'dec_statement') && mentions(cond, update.namedChild(0)?.text ?? '\u0000')) {
    return undefined;
  }
  if (update && movesSurely(update, cond)) return undefined;
  const m = funcModel(fn);
  const vars = conditionVariables(cond, m, pkg);
  if (!vars || vars.size === 0) return undefined;
  const bases = new Set([...vars.values()].map((v) => v.base));
  for (const b of bases) {
    if (m.captured.has(b) || m.addressTaken.has(b)) return undefined;
  }
  const globals = [...bases].some((b) => !m.locals.has(b) && !m.params.has(b));
  const scan = scanUpdates(loop, update, vars, bases, globals, evaluator);
  if (!scan) return ignoredReadVerdict(loop, fn, cond);
  if (scan.length === 0) {
    if (globals || hasExit(loop)) return undefined;
    if ([...vars.values()].some((v) => !v.simple)) return undefined;
    // Another goroutine can drain or fill a channel (or change what a pointer points at).
    if ([...vars.values()].some((v) => v.indirect && mutableContainer(v.base, m))) return undefined;
    return { loop, fn, kind: 'non-progressing', certain: true, variables: [...vars.keys()], updates: [], hasExit: false };
  }
  if (scan.some((u) => u === 'moves')) return stallVerdict(loop, fn, m, bases, update, vars, pkg);
  const updates = scan as Update[];
  const certain = updates.every((u) => u.verdict === 'zero');
  const exit = hasExit(loop);
  if (exit && !certain) {
    const stall = stallVerdict(loop, fn, m, bases, update, vars, pkg);
    if (stall) return stall;
    // Another way out saves the loop only if it reads something a zero step does not leave as it was,
    // and only a zero that input or a caller can supply is worth a warning.
    if (!updates.some((u) => fromInputOrCaller(u.cause))) return undefined;
    const ls = loopState(loop, m);
    const exits = ls && loopExits(ls);
    if (!ls || !exits || !exitsRepeat(exits, ls, bases)) return undefined;
    const lines = [...new Set(exits.map((e) => lineOf(e.node)))].slice(0, 4);
    const exitNote = `Its ${exits.length > 1 ? 'exits' : 'exit'} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}) read${exits.length > 1 ? '' : 's'} only ${list([...bases])} and values computed from ${bases.size > 1 ? 'them' : 'it'}, which then stop changing.`;
    return { loop, fn, kind: 'zero-step', certain, variables: [...vars.keys()], updates, hasExit: exit, exitNote, exitNodes: exits.map((e) => e.node) };
  }
  return { loop, fn, kind: 'zero-step', certain, variables: [...vars.keys()], updates, hasExit: exit };
}
