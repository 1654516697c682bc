// "What can this expression be at this point?" — a small abstract interpretation over one
// function's syntax tree, computed on demand: the function's statements are walked in order
// from its start to the point, applying assignments and refining by guards on the way.
import type { Node } from 'web-tree-sitter';
import type { PackageContext } from './summaries';
import { countLikeMethod, decodesData, knownCallResult, knownConstant, needsNonEmptyArgument, zeroWidthCall } from './facts';
import { baseName, funcModel, type FuncModel } from '../funcModel';
import { alwaysLeaves, argumentsOf, brief, calleeName, contains, enclosingFunction, hasBreakFor, lineOf, listItems, statementsOf, unparen, walk, escapeRegExp } from '../syntax';
import {
  arith, exact, join, mayBeZero, negateOp, range, refine, swapOp, typeRange, unknown, type Value,
} from './domain';
import { toConstExpr } from './constExpr';
import { evalConst } from './summaries';
import { maxExpressionDepth } from '../nesting';
import { collectBases, fieldTypeIn, fmtRange, loopCondition, mentions, rangeAssigns, rangeDeclares, same, widen } from './terms';
import { enteredCount, rangeIndexValue, remainingCount } from './rangeInt';
import { isTypeParameter } from './generics';
import { clearedIn, elementEffect } from './clearedElements';

/** `null` means "this path does not get here" (it left by return, break, panic…). */
type State = Value | undefined | null;

const MAX_DEPTH = 8;

/**
 * Work one function's value reasoning may do in all, in statement steps (a statement walked, plus
 * one per 4 KiB of its text). Questions are answered by walking from the function's start, so a
 * huge function with many loops would cost quadratic time; past the budget its remaining loops are
 * skipped (see `EvaluationBudgetExceeded`). Real functions stay far below: the standard library
 * needs at most a few thousand steps per function.
 */
export const maxEvaluationSteps = 50_000;

/** Thrown once a function's value reasoning has used up its budget; the caller skips what is left. */
export class EvaluationBudgetExceeded extends Error {}
/** time.Duration's conversions: nanoseconds per unit, and whether the result is a float. */
const DURATION_UNITS: Record<string, { ns: number; float: boolean }> = {
  Nanoseconds: { ns: 1, float: false }, Microseconds: { ns: 1e3, float: false }, Milliseconds: { ns: 1e6, float: false },
  Seconds: { ns: 1e9, float: true }, Minutes: { ns: 60e9, float: true }, Hours: { ns: 3600e9, float: true },
};
const LITERALS = new Set(['int_literal', 'rune_literal', 'float_literal', 'interpreted_string_literal', 'raw_string_literal']);
const CONVERSIONS = /^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64))$/;

export class Evaluator {
  private depth = 0;
  private steps = 0;
  private approximations = 0;
  private readonly memo = new Map<string, Value>();

  constructor(readonly fn: FuncModel, readonly pkg: PackageContext, private readonly budget = maxEvaluationSteps) {}

  /** Charges one statement step; throws when the function's budget is used up. */
  private step(s: Node): void {
    this.steps += 1 + ((s.endIndex - s.startIndex) >> 12);
    if (this.steps > this.budget) throw new EvaluationBudgetExceeded(`following its values takes more than ${this.budget.toLocaleString('en-US')} steps`);
  }

