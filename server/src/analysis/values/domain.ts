// What an integer value can be: an interval with a reason. The heart of "can this step be 0?".
import type { Node } from 'web-tree-sitter';

/** An integer interval [lo, hi] (±Infinity allowed) with the provenance that explains it. */
export interface Value {
  lo: number;
  hi: number;
  /** Known to be non-zero although the interval spans 0 (after `if x == 0 { return }`). */
  nonZero?: boolean;
  /** Why the value is what it is, in words ("`interval` comes from `getInterval()`"). */
  why: string;
  /** Where the value comes from, for related locations. */
  at?: Node;
  /** Derived from data read from input (a byte, a decoded length): can be 0 whenever the input says so. */
  data?: boolean;
  /** Returned by a function of this package whose result nothing here constrains (the incident's `getInterval()`). */
  local?: boolean;
  /** Where it comes from when that is another file of the package (a constant). */
  loc?: { file: string; line: number };
}

export const TOP_RANGE = { lo: -Infinity, hi: Infinity };

export function exact(v: number, why: string, at?: Node): Value {
  return { lo: v, hi: v, why, at };
}

export function unknown(why: string, at?: Node): Value {
  return { lo: -Infinity, hi: Infinity, why, at };
}

export function range(lo: number, hi: number, why: string, at?: Node): Value {
  return { lo, hi, why, at };
}

/** True when 0 is one of the values. */
export function mayBeZero(v: Value): boolean {
  return v.lo <= 0 && v.hi >= 0 && !v.nonZero;
}

export function isExactly(v: Value, n: number): boolean {
  return v.lo === n && v.hi === n;
}

export function mayBe(v: Value, n: number): boolean {
  if (n === 0) return mayBeZero(v);
  return v.lo <= n && v.hi >= n;
}

/** Least upper bound; the reason of the possibly-zero side wins, so messages name the zero's source. */
export function join(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (!a) return b;
  if (!b) return a;
  const lo = Math.min(a.lo, b.lo);
  const hi = Math.max(a.hi, b.hi);
  const nonZero = !mayBeZero(a) && !mayBeZero(b) ? (lo <= 0 && hi >= 0 ? true : undefined) : undefined;
  const src = mayBeZero(b) && !mayBeZero(a) ? b : a;
  return { lo, hi, nonZero, why: src.why, at: src.at, ...(src.local ? { local: true } : {}) };
}

function fix(n: number): number {
  return Number.isNaN(n) ? 0 : n;
}

/** Interval arithmetic for + - * / % << >> and min/max; the reason is composed by the caller. */
export function arith(op: string, a: Value, b: Value, why: string, at?: Node): Value {
  const r = arith0(op, a, b, why, at);
  if (a.data || b.data) r.data = true;
  if ((a.local && mayBeZero(a)) || (b.local && mayBeZero(b))) r.local = true;
  return r;
}

function arith0(op: string, a: Value, b: Value, why: string, at?: Node): Value {
  switch (op) {
    case '+': {
      const r = range(fix(a.lo + b.lo), fix(a.hi + b.hi), why, at);
      return r;
    }
    case '-':
      return range(fix(a.lo - b.hi), fix(a.hi - b.lo), why, at);
    case '*': {
      const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map(fix);
      const r = range(Math.min(...c), Math.max(...c), why, at);
      if (!mayBeZero(a) && !mayBeZero(b)) r.nonZero = true;
      return r;
    }
    case '/': {
      // Integer division: any quotient may truncate to 0 unless |a| >= |b| is known.
      if (b.lo > 0 && a.lo >= 0) {
        const lo = Math.trunc(a.lo / b.hi);
        const hi = b.lo === 0 ? Infinity : Math.trunc(a.hi / b.lo);
        return range(fix(lo), fix(hi), why, at);
      }
      if (isExactly(b, 0)) return unknown(why, at);
      return unknown(why, at);
    }
    case '%':
      if (b.lo > 0 && a.lo >= 0) return range(0, Math.min(a.hi, b.hi - 1), why, at);
      return unknown(why, at);
    case '<<': {
      const r = b.lo >= 0 && b.hi < 63 && a.lo >= 0 ? range(a.lo * 2 ** b.lo, a.hi * 2 ** b.hi, why, at) : unknown(why, at);
      // Shifting a non-zero value left keeps it non-zero (overflow aside).
      if (!mayBeZero(a) && r.lo <= 0) r.nonZero = true;
      return r;
    }
    case '>>':
      if (b.lo >= 0 && a.lo >= 0) return range(Math.floor(a.lo / 2 ** Math.min(b.hi, 1024)), Math.floor(a.hi / 2 ** b.lo), why, at);
      return unknown(why, at);
    case '&':
      if (a.lo >= 0 && b.lo >= 0) return range(0, Math.min(a.hi, b.hi), why, at);
      return unknown(why, at);
    case '|':
      if (a.lo >= 0 && b.lo >= 0) {
        const r = range(Math.max(a.lo, b.lo), a.hi + b.hi, why, at);
        return r;
      }
      return unknown(why, at);
    case 'max':
      return range(Math.max(a.lo, b.lo), Math.max(a.hi, b.hi), why, at);
    case 'min':
      return range(Math.min(a.lo, b.lo), Math.min(a.hi, b.hi), why, at);
    default:
      return unknown(why, at);
  }
}

