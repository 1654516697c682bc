// Judges every loop of a file by its progress: does each iteration move the condition's
// variables towards the exit, and can the loop leave in another way? Shared by all loop rules.
import type { Node } from 'web-tree-sitter';
import { spanOf, type Pass } from './analyzer';
import type { PackageContext } from './packageContext';
import { EvaluationBudgetExceeded, Evaluator, loopCondition, mentions } from './evaluate';
import { baseName, funcModel, type FuncModel } from './funcModel';
import { isNoReturnCall, librarySentinels } from './facts';
import {
  argumentsOf, brief, calleeName, enclosingFunction, hasBreakFor, labelOf, lineOf, listItems, ownDescendants, statementsOf, unparen, walkOwn,
} from './syntax';
import { fromInputOrCaller, isExactly, mayBe, mayBeZero, worthReporting, type Value } from './values';
import { loopState } from './progress/loopState';
import { findStallPath } from './progress/stallPaths';
import { exitsRepeat, loopExits } from './progress/exitGuards';
import { exitsImpossibleAtZero } from './progress/impossibleExits';
import { ignoredRead } from './progress/ignoredReads';
import { doublingFromNothing } from './progress/doubling';
import { capital, list } from './loopText';

export type LoopKind = 'zero-step' | 'non-progressing' | 'endless';

/** How one update of a condition variable moves it. */
export interface Update {
  node: Node;
  variable: string;
  /** `zero`: certainly leaves it unchanged; `maybe`: can leave it unchanged. */
  verdict: 'zero' | 'maybe';
  /** The amount (or factor, or start value) that can be zero, with its provenance. */
  cause: Value;
  /** How it is described: "advances by `interval`". */
  how: string;
  /** The whole reason, as a clause: "`i` advances by `interval`, which can be 0: …". */
  reason: string;
}

export interface LoopVerdict {
  loop: Node;
  fn: Node;
  kind: LoopKind;
  certain: boolean;
  /** The condition's variables. */
  variables: string[];
  updates: Update[];
  /** Whether a break, return, goto or panic can leave the loop. */
  hasExit: boolean;
  /** Why the loop's other exits do not save it (they read only what a zero step leaves unchanged). */
  exitNote?: string;
  exitNodes?: Node[];
  /** For stalls found by following paths and exits: the sentence that says why, and where to look. */
  stall?: {
    reason: string;
    related: Array<{ node: Node; message: string }>;
    /** For a stall on one path: where the path ends (its `continue`, or the body for its end); growth counts only on it. */
    pathEnd?: Node;
  };
}

const BUILTINS = new Set(['len', 'cap', 'min', 'max', 'append', 'make', 'new', 'copy', 'delete', 'string', 'int', 'uint', 'byte', 'rune', 'float64', 'int64', 'uint64', 'int32', 'uint32', 'uint8', 'int8', 'uint16', 'int16']);
const TIME_PREDICATES = new Set(['Before', 'After', 'Equal', 'IsZero', 'Compare']);
/** Value methods (time.Time, time.Duration) that cannot change their receiver. */
const VALUE_METHODS = new Set([...TIME_PREDICATES, 'Add', 'AddDate', 'Sub', 'Truncate', 'Round', 'UTC', 'Local', 'In', 'Unix', 'UnixNano', 'UnixMilli', 'Seconds', 'Milliseconds', 'Nanoseconds', 'Minutes', 'Hours', 'String', 'Format', 'Second', 'Minute', 'Hour', 'Day', 'Month', 'Year', 'Weekday', 'YearDay', 'Nanosecond', 'Date', 'Clock', 'Zone', 'Location', 'ISOWeek']);

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
  if (!first || first.type === 'range_clause') return undefined;
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  const cond = loopCondition(loop);
  if (!cond) {
    if (first.type === 'for_clause' && (first.childForFieldName('initializer') || first.childForFieldName('update'))) return undefined;
    if (hasExit(loop)) return impossibleExitVerdict(loop, fn, evaluator) ?? ignoredReadVerdict(loop, fn, null) ?? doublingVerdict(loop, fn, pkg, evaluator);
    // Certain: nothing can end it. (It may still wait between iterations; the growth never stops.)
    return { loop, fn, kind: 'endless', certain: true, variables: [], updates: [], hasExit: false };
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
    const exitNote = `its ${exits.length > 1 ? 'exits' : 'exit'} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}) read${exits.length > 1 ? '' : 's'} only ${list([...bases])} and values computed from ${bases.size > 1 ? 'them' : 'it'}, which a step of 0 leaves as they were, so an exit not taken once is never taken`;
    return { loop, fn, kind: 'zero-step', certain, variables: [...vars.keys()], updates, hasExit: exit, exitNote, exitNodes: exits.map((e) => e.node) };
  }
  return { loop, fn, kind: 'zero-step', certain, variables: [...vars.keys()], updates, hasExit: exit };
}

