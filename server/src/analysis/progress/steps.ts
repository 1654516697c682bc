// How much one update of a condition variable moves it: `i += s`, `v *= k`, `data = data[n:]`,
// `t = t.Add(d)` — evaluated where it happens, with what makes a zero worth reporting.
import { TreeMemo } from '../treeMemo';
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from '../values/evaluator';
import { loopCondition, mentions } from '../values/terms';
import { baseName, funcModel } from '../funcModel';
import { argumentsOf, brief, calleeName, contains, enclosingFunction, lineOf, listItems, ownDescendants, unparen, walkOwn } from '../syntax';
import { isExactly, mayBe, mayBeZero, worthReporting, type Value } from '../values/domain';
import type { Update, UpdateWords } from '../loopVerdict';

/** How an additive update moves its variable: up, down, or a slice losing its front. */
type Sign = '+' | '-' | '[';

/** A post statement that certainly moves a condition variable (`i, j = i+1, j-1`, `i += 2`). */
export function movesSurely(update: Node, cond: Node): boolean {
  if (update.type === 'inc_statement' || update.type === 'dec_statement') return mentions(cond, update.namedChild(0)?.text ?? '\u0000');
  if (update.type !== 'assignment_statement') return false;
  const op = update.childForFieldName('operator')?.text;
  const lefts = listItems(update.childForFieldName('left'));
  const rights = listItems(update.childForFieldName('right'));
  return lefts.some((l, i) => {
    if (l.type !== 'identifier' || !mentions(cond, l.text)) return false;
    const r = unparen(rights[i] ?? null);
    if (!r) return false;
    const nonZeroLiteral = (n: Node | null) => !!n && n.type === 'int_literal' && Number(n.text.replace(/_/g, '')) !== 0;
    if (op === '+=' || op === '-=') return nonZeroLiteral(r);
    if (op !== '=' || r.type !== 'binary_expression') return false;
    const bop = r.childForFieldName('operator')?.text;
    const a = unparen(r.childForFieldName('left'));
    const b = unparen(r.childForFieldName('right'));
    return (bop === '+' || bop === '-') && a?.text === l.text && nonZeroLiteral(b);
  });
}