/** Narrows `v` by the fact `v op c` (c a constant interval). */
export function refine(v: Value, op: string, c: Value): Value {
  const r: Value = { ...v };
  switch (op) {
    case '<': r.hi = Math.min(r.hi, c.hi - 1); break;
    case '<=': r.hi = Math.min(r.hi, c.hi); break;
    case '>': r.lo = Math.max(r.lo, c.lo + 1); break;
    case '>=': r.lo = Math.max(r.lo, c.lo); break;
    case '==':
      r.lo = Math.max(r.lo, c.lo);
      r.hi = Math.min(r.hi, c.hi);
      if (!mayBeZero(c)) r.nonZero = true;
      break;
    case '!=':
      if (c.lo === c.hi) {
        if (r.lo === c.lo) r.lo += 1;
        if (r.hi === c.hi) r.hi -= 1;
        if (c.lo === 0) r.nonZero = true;
      }
      break;
    default:
      return v;
  }
  if (r.lo > r.hi) {
    // Contradiction: this path cannot be taken with these values; keep it harmless (non-zero).
    return { ...v, lo: 1, hi: 1, nonZero: true };
  }
  if (r.lo > 0 || r.hi < 0) r.nonZero = undefined;
  return r;
}

/** Mirror of a comparison operator when the operands are swapped (`0 < x` is `x > 0`). */
export function swapOp(op: string): string {
  return ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
}

/** Negation of a comparison operator (`!(x < 1)` is `x >= 1`). */
export function negateOp(op: string): string {
  return ({ '<': '>=', '>=': '<', '>': '<=', '<=': '>', '==': '!=', '!=': '==' } as Record<string, string>)[op] ?? '';
}

/** The range of a Go integer type named in source, if it is one. */
export function typeRange(type: string | undefined): [number, number] | undefined {
  if (!type) return undefined;
  switch (type) {
    case 'byte': case 'uint8': return [0, 255];
    case 'uint16': return [0, 65535];
    case 'uint32': return [0, 4294967295];
    case 'uint': case 'uint64': case 'uintptr': return [0, Infinity];
    case 'int8': return [-128, 127];
    case 'int16': return [-32768, 32767];
    case 'int32': case 'rune': return [-2147483648, 2147483647];
    default: return undefined;
  }
}

/** Whether a possible zero is one that input data or a caller can supply (not merely something unknown). */
/**
 * Whether a possible zero is worth a warning: it comes from input data, a caller (a parameter), or a
 * function of this package that can return it — not merely from something nothing here constrains.
 */
export function worthReporting(v: Value): boolean {
  return fromInputOrCaller(v) || !!v.local || !UNCONSTRAINED.test(v.why);
}

/** Reasons that only say nothing here constrains a value (a field of something else, another package's result). */
const UNCONSTRAINED = /is a field or package value that nothing here constrains|is not constrained here|declared in another package|is read from memory|package variable that any code may set|too indirect to follow|returns it and nothing rules out 0|comes from `[^`]*` \(line \d+\) and nothing rules out 0|is set by a range loop/;

export function fromInputOrCaller(v: Value): boolean {
  return !!v.data || /\ba parameter\b|a parameter it never checks|read from input|decodes a number|from the input|returns size 0|display width/.test(v.why);
}
