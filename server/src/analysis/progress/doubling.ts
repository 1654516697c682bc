// "Doubling from nothing": `for { x *= 2; if x >= size { break } }` (or `x <<= 1`, `x += x`,
// `b = append(b, b...)`) where x can start at 0 — a parameter, or a field some function sets from
// an unchecked parameter. 0 doubled stays 0, and every exit waits for x to grow.
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from '../values/evaluator';
import type { PackageContext } from '../values/summaries';
import { argumentsOf, calleeName, listItems, ownDescendants, unparen, escapeRegExp } from '../syntax';
import { fromInputOrCaller, mayBeZero, type Value } from '../values/domain';
import { isErrorCheck, type Exit } from './exitGuards';
import type { LoopState } from './loopState';

export interface Doubling {
  update: Node;
  target: string;
  start: Value;
  exits: Exit[];
}

/** The doubling update whose start can be 0 and for whose growth every normal exit waits, if any. */
export function doublingFromNothing(ls: LoopState, exits: Exit[], e: Evaluator, pkg: PackageContext): Doubling | undefined {
  const normal = exits.filter((x) => !x.guards.some(isErrorCheck) && x.node.type !== 'call_expression');
  if (normal.length === 0) return undefined;
  const assigns = ownDescendants(ls.body, ['assignment_statement', 'inc_statement', 'dec_statement']);
  for (const a of assigns) {
    const target = doubled(a);
    if (!target) continue;
    const t = target.text;
    // Any other write to it could give it a start of its own.
    if (assigns.some((b) => b.id !== a.id && writes(b, t))) continue;
    const lenOf = new RegExp(`len\\(\\s*${escapeRegExp(t)}\\s*\\)`);
    const mentions = (g: Node) => g.text.includes(t) || lenOf.test(g.text);
    if (!normal.every((x) => x.guards.length > 0 && mentions(x.guards[0]))) continue;
    const start = startValue(target, ls.loop, e, pkg);
    if (!start) continue;
    return { update: a, target: t, start, exits: normal };
  }
  return undefined;
}

/** The target of `x *= 2`, `x <<= 1`, `x = x * 2`, `x += x`, `b = append(b, b...)`. */
function doubled(a: Node): Node | undefined {
  if (a.type !== 'assignment_statement') return undefined;
  const lefts = listItems(a.childForFieldName('left'));
  const rights = listItems(a.childForFieldName('right'));
  if (lefts.length !== 1 || rights.length !== 1) return undefined;
  const l = lefts[0];
  const r = unparen(rights[0]);
  const op = a.childForFieldName('operator')?.text;
  const literalAtLeast = (n: Node | null, min: number) => !!n && n.type === 'int_literal' && Number(n.text) >= min;
  if (op === '*=' && literalAtLeast(r, 2)) return l;
  if (op === '<<=' && literalAtLeast(r, 1)) return l;
  if (op === '+=' && r?.text === l.text) return l;
  if (op !== '=' || !r) return undefined;
  if (r.type === 'binary_expression') {
    const bop = r.childForFieldName('operator')?.text;
    const x = unparen(r.childForFieldName('left'));
    const y = unparen(r.childForFieldName('right'));
    if (bop === '*' && ((x?.text === l.text && literalAtLeast(y, 2)) || (y?.text === l.text && literalAtLeast(x, 2)))) return l;
    if (bop === '<<' && x?.text === l.text && literalAtLeast(y, 1)) return l;
    if (bop === '+' && x?.text === l.text && y?.text === l.text) return l;
  }
  if (r.type === 'call_expression' && calleeName(r) === 'append') {
    const args = argumentsOf(r);
    if (args.length === 2 && args[0].text === l.text && args[1].text === l.text && r.text.trimEnd().endsWith('...)')) return l;
  }
  return undefined;
}

function writes(n: Node, t: string): boolean {
  if (n.type === 'inc_statement' || n.type === 'dec_statement') return n.namedChild(0)?.text === t;
  return listItems(n.childForFieldName('left')).some((l) => l.text === t);
}

/** Where the doubled value can start at 0: a parameter (or local from one), or a field set from an unchecked parameter. */
function startValue(target: Node, loop: Node, e: Evaluator, pkg: PackageContext): Value | undefined {
  if (target.type === 'selector_expression') {
    const field = target.childForFieldName('field')?.text;
    if (!field || !pkg.fieldSetFromParameter?.(field)) return undefined;
    return { lo: 0, hi: Infinity, why: `\`${target.text}\` can be 0: a function of this package sets \`${field}\` from a parameter it never checks`, at: target };
  }
  const v = e.valueAt(target, loop);
  return mayBeZero(v) && fromInputOrCaller(v) ? v : undefined;
}