  /** The value `expr` can have when control is at `point` (a node inside the function). */
  valueAt(expr: Node, point: Node): Value {
    const key = `${expr.startIndex}:${expr.endIndex}@${point.startIndex}:${point.endIndex}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const e = unparen(expr) ?? expr;
    if (LITERALS.has(e.type)) return this.evalExpr(e, point);
    if (this.depth >= MAX_DEPTH) {
      this.approximations++;
      return unknown(`\`${brief(expr.text)}\` is too indirect to follow`, expr);
    }
    this.depth++;
    const before = this.approximations;
    try {
      const v = this.evalExpr(e, point);
      // Values computed from a cut-off or an unfinished loop approximation are not final: don't keep them.
      if (this.approximations === before || this.depth > 1) this.memo.set(key, v);
      return v;
    } finally {
      this.depth--;
    }
  }

  private evalExpr(e: Node, point: Node): Value {
    switch (e.type) {
      case 'int_literal':
      case 'rune_literal':
      case 'float_literal': {
        const v = evalConst(toConstExpr(e, 0), () => undefined);
        return typeof v === 'number' ? exact(v, `the literal \`${e.text}\``, e) : unknown(`\`${e.text}\``, e);
      }
      case 'identifier':
        return this.identifier(e, point);
      case 'interpreted_string_literal':
      case 'raw_string_literal': {
        const n = e.text.length - 2;
        return { ...range(n, n, `the string \`${brief(e.text)}\``, e), nonZero: n > 0 ? undefined : undefined };
      }
      case 'selector_expression': {
        const known = knownConstant(e.text);
        if (known !== undefined) return exact(known, `\`${e.text}\` is ${known}`, e);
        const operand = unparen(e.childForFieldName('operand'));
        if (operand?.type === 'identifier' && !this.fn.locals.has(operand.text) && !this.fn.params.has(operand.text) && !this.pkg.vars.has(operand.text) && !this.pkg.constants.has(operand.text)) {
          // `pkg.Name` from another package: almost always a constant such as a size; assumed non-zero.
          return { ...unknown(`\`${e.text}\` is declared in another package (assumed non-zero)`, e), nonZero: true };
        }
        const base = baseName(e);
        const field = e.childForFieldName('field')?.text ?? '';
        if (base && this.isReceiver(base)) {
          // The receiver's own state: evidence only where the package sets that field from an unchecked parameter.
          if (this.pkg.fieldSetFromParameter?.(field)) {
            return this.term(e, point, unknown(`\`${brief(e.text)}\` can be 0: a function of this package sets \`${field}\` from a parameter it never checks`, e));
          }
          return this.term(e, point, unknown(`\`${e.text}\` is a field or package value that nothing here constrains`, e));
        }
        if (base && this.fn.params.has(base) && !this.fn.params.get(base)!.result) {
          return this.term(e, point, unknown(`\`${brief(e.text)}\` is a field of \`${base}\`, a parameter, and nothing rules out 0`, e));
        }
        const from = base ? this.definingCall(base) : undefined;
        if (from) return this.term(e, point, { ...unknown(`\`${brief(e.text)}\` is a field of what \`${brief(from.text)}\` returns (line ${lineOf(from)}), and nothing rules out 0`, e), local: true });
        return this.term(e, point, unknown(`\`${e.text}\` is a field or package value that nothing here constrains`, e));
      }
      case 'unary_expression': {
        const op = e.childForFieldName('operator')?.text;
        const x = this.valueAt(e.childForFieldName('operand')!, point);
        if (op === '-') return { lo: -x.hi, hi: -x.lo, nonZero: x.nonZero, why: x.why, at: x.at };
        if (op === '+') return x;
        if (op === '<-') return { ...unknown(`\`${brief(e.text)}\` is received from a channel: whatever the sender sends, 0 included`, e), data: true };
        return unknown(`\`${brief(e.text)}\``, e);
      }
      case 'binary_expression':
        return this.binary(e, point);
      case 'call_expression':
        return this.call(e, point, 0);
      case 'index_expression': {
        const operand = e.childForFieldName('operand');
        const t = operand ? this.declaredType(operand.text, 0, operand) : undefined;
        const computed = t === '[]byte' || t === '[]uint8' || t === 'string'
          ? { ...range(0, 255, `\`${brief(e.text)}\` is a byte read from input`, e), data: true }
          // An element of a table or a map: any value, but not input data unless its type says so.
          : unknown(`\`${brief(e.text)}\` is read from ${t?.startsWith('map[') ? 'a map' : 'memory'} and can be 0`, e);
        // Elements of a slice the function clears are followed: 0 after `clear(s)`.
        if (operand?.type === 'identifier' && clearedIn(this.fn).has(operand.text) && !this.fn.addressTaken.has(operand.text)) {
          return this.walkTo({ text: e.text, bases: collectBases(e), isVar: false, computed, element: operand.text }, point, computed) ?? computed;
        }
        return computed;
      }
      default:
        return unknown(`\`${brief(e.text)}\` is not constrained`, e);
    }
  }

  private binary(e: Node, point: Node): Value {
    const op = e.childForFieldName('operator')?.text ?? '';
    const remaining = op === '-' ? remainingCount(e, point, this.fn, (x) => this.valueAt(x, point)) : undefined;
    if (remaining) return remaining;
    const left = e.childForFieldName('left')!;
    const right = e.childForFieldName('right')!;
    const lv = this.valueAt(left, point);
    const rv = this.valueAt(right, point);
    const what = op === '-' ? 'a difference' : op === '/' ? 'an integer division' : op === '%' ? 'a remainder' : op === '>>' ? 'a shift' : '';
    const source = mayBeZero(lv) || lv.lo !== lv.hi ? lv : rv;
    const why = what ? `\`${brief(e.text)}\` is ${what} and can be 0 (${source.why})` : source.why;
    const r = arith(op, lv, rv, why, source.at ?? e);
    // A length-like term compared in a surrounding condition may refine the whole expression.
    return this.term(e, point, r);
  }

  private identifier(e: Node, point: Node): Value {
    const name = e.text;
    if (name === 'nil' || name === 'true' || name === 'false' || name === '_') return unknown(`\`${name}\``, e);
    const localConst = this.fn.localConsts.get(name);
    if (localConst && !this.fn.locals.has(name)) {
      const v = this.valueAt(localConst, point);
      if (v.lo === -Infinity && v.hi === Infinity) return { ...v, nonZero: true, why: `\`${name}\` is a constant (line ${lineOf(localConst)}, assumed non-zero)`, at: localConst };
      return { ...v, why: `\`${name}\` is the constant ${fmtRange(v)} (line ${lineOf(localConst)})`, at: localConst };
    }
    if (this.fn.locals.has(name) || this.fn.params.has(name)) return this.variable(name, e, point);
    const c = this.pkg.constValue(name);
    if (c && typeof c.value === 'number') {
      const where = c.decl ? ` (${c.decl.file.split(/[\\/]/).pop()}:${c.decl.line + 1})` : '';
      const v = exact(c.value, `\`${name}\` is the constant ${c.value}${where}`, e);
      if (c.decl) v.loc = { file: c.decl.file, line: c.decl.line };
      return v;
    }
    if (this.pkg.constants.has(name)) {
      // A constant whose value depends on other packages or build tags: assumed non-zero.
      return { ...unknown(`\`${name}\` is a constant whose value is not computable here (assumed non-zero)`, e), nonZero: true };
    }
    const outer = this.enclosing(name);
    if (outer) return outer.valueAt(e, this.fn.node);
    const v = this.pkg.vars.get(name);
    if (v) {
      const r = typeRange(v.type);
      const why = `\`${name}\` is a package variable that any code may set`;
      return r ? range(r[0], r[1], why, e) : unknown(why, e);
    }
    return unknown(`\`${name}\` is not constrained here`, e);
  }

  private isReceiver(name: string): boolean {
    const recv = this.fn.node.childForFieldName('receiver');
    const p = this.fn.params.get(name);
    return !!recv && !!p && p.node.startIndex >= recv.startIndex && p.node.endIndex <= recv.endIndex;
  }

  /** The call that declares a local (`first := fetch(0)`), when the callee is this package's or the caller's function. */
  private definingCall(name: string): Node | undefined {
    const ids = this.fn.locals.get(name);
    if (!ids || ids.length !== 1) return undefined;
    const decl = ids[0].parent?.type === 'expression_list' ? ids[0].parent.parent : ids[0].parent;
    if (decl?.type !== 'short_var_declaration') return undefined;
    const rights = listItems(decl.childForFieldName('right'));
    const call = rights.length === 1 ? unparen(rights[0]) : null;
    const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
    if (!call || callee?.type !== 'identifier') return undefined;
    return this.pkg.funcs.has(callee.text) || this.fn.params.has(callee.text) ? call : undefined;
  }

  /** A parameter of an unexported function whose every call in the package passes a constant: those constants. */
  private callersPass(name: string): Value | undefined {
    const fn = this.fn.node;
    if (fn.type !== 'function_declaration' && fn.type !== 'method_declaration') return undefined;
    const fname = fn.childForFieldName('name')?.text;
    const params = fn.childForFieldName('parameters');
    if (!fname || !params || !this.pkg.argumentsFromCallers) return undefined;
    let index = -1;
    let i = 0;
    for (const decl of params.namedChildren) {
      if (decl?.type === 'variadic_parameter_declaration') break;
      for (const n of decl?.childrenForFieldName('name') ?? []) {
        if (n?.text === name) index = i;
        i++;
      }
    }
    if (index < 0) return undefined;
    const values = this.pkg.argumentsFromCallers(fname, fn.type === 'method_declaration', index);
    // Only used to rule 0 out: a caller passing 0 leaves the parameter's own reasoning (a warning) in charge.
    if (!values?.length || values.includes(0)) return undefined;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const shown = values.length <= 3 ? values.join(', ') : `${lo}…${hi}`;
    return { lo, hi, nonZero: lo < 0 && hi > 0 ? true : undefined, why: `every call of \`${fname}\` in this package passes ${shown} as \`${name}\``, at: fn.childForFieldName('name') ?? fn };
  }

  private outer?: Evaluator | null;

  /**
   * For a function literal reading a local of the function around it that nothing reassigns (a
   * constant-like setting, a range value): the evaluator of that function, asked at the literal.
   */
  private enclosing(name: string): Evaluator | undefined {
    if (this.fn.node.type !== 'func_literal') return undefined;
    if (this.outer === undefined) {
      const fn = this.fn.node.parent ? enclosingFunction(this.fn.node.parent) : null;
      this.outer = fn ? new Evaluator(funcModel(fn), this.pkg, this.budget) : null;
    }
    const o = this.outer;
    if (!o || !(o.fn.locals.has(name) || o.fn.params.has(name))) return undefined;
    if (o.fn.assigned.has(name) || o.fn.addressTaken.has(name) || o.fn.closureAssigned.has(name)) return undefined;
    return o;
  }

  private declaredType(name: string, depth = 0, at?: Node): string | undefined {
    const t = this.fn.localTypes.get(name) ?? this.fn.params.get(name)?.type;
    if (t || depth > 4) return t;
    // `data := o.Info[4:]`: a local declared from a field or a slice of one has that field's type (a
    // Go variable keeps its type whatever is assigned later). The nearest declaration before the use.
    const ids = (this.fn.locals.get(name) ?? []).filter((id) => !at || id.startIndex < at.startIndex);
    const id = ids[ids.length - 1];
    if (!id) return undefined;
    const decl = id.parent?.type === 'expression_list' ? id.parent.parent : id.parent;
    if (decl?.type !== 'short_var_declaration') return undefined;
    const lefts = listItems(decl.childForFieldName('left'));
    const rights = listItems(decl.childForFieldName('right'));
    if (lefts.length !== rights.length) return undefined;
    return this.typeOf(rights[lefts.findIndex((l) => l.id === id.id)] ?? null, depth + 1);
  }

  /** The declared type of a simple expression: a local, a field (by the package's struct declarations), a slice of either. */
  private typeOf(e: Node | null, depth: number): string | undefined {
    const x = unparen(e);
    if (!x) return undefined;
    if (x.type === 'identifier') return this.declaredType(x.text, depth, x);
    if (x.type === 'slice_expression') return this.typeOf(x.childForFieldName('operand'), depth);
    if (x.type === 'selector_expression') return fieldTypeIn(this.pkg, x.childForFieldName('field')?.text ?? '');
    return undefined;
  }

  /** A call: builtins, conversions, library facts, same-package constant functions. */
  private call(e: Node, point: Node, index: number): Value {
    const name = calleeName(e);
    const args = argumentsOf(e);
    if ((name === 'len' || name === 'cap') && index === 0) {
      const arg = unparen(args[0] ?? null);
      if (arg && /string_literal$/.test(arg.type)) return exact(arg.text.length - 2, `\`${brief(e.text)}\``, e);
      const arrayLen = arg?.type === 'identifier' ? /^\[(\d+)\]/.exec(this.declaredType(arg.text, 0, arg) ?? '') : null;
      const fixed = arrayLen ? Number(arrayLen[1]) : arg ? this.constantLength(arg, point) : undefined;
      if (fixed !== undefined) return exact(fixed, `\`${brief(e.text)}\` is ${fixed}`, e);
      const length = arg ? this.lengthOf(arg, point) : undefined;
      if (length) return length;
      return this.term(e, point, range(0, Infinity, `\`${brief(e.text)}\` can be 0`, e));
    }
    if ((name === 'min' || name === 'max') && args.length >= 2 && index === 0) {
      let v = this.valueAt(args[0], point);
      for (const a of args.slice(1)) v = arith(name, v, this.valueAt(a, point), '', e);
      const source = args.map((a) => this.valueAt(a, point)).find((x) => mayBeZero(x));
      return { ...v, why: source ? source.why : `\`${brief(e.text)}\``, at: source?.at ?? e };
    }
    if (args.length === 1 && index === 0 && (CONVERSIONS.test(name) || this.pkg.types.has(name) || name === 'time.Duration' || isTypeParameter(name, this.fn.node))) {
      const v = this.valueAt(args[0], point);
      const r = typeRange(name);
      if (r) return { ...v, lo: Math.max(v.lo, r[0]), hi: Math.min(v.hi, r[1]), nonZero: v.nonZero && !(v.lo <= 0 && r[0] === 0) ? v.nonZero : v.nonZero };
      return v;
    }
    const duration = this.durationMethod(e, point);
    if (duration) return duration;
    const fact = knownCallResult(name, index);
    if (fact) {
      if (needsNonEmptyArgument.has(name) && !(args[0] && this.knownNonEmpty(args[0], point))) {
        return range(0, fact[1], `\`${brief(e.text)}\` returns size 0 for an empty input`, e);
      }
      return range(fact[0], fact[1], `\`${name}\` returns ${fact[0]}…${fact[1]}`, e);
    }
    const local = this.pkg.funcs.get(name);
    if (local?.returns && index === 0) {
      let v: Value | undefined;
      for (const r of local.returns) {
        const c = evalConst(r, (n) => this.pkg.constValue(n));
        if (typeof c !== 'number') { v = undefined; break; }
        v = join(v, exact(c, '', e));
      }
      if (v) {
        const what = v.lo === v.hi ? `always returns ${v.lo}` : `returns ${fmtRange(v)}`;
        return { ...v, why: `\`${name}()\` ${what}`, at: e, ...(mayBeZero(v) && v.lo !== v.hi ? { local: true } : {}) };
      }
    }
    if (decodesData(name)) return { ...range(0, Infinity, `\`${brief(e.text)}\` decodes a number from the input, which can be 0`, e), data: true };
    const width = zeroWidthCall(name);
    if (width) return { ...range(0, Infinity, `\`${brief(e.text)}\` ${width}`, e), data: true };
    if (countLikeMethod(e)) return range(0, Infinity, `\`${brief(e.text)}\` is a count, never negative, and can be 0`, e);
    const callee = e.childForFieldName('function');
    // A function of this package, or a function value the caller handed in (`next(data)`): its result is evidence.
    if (local?.zeroReturnLine !== undefined && index === 0 && callee?.type === 'identifier') {
      // Its summary says so: some path of it returns 0 (`return 0` when nothing was consumed).
      return { ...unknown(`\`${brief(e.text)}\` returns 0 on some path (its \`return 0\` at line ${local.zeroReturnLine + 1})`, e), local: true, data: true };
    }
    if (callee?.type === 'identifier' && ((local && index >= 0) || this.fn.params.has(callee.text) || this.fn.locals.has(callee.text))) {
      return { ...unknown(`\`${brief(e.text)}\` returns it and nothing rules out 0`, e), local: true };
    }
    return unknown(`\`${brief(e.text)}\` returns it and nothing rules out 0`, e);
  }

  /** `time.Minute.Milliseconds()`, `interval.Seconds()` on a constant: the constant's value in that unit. */
  private durationMethod(e: Node, point: Node): Value | undefined {
    const fn = e.childForFieldName('function');
    if (fn?.type !== 'selector_expression' || argumentsOf(e).length !== 0) return undefined;
    const unit = DURATION_UNITS[fn.childForFieldName('field')?.text ?? ''];
    const operand = fn.childForFieldName('operand');
    if (!unit || !operand) return undefined;
    const v = this.valueAt(operand, point);
    if (v.lo === -Infinity || v.lo <= 0 || !Number.isFinite(v.lo)) return undefined;
    const lo = unit.float ? v.lo / unit.ns : Math.trunc(v.lo / unit.ns);
    const hi = v.hi === Infinity ? Infinity : unit.float ? v.hi / unit.ns : Math.trunc(v.hi / unit.ns);
    return { lo, hi, why: `\`${brief(e.text)}\` is ${lo === hi ? lo : `${lo} or more`}`, at: e };
  }

  /** The length of a constant string or of an array-typed package variable (`var pad [32]byte`). */
  private constantLength(arg: Node, point: Node): number | undefined {
    if (arg.type !== 'identifier') return undefined;
    const name = arg.text;
    if (this.fn.locals.has(name) || this.fn.params.has(name)) return undefined;
    const local = this.fn.localConsts.get(name);
    if (local && /string_literal$/.test(local.type)) return local.text.length - 2;
    const c = this.pkg.constValue(name);
    if (c && typeof c.value === 'string') return c.value.length;
    const v = this.pkg.vars.get(name);
    const m = v?.type && /^\[(\d+)\]/.exec(v.type);
    if (m) return Number(m[1]);
    void point;
    return undefined;
  }

  /** The length of a local slice or string whose only definition has a known length (`make([]T, 64)`, a literal). */
  private lengthOf(arg: Node, point: Node): Value | undefined {
    if (arg.type !== 'identifier' || this.fn.assigned.has(arg.text) || this.fn.addressTaken.has(arg.text)) return undefined;
    const ids = this.fn.locals.get(arg.text);
    if (!ids || ids.length !== 1) return undefined;
    const decl = ids[0].parent?.type === 'expression_list' ? ids[0].parent.parent : ids[0].parent;
    if (!decl) return undefined;
    const lefts = decl.type === 'var_spec' ? decl.childrenForFieldName('name').filter((x): x is Node => !!x) : listItems(decl.childForFieldName('left'));
    const rights = listItems(decl.childForFieldName(decl.type === 'var_spec' ? 'value' : 'right'));
    const init = rights.length === lefts.length ? unparen(rights[lefts.findIndex((l) => l.id === ids[0].id)] ?? null) : null;
    if (!init) return undefined;
    if (/string_literal$/.test(init.type)) return exact(init.text.length - 2, `\`${arg.text}\` is a string literal`, init);
    if (init.type === 'call_expression' && calleeName(init) === 'make') {
      const size = argumentsOf(init)[1];
      if (size) {
        const v = this.valueAt(size, point);
        if (!mayBeZero(v)) return { ...v, why: `\`${arg.text}\` is made with length \`${brief(size.text)}\``, at: init };
      }
    }
    if (init.type === 'composite_literal') {
      const body = init.childForFieldName('body');
      const n = body ? body.namedChildCount : 0;
      if (n > 0) return range(n, Infinity, `\`${arg.text}\` is a non-empty literal`, init);
    }
    return undefined;
  }

  /** Whether `arg` (or the string/slice it slices) is known non-empty at `point` from a surrounding condition. */
  private knownNonEmpty(arg: Node, point: Node): boolean {
    const base = baseName(arg);
    if (!base) return false;
    const a = unparen(arg);
    if (a?.type === 'slice_expression') return this.nonEmptySlice(a, point);
    for (let p: Node | null = point; p && p.id !== this.fn.node.id; p = p.parent) {
      const cond = p.type === 'for_statement' ? loopCondition(p) : p.type === 'if_statement' ? p.childForFieldName('condition') : null;
      if (cond && new RegExp(`len\\(${base}\\)|\\b${base}\\s*!=\\s*""`).test(cond.text)) return true;
    }
    return false;
  }

  /** `s[:i]` under `i > 0`, `s[i:]` under `i < len(s)`, `s[i:j]` under `i < j`: a surrounding condition makes the slice non-empty. */
  private nonEmptySlice(sl: Node, point: Node): boolean {
    const operand = unparen(sl.childForFieldName('operand'))?.text ?? '';
    const start = sl.childForFieldName('start')?.text.replace(/\s+/g, '') ?? '0';
    const end = sl.childForFieldName('end')?.text.replace(/\s+/g, '') ?? `len(${operand})`;
        const lt = new RegExp(`(^|[^\\w.])${escapeRegExp(start)}<${escapeRegExp(end)}($|[^\\w(.\\[])|(^|[^\\w.])${escapeRegExp(end)}>${escapeRegExp(start)}($|[^\\w(.\\[])`);
    for (let p: Node | null = point; p && p.id !== this.fn.node.id; p = p.parent) {
      const cond = p.type === 'for_statement' ? loopCondition(p) : p.type === 'if_statement' ? p.childForFieldName('condition') : null;
      if (!cond) continue;
      const text = cond.text.replace(/\s+/g, '');
      if (lt.test(text)) return true;
      if (start === '0' && new RegExp(`(^|[^\\w.])${escapeRegExp(end)}>0($|[^\\w])|(^|[^\\w.])${escapeRegExp(end)}>=1($|[^\\w])|(^|[^\\w.])${escapeRegExp(end)}!=0($|[^\\w])`).test(text)) return true;
    }
    return false;
  }

  /** The value a loop variable has when the loop starts (after the for clause's initializer). */
  valueAtLoopEntry(v: Node, loop: Node): Value {
    const clause = loop.namedChildren.find((c) => c?.type === 'for_clause');
    const init = clause?.childForFieldName('initializer');
    const before = this.valueAt(v, loop);
    if (!init) return before;
    const bases = collectBases(v);
    const t: Term = { text: v.text, bases, isVar: v.type === 'identifier', computed: before };
    return this.transfer(init, t, before) ?? before;
  }

  /** The value of a local variable (or parameter) at `point`, walking the function up to it. */
  private variable(name: string, at: Node, point: Node): Value {
    const param = this.fn.params.get(name);
    let initial: Value | undefined;
    if (param) {
      const r = typeRange(param.type);
      const why = param.result ? `\`${name}\` is a named result` : `\`${name}\` is a parameter and nothing rules out 0`;
      initial = param.result ? exact(0, why, param.node) : r ? range(r[0], r[1], why, param.node) : unknown(why, param.node);
      const fromCallers = param.result ? undefined : this.callersPass(name);
      if (fromCallers) initial = fromCallers;
    }
    if (this.fn.addressTaken.has(name)) {
      return unknown(`\`${name}\`'s address is taken, so anything may change it`, at);
    }
    if (this.fn.closureAssigned.has(name)) {
      return unknown(`\`${name}\` is changed by a closure or goroutine, which may run at any time`, at);
    }
    const v = this.walkTo({ text: name, bases: [name], isVar: true }, point, initial);
    if (v) return v;
    return initial ?? unknown(`\`${name}\` is not constrained here`, at);
  }

  /** Refines a computed value of a non-variable term (`len(s)`, `s.n`) by the guards on the way to `point`. */
  private term(e: Node, point: Node, computed: Value): Value {
    const bases = collectBases(e);
    if (bases.length === 0 || bases.some((b) => this.fn.addressTaken.has(b))) return computed;
    const v = this.walkTo({ text: e.text, bases, isVar: false, computed }, point, computed);
    return v ?? computed;
  }

  // ---- the walk -----------------------------------------------------------------------------

  private walkTo(t: Term, point: Node, initial: Value | undefined): State {
    const body = this.fn.body;
    if (!body || !contains(body, point)) return initial;
    return this.into(body, t, initial, point);
  }

  /** Walks the statements of a container up to the one holding `point`, then descends into it. */
  private into(container: Node, t: Term, state: State, point: Node): State {
    for (const s of statementsOf(container)) {
      if (contains(s, point)) return this.descend(s, t, state, point);
      state = this.transfer(s, t, state);
      if (state === null) return null;
    }
    return state;
  }

  private descend(s: Node, t: Term, state: State, point: Node): State {
    this.step(s);
    if (s.id === point.id) return state;
    switch (s.type) {
      case 'labeled_statement': {
        const inner = s.namedChildren.find((c) => c && c.type !== 'label_name');
        return inner ? this.descend(inner, t, state, point) : state;
      }
      case 'block':
        return this.into(s, t, state, point);
      case 'if_statement': {
        const init = s.childForFieldName('initializer');
        if (init) {
          if (contains(init, point)) return state;
          state = this.transfer(init, t, state);
        }
        const cond = s.childForFieldName('condition');
        const cons = s.childForFieldName('consequence');
        const alt = s.childForFieldName('alternative');
        if (cons && contains(cons, point)) return this.into(cons, t, this.refineBy(state, cond, true, t, s), point);
        if (alt && contains(alt, point)) {
          const refined = this.refineBy(state, cond, false, t, s);
          return alt.type === 'if_statement' ? this.descend(alt, t, refined, point) : this.into(alt, t, refined, point);
        }
        return state;
      }
      case 'for_statement': {
        const clause = s.namedChildren.find((c) => c?.type === 'for_clause');
        const init = clause?.childForFieldName('initializer');
        if (init) {
          if (contains(init, point)) return state;
          state = this.transfer(init, t, state);
        }
        if (t.isVar && rangeDeclares(s, t.text)) state = this.rangeValue(s, t.text, point);
        const head = this.loopHead(s, t, state);
        const cond = loopCondition(s);
        const body = s.childForFieldName('body');
        const update = clause?.childForFieldName('update');
        if (body && contains(body, point)) return this.into(body, t, enteredCount(s, t.text, this.refineBy(head, cond, true, t, s), this.fn, (x) => this.valueAt(x, s)), point);
        if (update && contains(update, point)) {
          return body ? this.transferBlock(body, t, this.refineBy(head, cond, true, t, s)) : head;
        }
        return head;
      }
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement': {
        const init = s.childForFieldName('initializer');
        if (init && !contains(init, point)) state = this.transfer(init, t, state);
        const tagless = s.type === 'expression_switch_statement' && !s.childForFieldName('value');
        for (const c of s.namedChildren) {
          if (!c || !contains(c, point)) continue;
          let st = state;
          if (tagless && c.type === 'expression_case') {
            const vals = listItems(c.childForFieldName('value'));
            if (vals.length === 1) st = this.refineBy(st, vals[0], true, t, c);
          }
          return this.into(c, t, st, point);
        }
        return state;
      }
      case 'go_statement':
      case 'defer_statement':
      case 'expression_statement':
      case 'return_statement':
      default:
        // A point inside a closure: the value is whatever it is when the closure runs.
        if (t.bases.some((b) => this.fn.assigned.has(b) && this.fn.captured.has(b))) {
          return unknown(`\`${t.text}\` is changed by code that may run at another time`, s);
        }
        return state;
    }
  }

  /** A range loop's value variable: the join of a literal list's elements, else unconstrained. */
  private rangeValue(loop: Node, name: string, point: Node): Value {
    const rc = loop.namedChildren.find((c) => c?.type === 'range_clause')!;
    const lefts = listItems(rc.childForFieldName('left'));
    const right = unparen(rc.childForFieldName('right'));
    const why = `\`${name}\` takes each value of \`${brief(right?.text ?? '')}\``;
    const counted = rangeIndexValue(loop, name, this.fn, (x) => this.valueAt(x, loop));
    if (counted) return counted;
    if (lefts.length === 2 && lefts[1].text === name && right?.type === 'composite_literal') {
      const elems = right.childForFieldName('body');
      let v: Value | undefined;
      for (const e of elems ? elems.namedChildren : []) {
        const x = e?.type === 'literal_element' ? e.namedChild(0) : e;
        if (!x) continue;
        v = join(v, this.valueAt(x, point));
      }
      if (v) return { ...v, why, at: right };
    }
    if (lefts[0]?.text === name && right && !(lefts.length === 1 && /map|chan/.test(right.text))) {
      return range(0, Infinity, `\`${name}\` is an index of \`${brief(right.text)}\``, right);
    }
    return unknown(why, right ?? loop);
  }

  private readonly heads = new Map<string, State>();

  /** The value at a loop's head: joined over iterations (two rounds, then widened). */
  private loopHead(loop: Node, t: Term, entry: State): State {
    const body = loop.childForFieldName('body');
    if (!body || !t.bases.some((b) => mentions(loop, b))) return entry;
    // Re-entered while computing this head (the body reads the term): use the approximation so far.
    const key = `${loop.id}:${t.text}`;
    if (this.heads.has(key)) return this.heads.get(key) ?? entry;
    this.heads.set(key, entry);
    try {
      return this.iterate(loop, body, t, entry, key);
    } finally {
      this.heads.delete(key);
    }
  }

  private iterate(loop: Node, body: Node, t: Term, entry: State, key: string): State {
    const clause = loop.namedChildren.find((c) => c?.type === 'for_clause');
    const update = clause?.childForFieldName('update');
    const cond = loopCondition(loop);
    let head = entry;
    for (let round = 0; round < 2; round++) {
      let after = this.transferBlock(body, t, this.refineBy(head, cond, true, t, loop));
      if (update && after !== null) after = this.transfer(update, t, after);
      const next = after === null ? head : join(head ?? undefined, after ?? undefined);
      if (same(next, head)) return head;
      // Widen only the bound that moved, so `for n := 1; …; n *= 2` stays positive.
      head = next && head && round === 1 ? widen(head, next) : next;
      this.heads.set(key, head);
    }
    return head;
  }

  private transferBlock(block: Node, t: Term, state: State): State {
    for (const s of statementsOf(block)) {
      state = this.transfer(s, t, state);
      if (state === null) return null;
    }
    return state;
  }

  /** The effect of a whole statement on the term's value. */
  private transfer(s: Node, t: Term, state: State): State {
    if (state === null) return null;
    this.step(s);
    const fx = t.element ? elementEffect(s, t.element) : undefined;
    if (fx) return fx === 'zero' ? exact(0, `\`${t.text}\` is 0: \`clear(${t.element})\` (line ${lineOf(s)}) zeroes every element`, s) : t.computed;
    switch (s.type) {
      case 'return_statement':
      case 'break_statement':
      case 'continue_statement':
      case 'goto_statement':
        return null;
      case 'expression_statement':
        return alwaysLeaves([s]) ? null : this.afterDivision(s, t, state);
      case 'empty_statement':
        return state;
    }
    if (!t.bases.some((b) => mentions(s, b))) return state;
    switch (s.type) {
      case 'short_var_declaration':
      case 'assignment_statement':
        return this.afterDivision(s, t, this.assign(s, t, state));
      case 'var_declaration':
        for (const spec of s.descendantsOfType('var_spec')) {
          if (!spec) continue;
          const names = spec.childrenForFieldName('name');
          const values = listItems(spec.childForFieldName('value'));
          names.forEach((n, i) => {
            if (!n || !t.isVar || n.text !== t.text) return;
            if (values.length === names.length) state = this.described(t.text, this.valueAt(values[i], s), values[i]);
            else if (values.length === 1 && values[0].type === 'call_expression') state = this.described(t.text, this.call(values[0], s, i), values[0]);
            else state = exact(0, `\`${t.text}\` is declared without a value, so it is 0`, n);
          });
        }
        return state;
      case 'inc_statement':
      case 'dec_statement': {
        const target = s.namedChild(0);
        if (target?.text === t.text && state) return arith(s.type === 'inc_statement' ? '+' : '-', state, exact(1, ''), state.why, state.at);
        return target && t.bases.includes(baseName(target) ?? '') && !t.isVar ? t.computed ?? undefined : state;
      }
      case 'if_statement': {
        const init = s.childForFieldName('initializer');
        if (init) state = this.transfer(init, t, state);
        const cond = s.childForFieldName('condition');
        const cons = s.childForFieldName('consequence');
        const alt = s.childForFieldName('alternative');
        const a = cons ? this.transferBlock(cons, t, this.refineBy(state, cond, true, t, s)) : state;
        const elseIn = this.refineBy(state, cond, false, t, s);
        const b = alt ? (alt.type === 'if_statement' ? this.transfer(alt, t, elseIn) : this.transferBlock(alt, t, elseIn)) : elseIn;
        if (a === null) return b;
        if (b === null) return a;
        return join(a, b);
      }
      case 'block':
        return this.transferBlock(s, t, state);
      case 'labeled_statement': {
        const inner = s.namedChildren.find((c) => c && c.type !== 'label_name');
        return inner ? this.transfer(inner, t, state) : state;
      }
      case 'for_statement': {
        const clause = s.namedChildren.find((c) => c?.type === 'for_clause');
        const init = clause?.childForFieldName('initializer');
        if (init) state = this.transfer(init, t, state);
        if (t.isVar && rangeDeclares(s, t.text)) return state;
        if (t.isVar && rangeAssigns(s, t.text)) return unknown(`\`${t.text}\` is set by a range loop (line ${lineOf(s)})`, s);
        const head = this.loopHead(s, t, state);
        const cond = loopCondition(s);
        // After a loop without break, its condition is false.
        return cond && !hasBreakFor(s) ? this.refineBy(head, cond, false, t, s) : head;
      }
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement': {
        const init = s.childForFieldName('initializer');
        if (init) state = this.transfer(init, t, state);
        let out: State = null;
        let hasDefault = false;
        for (const c of s.namedChildren) {
          if (!c || !/_case$/.test(c.type)) continue;
          if (c.type === 'default_case') hasDefault = true;
          const r = this.transferBlock(c, t, state);
          out = out === null ? r : r === null ? out : join(out, r);
        }
        if (!hasDefault) out = out === null ? state : join(out ?? undefined, state ?? undefined);
        return out;
      }
      default:
        return state;
    }
  }

  /**
   * After `q := n / step` (or `% step`) has run, step is not 0: an integer division by 0 panics. Floats
   * divide by 0 quietly, so only a term not declared as a float counts.
   */
  private afterDivision(s: Node, t: Term, state: State): State {
    if (!state || !t.isVar || !mayBeZero(state) || !/[/%]/.test(s.text) || !mentions(s, t.text) || /^float/.test(this.declaredType(t.text) ?? '')) return state;
    let divides = false;
    walk(s, (n) => {
      if (divides || n.type === 'func_literal') return false;
      if (n.type === 'binary_expression' && /^[/%]$/.test(n.childForFieldName('operator')?.text ?? '') && unparen(n.childForFieldName('right'))?.text === t.text) divides = true;
      // Only what always runs: not behind && or ||.
      if (n.type === 'binary_expression' && /^(&&|\|\|)$/.test(n.childForFieldName('operator')?.text ?? '')) return false;
    });
    return divides ? { ...state, nonZero: true, why: `\`${t.text}\` was divided by at line ${lineOf(s)}, which panics on 0`, at: s } : state;
  }

  private described(name: string, v: Value, from: Node): Value {
    if (v.lo === v.hi && v.why.startsWith('the literal')) return { ...v, why: `\`${name}\` is set to ${v.lo} (line ${lineOf(from)})`, at: from };
    // Keep a reason that is itself evidence (a map's missing key, a channel, a caller's function).
    if (v.at && v.at.id === from.id && v.lo === -Infinity && v.hi === Infinity && !v.nonZero && !/read from a map|is not constrained$|is received/.test(v.why)) {
      return { ...v, why: `\`${name}\` comes from \`${brief(from.text)}\` (line ${lineOf(from)}) and nothing rules out 0` };
    }
    if (v.at) return { ...v, why: `\`${name}\` comes from \`${brief(from.text)}\` (line ${lineOf(from)}); ${v.why}` };
    return { ...v, why: `\`${name}\` comes from \`${brief(from.text)}\` (line ${lineOf(from)})`, at: from };
  }

  private assign(s: Node, t: Term, state: State): State {
    const lefts = listItems(s.childForFieldName('left'));
    const rights = listItems(s.childForFieldName('right'));
    const opNode = s.childForFieldName('operator');
    const op = s.type === 'short_var_declaration' ? ':=' : opNode?.text ?? '=';
    for (let i = 0; i < lefts.length; i++) {
      const l = lefts[i];
      if (l.text === t.text) {
        if (op === '=' || op === ':=') {
          if (rights.length === lefts.length) return this.described(t.text, this.valueAt(rights[i], s), rights[i]);
          const r = rights[0];
          if (r && r.type === 'call_expression') return this.described(t.text, this.call(r, s, i), r);
          return unknown(`\`${t.text}\` comes from \`${brief(r?.text ?? '')}\` (line ${lineOf(s)})`, r ?? s);
        }
        const rv = rights[i] ? this.valueAt(rights[i], s) : unknown('', s);
        const cur = state ?? unknown(`\`${t.text}\``, l);
        return arith(op.slice(0, -1), cur, rv, mayBeZero(rv) ? rv.why : cur.why, mayBeZero(rv) ? rv.at : cur.at);
      }
      // Assigning a base variable of a compound term (`s = s[1:]` for `len(s)`) resets the term.
      if (!t.isVar && t.bases.includes(l.text)) return t.computed;
    }
    return state;
  }

  /** Narrows the term's value by `cond` being `truth` (conditions chained deeper than the limit narrow nothing). */
  private refineBy(state: State, cond: Node | null | undefined, truth: boolean, t: Term, at: Node, depth = 0): State {
    if (!state || !cond || depth > maxExpressionDepth) return state;
    const c = unparen(cond);
    if (!c) return state;
    if (c.type === 'unary_expression' && c.childForFieldName('operator')?.text === '!') {
      return this.refineBy(state, c.childForFieldName('operand'), !truth, t, at, depth + 1);
    }
    if (c.type !== 'binary_expression') return state;
    const op = c.childForFieldName('operator')?.text ?? '';
    const left = c.childForFieldName('left');
    const right = c.childForFieldName('right');
    if (!left || !right) return state;
    if (op === '&&' || op === '||') {
      const both = (op === '&&') === truth;
      if (both) return this.refineBy(this.refineBy(state, left, truth, t, at, depth + 1), right, truth, t, at, depth + 1);
      return join(this.refineBy(state, left, truth, t, at, depth + 1) ?? undefined, this.refineBy(state, right, truth, t, at, depth + 1) ?? undefined);
    }
    if (!['<', '<=', '>', '>=', '==', '!='].includes(op)) return state;
    let rel = truth ? op : negateOp(op);
    let other: Node;
    if (unparen(left)?.text === t.text) other = right;
    else if (unparen(right)?.text === t.text) { other = left; rel = swapOp(rel); }
    else return state;
    const bound = this.constantValue(other);
    if (!bound) return state;
    const r = refine(state, rel, bound);
    return { ...r, why: state.why, at: state.at };
  }

  /** Values usable as bounds in refinements: literals, constants and their arithmetic. */
  private constantValue(e: Node, depth = 0): Value | undefined {
    const n = unparen(e);
    if (!n || depth > maxExpressionDepth) return undefined;
    if (n.type === 'int_literal' || n.type === 'rune_literal') {
      const v = evalConst(toConstExpr(n, 0), () => undefined);
      return typeof v === 'number' ? exact(v, '') : undefined;
    }
    if (n.type === 'identifier' && !this.fn.locals.has(n.text) && !this.fn.params.has(n.text)) {
      const c = this.pkg.constValue(n.text);
      return c && typeof c.value === 'number' ? exact(c.value, '') : undefined;
    }
    if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '-') {
      const x = this.constantValue(n.childForFieldName('operand')!, depth + 1);
      return x ? exact(-x.lo, '') : undefined;
    }
    return undefined;
  }
}

interface Term {
  text: string;
  bases: string[];
  isVar: boolean;
  /** For compound terms: their value when nothing refines them. */
  computed?: Value;
  /** For an element read `s[i]` of a slice the function clears: the slice. */
  element?: string;
}