/** Classifies one assignment to a condition variable. */
export function classify(l: Node, op: string, rhs: Node | null, stmt: Node, loop: Node, evaluator: () => Evaluator): Update | 'moves' {
  const name = l.text;
  const e = evaluator();
  const additive = (step: Node, sign: Sign): Update | 'moves' => {
    if (unparen(step)?.text === name) return multiplicative(step, false, 2); // `x += x` doubles
    // A step whose variables the loop itself updates (`i, d = i+d, d+1`) does not stay 0.
    const updated = updatedIn(loop);
    // A field of a record the body declares afresh (`o := option{…}; o.length = int(data[1])`) is
    // computed again in every iteration, not carried forward: it is judged by its value.
    const fresh = declaredIn(loop);
    const varying: Node[] = [];
    walkOwn(step, (n) => {
      if (n.type !== 'identifier' || n.text === name || !updated.has(n.text)) return;
      if (fresh.has(n.text) && n.parent?.type === 'selector_expression' && n.parent.childForFieldName('operand')?.id === n.id) return;
      varying.push(n);
    });
    const v = e.valueAt(step, stmt);
    // A possible zero is reported only when input, a caller or a function of this package can supply
    // it; a value that is merely unconstrained here (a field, another package's result) is not evidence.
    const refill = v.at?.type === 'call_expression' ? refilledBuffer(v.at, loop) : undefined;
    if (!isExactly(v, 0) && mayBeZero(v) && !refill && !worthReporting(v)) return 'moves';
    // A counter that only picks elements (`width(r[j])`, j cycling) makes the step periodic: when every
    // element of input data can give 0, the state repeats. Any other moving variable moves the step.
    const periodic = varying.length > 0 && (v.data || v.local) && varying.every((n) => indexOfInvariant(n, updated));
    if (varying.length > 0 && !refill && !periodic) return 'moves';
    if (!mayBeZero(v)) return 'moves';
    // A step recomputed every iteration by a call is reported only when the call sees nothing but the
    // loop's own variables and loop invariants (then a 0 repeats forever) or decodes input data.
    const body = loop.childForFieldName('body');
    if (!isExactly(v, 0) && !v.data && !refill && !periodic && v.at && body && contains(body, v.at) && v.at.type === 'call_expression' && !deterministic(v.at, loop)) return 'moves';
    if (refill) {
      const why = `\`${brief(v.at!.text)}\` is the length of a buffer the loop refills with \`${brief(refill.text)}\` (line ${lineOf(refill)}), which leaves it empty when the input has ended`;
      return moved(step, sign, 'maybe', { ...v, why, data: true });
    }
    // `copy` into a buffer is how buffered loops make progress; the space is the program's invariant.
    if (!isExactly(v, 0) && v.at?.type === 'call_expression' && calleeName(v.at) === 'copy') return 'moves';
    return moved(step, sign, isExactly(v, 0) ? 'zero' : 'maybe', v);
  };
  /** An additive update whose amount is (or can be) 0: `i += s`, `i -= s`, `t = t.Add(d)`, `s = s[n:]`. */
  const moved = (step: Node, sign: Sign, verdict: Update['verdict'], cause: Value): Update => {
    const how = `${sign === '-' ? 'moves back' : sign === '[' ? 'shrinks' : 'advances'} by \`${brief(step.text)}\``;
    return update(verdict, cause, how, { before: `\`${name}\` ${how}, which ${verdict === 'zero' ? 'is always' : 'can be'} 0`, subject: brief(step.text) });
  };
  const update = (verdict: Update['verdict'], cause: Value, how: string, words: UpdateWords): Update =>
    ({ node: stmt, variable: name, verdict, cause, how, words });
  const statement = `\`${brief(stmt.text, 30)}\``;
  const multiplicative = (factor: Node, shift: boolean, knownFactor?: number): Update | 'moves' => {
    const f = knownFactor !== undefined ? exactValue(knownFactor) : e.valueAt(factor, stmt);
    const start = e.valueAtLoopEntry(l, loop);
    const neutral = shift ? 0 : 1;
    const stuckFactor = isExactly(f, neutral) || (!shift && isExactly(f, 0));
    const by = `is ${shift ? 'shifted' : 'multiplied'} by \`${brief(factor.text)}\``;
    // What is 0 here is the start value, not the factor: say so (`v` starts at 0, and `v *= 2` keeps it 0).
    const keeps = `, and ${statement} keeps it 0`;
    if (isExactly(start, 0)) return update('zero', start, by, { before: `\`${name}\` starts at 0`, after: keeps, subject: name });
    const factorWords = (when: string): UpdateWords => ({ before: `${statement} ${when}`, subject: brief(factor.text) });
    if (stuckFactor) {
      return update('zero', f, by, factorWords(isExactly(f, 0) ? `sets \`${name}\` to 0, where it stays` : `leaves \`${name}\` unchanged`));
    }
    // A possibly-zero start counts only for the `for v := start; …; v *= k` shape: normalisation loops
    // over an existing variable (`for x < y { x <<= 1 }`) rely on invariants established elsewhere.
    if (mayBeZero(start) && declaredByClause(loop, name) && worthReporting(start)) return update('maybe', start, by, { before: `\`${name}\` can start at 0`, after: keeps, subject: name });
    if (mayBeZero(start)) return 'moves';
    if ((mayBe(f, neutral) || (!shift && mayBeZero(f))) && worthReporting(f)) {
      const values = [...new Set([...(!shift && mayBeZero(f) ? [0] : []), ...(mayBe(f, neutral) ? [neutral] : [])])].sort().join(' or ');
      return update('maybe', f, by, factorWords(`stops changing \`${name}\` when \`${brief(factor.text)}\` is ${values}`));
    }
    return 'moves';
  };
  if (!rhs) return 'moves';
  const r = unparen(rhs)!;
  switch (op) {
    case '+=': return additive(r, '+');
    case '-=': return additive(r, '-');
    case '*=': return multiplicative(r, false);
    case '<<=': return multiplicative(r, true);
    case '=': break;
    default: return 'moves';
  }
  if (r.type === 'binary_expression') {
    const bop = r.childForFieldName('operator')?.text;
    const left = unparen(r.childForFieldName('left'));
    const right = unparen(r.childForFieldName('right'));
    if (!left || !right) return 'moves';
    if (bop === '+' && left.text === name) return additive(right, '+');
    if (bop === '+' && right.text === name) return additive(left, '+');
    if (bop === '-' && left.text === name) return additive(right, '-');
    if (bop === '*' && left.text === name) return multiplicative(right, false);
    if (bop === '*' && right.text === name) return multiplicative(left, false);
    if (bop === '<<' && left.text === name) return multiplicative(right, true);
    return 'moves';
  }
  if (r.type === 'slice_expression' && unparen(r.childForFieldName('operand'))?.text === name && !r.childForFieldName('end')) {
    const start = r.childForFieldName('start');
    if (!start) return update('zero', { lo: 0, hi: 0, why: `\`${brief(r.text)}\` is the same slice`, at: r }, 'is re-sliced from its start', { before: `${statement} leaves \`${name}\` unchanged` });
    return additive(start, '[');
  }
  if (r.type === 'call_expression') {
    const fn = r.childForFieldName('function');
    if (fn?.type === 'selector_expression' && unparen(fn.childForFieldName('operand'))?.text === name) {
      const method = fn.childForFieldName('field')?.text;
      const args = argumentsOf(r);
      if (method === 'Add' && args.length === 1) return additive(args[0], '+');
      if (method === 'AddDate' && args.length === 3) {
        const results = args.map((a) => additive(a, '+'));
        if (results.some((x) => x === 'moves')) return 'moves';
        const us = results as Update[];
        const zero = us.every((u) => u.verdict === 'zero');
        const how = `advances by \`AddDate(${args.map((a) => brief(a.text, 12)).join(', ')})\``;
        // The cause is the argument that can be 0 (`days`), not a literal 0 beside it.
        const cause = (us.find((u) => u.verdict === 'maybe') ?? us[0]).cause;
        const words = { before: `\`${name}\` ${how}, which ${zero ? 'is always' : 'can be'} 0` };
        return update(zero ? 'zero' : 'maybe', cause, how, words);
      }
    }
  }
  return 'moves';
}

