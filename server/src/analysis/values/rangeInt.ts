// Range over an integer (Go 1.22): `for i := range n` runs its body with i = 0, 1, …, n−1, and not
// at all when n ≤ 0. What the evaluator learns from such a loop: the bounds of `i`, that `n` is at
// least 1 inside the body, and that `n - i` is at least 1 there.
import type { Node } from 'web-tree-sitter';
import type { FuncModel } from '../funcModel';
import { brief, contains, lineOf, listItems, unparen } from '../syntax';
import { exact, refine, type Value } from './domain';
import { collectBases } from './terms';

const INTEGER_TYPES = /^(u?int(8|16|32|64)?|uintptr|byte|rune|time\.Duration)$/;

/** The count `n` of a range loop whose count is an integer (by its literal, its declared type, or a value with bounds). */
export function rangeCount(loop: Node, fn: FuncModel, value: (e: Node) => Value): { count: Node; value: Value } | undefined {
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const count = unparen(rc?.childForFieldName('right') ?? null);
  if (!count) return undefined;
  const declared = count.type === 'identifier' ? fn.localTypes.get(count.text) ?? fn.params.get(count.text)?.type : undefined;
  const literal = count.type === 'int_literal' || count.type === 'rune_literal';
  // The evaluator bounds only integers and (by their length, which bounds the index the same way) strings.
  const v = value(count);
  const bounded = v.lo > -Infinity || v.hi < Infinity;
  if (!literal && !(declared && INTEGER_TYPES.test(declared)) && !bounded) return undefined;
  return { count, value: v };
}

/** The value of a range-over-int loop's variable `name`: 0 … n−1 (harmless when the body is never entered). */
export function rangeIndexValue(loop: Node, name: string, fn: FuncModel, value: (e: Node) => Value): Value | undefined {
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const lefts = listItems(rc?.childForFieldName('left') ?? null);
  if (lefts[0]?.text !== name) return undefined;
  const counted = rangeCount(loop, fn, value);
  if (!counted) return undefined;
  const n = counted.value;
  const shown = brief(counted.count.text);
  // Like a contradicted guard: a body that is never entered gets a value that can report nothing.
  if (n.hi < 1) return { lo: 1, hi: 1, nonZero: true, why: `\`${name}\` counts up to \`${shown}\`, which is never positive, so the body never runs`, at: counted.count };
  const hi = n.hi === Infinity ? Infinity : n.hi - 1;
  const why = hi === Infinity ? `\`${name}\` counts from 0 up to \`${shown}\` − 1` : `\`${name}\` counts from 0 to ${hi} (\`range ${shown}\`)`;
  return { lo: 0, hi, why, at: counted.count };
}

/** Inside the body of `for … range n` (n an integer that nothing changes): `n` is at least 1. */
export function enteredCount(loop: Node, term: string, state: Value | null | undefined, fn: FuncModel, value: (e: Node) => Value): Value | null | undefined {
  const rc = state ? loop.namedChildren.find((c) => c?.type === 'range_clause') : undefined;
  const right = unparen(rc?.childForFieldName('right') ?? null);
  if (!state || right?.text !== term || !unchanged(right, fn) || !rangeCount(loop, fn, value)) return state;
  return { ...refine(state, '>=', exact(1, '')), why: state.why, at: state.at };
}

/** `n - i` inside `for i := range n` (neither changed anywhere): at least 1, at most n. */
export function remainingCount(e: Node, point: Node, fn: FuncModel, value: (e: Node) => Value): Value | undefined {
  if (e.childForFieldName('operator')?.text !== '-') return undefined;
  const n = unparen(e.childForFieldName('left'));
  const i = unparen(e.childForFieldName('right'));
  if (!n || i?.type !== 'identifier' || (fn.locals.get(i.text)?.length ?? 0) !== 1 || !unchanged(i, fn)) return undefined;
  const rc = fn.locals.get(i.text)![0].parent?.parent;
  const loop = rc?.type === 'range_clause' ? rc.parent : null;
  const body = loop?.childForFieldName('body');
  if (!loop || !body || !contains(body, point) || listItems(rc!.childForFieldName('left'))[0]?.text !== i.text) return undefined;
  const counted = rangeCount(loop, fn, value);
  if (!counted || counted.count.text !== n.text || !unchanged(counted.count, fn)) return undefined;
  return { lo: 1, hi: counted.value.hi, why: `\`${brief(e.text)}\` is at least 1: \`${i.text}\` counts below \`${brief(n.text)}\` (line ${lineOf(loop)})`, at: e };
}

/** Nothing in the function assigns, addresses or changes from a closure any name `e` reads. */
function unchanged(e: Node, fn: FuncModel): boolean {
  const bases = e.type === 'identifier' ? [e.text] : collectBases(e);
  return bases.every((b) => !fn.assigned.has(b) && !fn.addressTaken.has(b) && !fn.closureAssigned.has(b) && (fn.locals.get(b)?.length ?? 0) <= 1);
}