/** A `for {}` that doubles a value until it is big enough, from a start that can be 0. */
function doublingVerdict(loop: Node, fn: Node, pkg: PackageContext, evaluator: () => Evaluator): LoopVerdict | undefined {
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
function ignoredReadVerdict(loop: Node, fn: Node, cond: Node | null): LoopVerdict | undefined {
  const ls = loopState(loop, funcModel(fn));
  const r = ls && ignoredRead(ls, cond);
  if (!r) return undefined;
  const what = r.targets.map((t) => `\`${t}\``).join(', ');
  const reason = `at the end of the input \`${brief(r.call.text, 40)}\` (line ${lineOf(r.call)}) fails every time and its error is discarded, so ${what} ${r.targets.length > 1 ? 'keep' : 'keeps'} ${r.call.parent?.type === 'expression_statement' || /Read(Full|AtLeast)?$|binary\.Read/.test(calleeName(r.call)) ? 'its last contents' : 'the zero value'}, and every exit (line${r.exits.length > 1 ? 's' : ''} ${[...new Set(r.exits.map(lineOf))].join(', ')}) reads only that`;
  const related = [{ node: r.call, message: 'The error of this read is discarded' }, ...r.exits.map((e) => ({ node: e, message: `Decided by ${what}, which stops changing at the end of the input` }))];
  return { loop, fn, kind: 'non-progressing', certain: false, variables: r.targets, updates: [], hasExit: true, stall: { reason, related } };
}

/** A `for {}` whose every normal exit (`if n < size { break }`) cannot fire when a caller's value is 0. */
function impossibleExitVerdict(loop: Node, fn: Node, evaluator: () => Evaluator): LoopVerdict | undefined {
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
function stallVerdict(loop: Node, fn: Node, m: FuncModel, bases: Set<string>, post: Node | null, vars: Map<string, CondVar>, pkg: PackageContext): LoopVerdict | undefined {
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

/** A post statement that certainly moves a condition variable (`i, j = i+1, j-1`, `i += 2`). */
function movesSurely(update: Node, cond: Node): boolean {
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

/**
 * `simple`: a plain local or `len` of one (eligible for non-progressing-loop); `indirect`: read through len, an index, a field;
 * `elements`: the condition reads its elements (`buf[i]`), so an element write can change what it sees.
 */
interface CondVar { base: string; simple: boolean; indirect: boolean; elements?: boolean }

/**
 * The variables a condition reads, keyed by their text (`i`, `data`, `d.off`);
 * undefined when the condition calls something or receives from a channel.
 */
function conditionVariables(cond: Node, m: FuncModel, pkg: PackageContext): Map<string, CondVar> | undefined {
  const vars = new Map<string, CondVar>();
  let pure = true;
  const isLocal = (n: string) => m.locals.has(n) || m.params.has(n);
  let depth = 0;
  let indirect = false;
  const through = (n: Node | null, simple: boolean) => {
    const saved = indirect;
    indirect = true;
    visit(n, simple);
    indirect = saved;
  };
  const visit = (n: Node | null, simple: boolean): void => {
    if (!n || !pure) return;
    if (++depth > 200) { pure = false; return; }
    switch (n.type) {
      case 'identifier':
        if (n.text === 'nil' || n.text === 'true' || n.text === 'false' || n.text === '_') return;
        if (!isLocal(n.text) && (m.localConsts.has(n.text) || pkg.constants.has(n.text))) return;
        vars.set(n.text, { base: n.text, simple: simple && vars.get(n.text)?.simple !== false, indirect: indirect || !!vars.get(n.text)?.indirect });
        return;
      case 'int_literal': case 'float_literal': case 'rune_literal': case 'interpreted_string_literal': case 'raw_string_literal': case 'nil': case 'true': case 'false': case 'iota':
        return;
      case 'selector_expression': {
        const operand = unparen(n.childForFieldName('operand'));
        if (operand?.type === 'identifier' && !isLocal(operand.text)) return; // pkg.Const or a package variable's field
        const b = baseName(n);
        if (!b) { pure = false; return; }
        vars.set(n.text, { base: b, simple: false, indirect: true });
        return;
      }
      case 'index_expression': {
        const operand = n.childForFieldName('operand');
        through(operand, false);
        const b = baseName(operand);
        const cv = b ? vars.get(b) : undefined;
        if (cv) cv.elements = true;
        visit(n.childForFieldName('index'), false);
        return;
      }
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.text;
        if (op === '<-' || op === '*' || op === '&') { pure = false; return; }
        visit(n.childForFieldName('operand'), simple);
        return;
      }
      case 'binary_expression':
        visit(n.childForFieldName('left'), simple);
        visit(n.childForFieldName('right'), simple);
        return;
      case 'parenthesized_expression':
        visit(n.namedChild(0), simple);
        return;
      case 'call_expression': {
        const name = calleeName(n);
        const args = argumentsOf(n);
        if (name === 'len' || name === 'cap') { for (const a of args) through(a, unparen(a)?.type === 'identifier'); return; }
        if (name === 'min' || name === 'max' || /^(u?int(8|16|32|64)?|float64|uintptr|byte|rune)$/.test(name)) { for (const a of args) visit(a, simple); return; }
        const fn = n.childForFieldName('function');
        if (fn?.type === 'selector_expression' && TIME_PREDICATES.has(fn.childForFieldName('field')?.text ?? '')) {
          through(fn.childForFieldName('operand'), false);
          for (const a of args) through(a, false);
          return;
        }
        pure = false;
        return;
      }
      default:
        pure = false;
    }
  };
  visit(cond, true);
  if (!pure) return undefined;
  return vars;
}

/**
 * Classifies every update of the condition's variables in the loop's post statement and body.
 * Returns undefined when something else may change them (a method call, a pointer, a closure).
 */
function scanUpdates(
  loop: Node, post: Node | null, vars: Map<string, CondVar>, bases: Set<string>, globals: boolean, evaluator: () => Evaluator,
): Array<Update | 'moves'> | undefined {
  const out: Array<Update | 'moves'> = [];
  let unknownChange = false;
  const usesIndirectly = (base: string) => [...vars.values()].some((v) => v.base === base && v.indirect);
  // An element write leaves a slice's length alone, unless the condition reads elements or fields of it;
  // on a map it adds a key, so only a base known to be a slice or array qualifies.
  const readsElements = (base: string) => !isSliceOrArray(base, m)
    || [...vars.values()].some((v) => v.base === base && v.elements)
    || [...vars.keys()].some((k) => k !== base && (k.startsWith(`${base}.`) || k.startsWith(`${base}[`)));
  const fieldPathOf = (base: string) => [...vars.keys()].some((k) => k.startsWith(`${base}.`));
  const m = funcModel(enclosingFunction(loop)!);
  const visit = (n: Node) => {
    if (unknownChange) return;
    switch (n.type) {
      case 'assignment_statement': {
        const lefts = listItems(n.childForFieldName('left'));
        const rights = listItems(n.childForFieldName('right'));
        const op = n.childForFieldName('operator')?.text ?? '=';
        lefts.forEach((l, i) => {
          const b = baseName(l);
          if (!b || !bases.has(b)) return;
          if (vars.has(l.text)) out.push(classify(l, op, rights.length === lefts.length ? rights[i] : null, n, loop, evaluator));
          else if (vars.has(b) && l.type === 'index_expression' && (!usesIndirectly(b) || !readsElements(b))) { /* element write: the variable and its length are unchanged */ }
          else out.push('moves');
        });
        break;
      }
      case 'inc_statement':
      case 'dec_statement': {
        const b = baseName(n.namedChild(0));
        if (b && bases.has(b)) out.push('moves');
        break;
      }
      case 'receive_statement':
      case 'range_clause':
        for (const l of listItems(n.childForFieldName('left'))) {
          const b = baseName(l);
          if (b && bases.has(b)) out.push('moves');
        }
        break;
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        const name = calleeName(n);
        if (globals && !BUILTINS.has(name)) { unknownChange = true; return; }
        if (fn?.type === 'selector_expression') {
          const recv = baseName(fn.childForFieldName('operand'));
          if (recv && bases.has(recv) && !VALUE_METHODS.has(fn.childForFieldName('field')?.text ?? '')) { unknownChange = true; return; }
        }
        // Passing the variable itself (not an element) lets the callee change what the condition reads.
        for (const a of argumentsOf(n)) {
          const arg = unparen(a);
          const whole = arg?.type === 'unary_expression' ? unparen(arg.childForFieldName('operand')) : arg;
          const b = whole ? baseName(whole) : undefined;
          if (!b || !bases.has(b) || name === 'len' || name === 'cap') continue;
          // A callee can write the elements of a slice it is given (`io.ReadFull(r, buf)`).
          if ([...vars.values()].some((v) => v.base === b && v.elements)) { unknownChange = true; return; }
          if (arg?.type === 'unary_expression' || (whole!.type === 'identifier' ? usesIndirectly(b) && (mutableContainer(b, m) || fieldPathOf(b)) : vars.has(whole!.text))) { unknownChange = true; return; }
        }
        break;
      }
      case 'unary_expression':
        if (n.childForFieldName('operator')?.text === '<-') {
          const b = baseName(n.childForFieldName('operand'));
          if (b && bases.has(b)) out.push('moves');
        }
        break;
    }
  };
  const types = ['assignment_statement', 'inc_statement', 'dec_statement', 'receive_statement', 'range_clause', 'call_expression', 'unary_expression'];
  if (post) { visit(post); for (const n of ownDescendants(post, types)) visit(n); }
  const body = loop.childForFieldName('body');
  if (body) for (const n of ownDescendants(body, types)) visit(n);
  // A closure in the loop that mentions a condition variable may change it.
  if (body && !unknownChange) {
    for (const lit of body.descendantsOfType('func_literal')) {
      if (lit && [...bases].some((b) => mentions(lit, b))) { unknownChange = true; break; }
    }
  }
  return unknownChange ? undefined : out;
}

/** Classifies one assignment to a condition variable. */
function classify(l: Node, op: string, rhs: Node | null, stmt: Node, loop: Node, evaluator: () => Evaluator): Update | 'moves' {
  const name = l.text;
  const e = evaluator();
  const additive = (step: Node, sign: string): Update | 'moves' => {
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
    if (!isExactly(v, 0) && !v.data && !refill && !periodic && v.at && body && within(body, v.at) && v.at.type === 'call_expression' && !deterministic(v.at, loop)) return 'moves';
    if (refill) {
      const how = `${sign === '-' ? 'moves back' : 'advances'} by \`${brief(step.text)}\``;
      const why = `\`${brief(v.at!.text)}\` is the length of a buffer the loop refills with \`${brief(refill.text)}\` (line ${lineOf(refill)}), which leaves it empty when the input has ended`;
      return { node: stmt, variable: name, verdict: 'maybe', cause: { ...v, why, data: true }, how, reason: `\`${name}\` ${how}, which can be 0: ${why}` };
    }
    // `copy` into a buffer is how buffered loops make progress; the space is the program's invariant.
    if (!isExactly(v, 0) && v.at?.type === 'call_expression' && calleeName(v.at) === 'copy') return 'moves';
    const how = `${sign === '-' ? 'moves back' : 'advances'} by \`${brief(step.text)}\``;
    const zero = isExactly(v, 0);
    return { node: stmt, variable: name, verdict: zero ? 'zero' : 'maybe', cause: v, how, reason: `\`${name}\` ${how}, which ${zero ? 'is always' : 'can be'} 0: ${v.why}` };
  };
  const multiplicative = (factor: Node, shift: boolean, knownFactor?: number): Update | 'moves' => {
    const f = knownFactor !== undefined ? exactValue(knownFactor) : e.valueAt(factor, stmt);
    const start = e.valueAtLoopEntry(l, loop);
    const neutral = shift ? 0 : 1;
    const stuckFactor = isExactly(f, neutral) || (!shift && isExactly(f, 0));
    const verb = shift ? 'shifted' : 'multiplied';
    const by = `is ${verb} by \`${brief(factor.text)}\``;
    if (isExactly(start, 0)) {
      return { node: stmt, variable: name, verdict: 'zero', cause: start, how: by, reason: `\`${name}\` starts at 0 (${start.why}) and is only ever ${verb}, so it stays 0` };
    }
    if (stuckFactor) {
      return { node: stmt, variable: name, verdict: 'zero', cause: f, how: by, reason: `\`${name}\` ${by}, which is always ${f.lo}, so it never changes: ${f.why}` };
    }
    // A possibly-zero start counts only for the `for v := start; …; v *= k` shape: normalisation loops
    // over an existing variable (`for x < y { x <<= 1 }`) rely on invariants established elsewhere.
    if (mayBeZero(start) && declaredByClause(loop, name) && worthReporting(start)) return { node: stmt, variable: name, verdict: 'maybe', cause: start, how: by, reason: `\`${name}\` ${by} but can start at 0, where it stays: ${start.why}` };
    if (mayBeZero(start)) return 'moves';
    if ((mayBe(f, neutral) || (!shift && mayBeZero(f))) && worthReporting(f)) return { node: stmt, variable: name, verdict: 'maybe', cause: f, how: by, reason: `\`${name}\` ${by}, which can be ${neutral}${shift ? '' : ' (or 0)'}: ${f.why}` };
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
    if (!start) return { node: stmt, variable: name, verdict: 'zero', cause: { lo: 0, hi: 0, why: `\`${brief(r.text)}\` is the same slice`, at: r }, how: 'is re-sliced from its start', reason: `\`${name}\` is re-sliced from its start, so it never shrinks` };
    return additive(start, '+');
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
        return { ...us[0], verdict: zero ? 'zero' : 'maybe', how, reason: `\`${name}\` ${how}, whose years, months and days ${zero ? 'are all 0' : 'can all be 0'}` };
      }
    }
  }
  return 'moves';
}