function declaredByClause(loop: Node, name: string): boolean {
  const init = loop.namedChildren.find((c) => c?.type === 'for_clause')?.childForFieldName('initializer');
  return !!init && listItems(init.childForFieldName('left')).some((l) => l.text === name);
}

/** Whether a call in the loop depends only on the loop's condition variables and loop invariants. */
function deterministic(call: Node, loop: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  if (fn.type === 'selector_expression') {
    // A method on a local may have state; a package function (pkg.F, binary.BigEndian.Uint16) has none.
    const root = baseName(fn);
    const m = funcModel(enclosingFunction(loop)!);
    if (!root || m.locals.has(root) || m.params.has(root)) return false;
  } else if (fn.type !== 'identifier') return false;
  const changed = assignedIn(loop);
  const cond = loopCondition(loop);
  let ok = true;
  const args = call.childForFieldName('arguments');
  if (args) walkOwn(args, (n) => {
    if (n.type === 'identifier' && changed.has(n.text) && !(cond && mentions(cond, n.text))) ok = false;
  });
  return ok;
}

const changedCache = new TreeMemo<string, Set<string>>();

/**
 * Base names a loop changes in place (assignments, ++/--, in its post statement and body); with
 * `declarations`, also the names its `:=` declarations and initializer introduce.
 */
function changedIn(loop: Node, declarations: boolean): Set<string> {
  return changedCache.get(loop.tree, `${loop.id}:${declarations}`, () => namesChangedIn(loop, declarations));
}

function namesChangedIn(loop: Node, declarations: boolean): Set<string> {
  const out = new Set<string>();
  const init = loop.namedChildren.find((c) => c?.type === 'for_clause')?.childForFieldName('initializer');
  const types = ['assignment_statement', 'inc_statement', 'dec_statement', ...(declarations ? ['short_var_declaration'] : [])];
  for (const n of ownDescendants(loop, types)) {
    if (!declarations && init && contains(init, n)) continue;
    const targets = n.type === 'inc_statement' || n.type === 'dec_statement' ? [n.namedChild(0)] : listItems(n.childForFieldName('left'));
    for (const t of targets) { const b = baseName(t); if (b) out.add(b); }
  }
  return out;
}

const updatedIn = (loop: Node) => changedIn(loop, false);

/**
 * `len(in.cur)` where the loop refills `in` by a call made for its effect (`in.Rebuffer()`,
 * `in.fill()`): the refill that finds no more input leaves the buffer empty. Returns the refill call.
 */
function refilledBuffer(lenCall: Node, loop: Node): Node | undefined {
  if (calleeName(lenCall) !== 'len') return undefined;
  const arg = unparen(argumentsOf(lenCall)[0] ?? null);
  const b = arg ? baseName(arg) : undefined;
  if (!b || arg!.type !== 'selector_expression') return undefined;
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  return ownDescendants(body, ['call_expression']).find((c) => {
    if (c.parent?.type !== 'expression_statement') return false;
    const fn = c.childForFieldName('function');
    return fn?.type === 'selector_expression' && unparen(fn.childForFieldName('operand'))?.text === b && argumentsOf(c).length === 0;
  });
}

/** Whether an identifier is (part of) the index of an element read from a slice the loop does not change. */
function indexOfInvariant(id: Node, updated: Set<string>): boolean {
  for (let c = id, p = id.parent; p; c = p, p = p.parent) {
    if (p.type === 'index_expression' && p.childForFieldName('index')?.id === c.id) {
      const b = baseName(p.childForFieldName('operand'));
      return !!b && !updated.has(b);
    }
    if (p.type !== 'binary_expression' && p.type !== 'parenthesized_expression') return false;
  }
  return false;
}

const declaredCache = new TreeMemo<number, Set<string>>();

/** Names declared (`:=`, `var`) inside the loop's body (computed once per tree and loop). */
function declaredIn(loop: Node): Set<string> {
  return declaredCache.get(loop.tree, loop.id, () => namesDeclaredIn(loop));
}

function namesDeclaredIn(loop: Node): Set<string> {
  const out = new Set<string>();
  const body = loop.childForFieldName('body');
  if (!body) return out;
  for (const n of ownDescendants(body, ['short_var_declaration', 'var_spec'])) {
    const ids = n.type === 'var_spec' ? n.childrenForFieldName('name') : listItems(n.childForFieldName('left'));
    for (const id of ids) if (id?.type === 'identifier') out.add(id.text);
  }
  return out;
}
const assignedIn = (loop: Node) => changedIn(loop, true);

function exactValue(n: number): Value {
  return { lo: n, hi: n, why: `${n}` };
}

