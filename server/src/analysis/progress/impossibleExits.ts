// "An exit that can never fire": `for { …; if n < size { break } }` where `n` is a count (never
// negative) and `size` is a caller's value that can be 0. With size 0 the loop's only way out is
// closed for good. Failure exits (`if err != nil { return err }`) are not the loop's way of finishing.
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from '../values/evaluator';
import { contains, unparen, walkOwn } from '../syntax';
import { fromInputOrCaller, mayBeZero, type Value } from '../values/domain';
import { isErrorCheck, type Exit } from './exitGuards';
import type { LoopState } from './loopState';

export interface ImpossibleExit {
  exit: Exit;
  guard: Node;
  count: Node;
  countValue: Value;
  bound: Node;
  boundValue: Value;
}

/** The loop's normal exits, when there is at least one and none of them can fire once some caller's value is 0. */
export function exitsImpossibleAtZero(exits: Exit[], e: Evaluator, ls: LoopState): ImpossibleExit[] | undefined {
  // Failure exits (an error check, a panic or log.Fatal) are not how the loop means to finish.
  const normal = exits.filter((x) => !x.guards.some(isErrorCheck) && x.node.type !== 'call_expression');
  if (normal.length === 0) return undefined;
  const out: ImpossibleExit[] = [];
  for (const x of normal) {
    const guard = x.guards[0];
    const ifs = guard?.parent;
    if (!guard || ifs?.type !== 'if_statement' || ifs.childForFieldName('condition')?.id !== guard.id) return undefined;
    const cons = ifs.childForFieldName('consequence');
    if (!cons || !contains(cons, x.node)) return undefined;
    const c = unparen(guard);
    if (c?.type !== 'binary_expression') return undefined;
    const op = c.childForFieldName('operator')?.text;
    const l = c.childForFieldName('left');
    const r = c.childForFieldName('right');
    if (!l || !r || (op !== '<' && op !== '>')) return undefined;
    const [count, bound] = op === '<' ? [l, r] : [r, l];
    // The bound must stay what it was: a value read anew in every iteration can change.
    if (/\w/.test(bound.text) && mentionsAssigned(bound, ls)) return undefined;
    const cv = e.valueAt(count, guard);
    const bv = e.valueAt(bound, guard);
    if (cv.lo < 0 || !mayBeZero(bv) || !fromInputOrCaller(bv)) return undefined;
    out.push({ exit: x, guard, count, countValue: cv, bound, boundValue: bv });
  }
  return out;
}

function mentionsAssigned(n: Node, ls: LoopState): boolean {
  let hit = false;
  walkOwn(n, (x) => { if (!hit && x.type === 'identifier' && ls.assigned.has(x.text)) hit = true; });
  return hit;
}