/**
 * Whether a variable may be a map, channel or pointer, which a callee can change through a copy.
 * Slices and strings passed by value keep their length, so they are not.
 */
function mutableContainer(name: string, m: FuncModel): boolean {
  const p = m.params.get(name);
  if (p) return /^(map\[|chan\b|<-chan|\*)/.test(p.type);
  const t = m.localTypes.get(name);
  if (t) return /^(map\[|chan\b|<-chan|\*)/.test(t);
  const id = m.locals.get(name)?.[0];
  const decl = id?.parent?.type === 'expression_list' ? id.parent.parent : id?.parent;
  const text = decl?.type === 'short_var_declaration' ? decl.childForFieldName('right')?.text ?? '' : '';
  return /^(make\(\s*)?(map\[|chan\b)|^&|^new\(/.test(text);
}

/** Whether a local or parameter is declared as a slice or array (`[]byte`, `[4]int`, `make([]T, n)`). */
function isSliceOrArray(name: string, m: FuncModel): boolean {
  const t = m.params.get(name)?.type ?? m.localTypes.get(name);
  if (t) return t.startsWith('[');
  const id = m.locals.get(name)?.[0];
  const decl = id?.parent?.type === 'expression_list' ? id.parent.parent : id?.parent;
  const text = decl?.type === 'short_var_declaration' ? decl.childForFieldName('right')?.text ?? '' : '';
  return /^(make\(\s*)?\[/.test(text);
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

const changedCache = new WeakMap<object, Map<string, Set<string>>>();

/**
 * Base names a loop changes in place (assignments, ++/--, in its post statement and body); with
 * `declarations`, also the names its `:=` declarations and initializer introduce.
 */
function changedIn(loop: Node, declarations: boolean): Set<string> {
  let perTree = changedCache.get(loop.tree);
  if (!perTree) changedCache.set(loop.tree, (perTree = new Map()));
  const key = `${loop.id}:${declarations}`;
  const hit = perTree.get(key);
  if (hit) return hit;
  const out = new Set<string>();
  const init = loop.namedChildren.find((c) => c?.type === 'for_clause')?.childForFieldName('initializer');
  const types = ['assignment_statement', 'inc_statement', 'dec_statement', ...(declarations ? ['short_var_declaration'] : [])];
  for (const n of ownDescendants(loop, types)) {
    if (!declarations && init && within(init, n)) continue;
    const targets = n.type === 'inc_statement' || n.type === 'dec_statement' ? [n.namedChild(0)] : listItems(n.childForFieldName('left'));
    for (const t of targets) { const b = baseName(t); if (b) out.add(b); }
  }
  perTree.set(key, out);
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

/** Names declared (`:=`, `var`) inside the loop's body. */
function declaredIn(loop: Node): Set<string> {
  const body = loop.childForFieldName('body');
  const out = new Set<string>();
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

function within(outer: Node, inner: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Whether anything in the loop can leave it: break, return, goto, continue to an outer label, panic, os.Exit… */
export function hasExit(loop: Node): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return false;
  // Cheap first: a return, goto or own break among the body's own statements (the common shape).
  const self0 = labelOf(loop);
  for (const st of statementsOf(body)) {
    if (st.type === 'return_statement' || st.type === 'goto_statement') return true;
    if (st.type === 'break_statement') { const l = st.namedChild(0)?.text; if (!l || l === self0) return true; }
  }
  if (hasBreakFor(loop)) return true;
  const text = body.text;
  const types = ['return_statement', 'goto_statement'];
  if (/\b(break|continue)\s+\w/.test(text)) types.push('break_statement', 'continue_statement');
  // Only look at calls when a never-returning one may be there.
  if (/panic|Exit|Fatal|Goexit|throw|fatal|FailNow|Skip/.test(text)) types.push('call_expression');
  const self = labelOf(loop);
  return ownDescendants(body, types).some((n) => {
    switch (n.type) {
      case 'return_statement':
      case 'goto_statement':
        return true;
      case 'break_statement':
      case 'continue_statement': {
        const l = n.namedChild(0)?.text;
        return !!l && l !== self && !labelInside(body, l);
      }
      default:
        return isNoReturnCall(calleeName(n));
    }
  });
}

function labelInside(body: Node, label: string): boolean {
  return body.descendantsOfType('label_name').some((l) => l?.text === label && l.parent?.type === 'labeled_statement');
}

