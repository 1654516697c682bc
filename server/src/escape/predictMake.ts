// Whether `make([]T, len[, cap])` is heap-allocated for its size alone (the compiler's
// HeapAllocReason): a size that is not a constant, or a constant one over 64 KiB. Pure.
import type { Node } from 'web-tree-sitter';
import { type ConstExpr, toConstExpr } from '../analysis/values/constExpr';
import { evalConst } from '../analysis/values/summaries';
import { knownConstant } from '../analysis/values/facts';
import { maxExpressionDepth } from '../analysis/nesting';
import type { PredictContext } from './predictFlow';
import { elementType, sizeOfType, typeOfExpr } from './predictTypes';

/** ir.MaxImplicitStackVarSize: implicit allocations (make, new, &T{}) larger than this go to the heap. */
const MAX_IMPLICIT_STACK = 64 * 1024;

/** The compiler's reason to heap-allocate a slice make, or undefined when it may stay on the stack. */
export function makeHeapReason(args: Node[], ctx: PredictContext): string | undefined {
  const size = args[2] ?? args[1];
  if (!size) return undefined;
  const constant = isConstant(size, ctx);
  if (constant === false) return stackAllocatesVariableMakes(ctx.options.goVersion) ? undefined : 'non-constant size';
  if (constant === undefined) return undefined;
  const value = evalConst(toConstExpr(size, 0), (name) => constLookup(name, ctx));
  const elem = sizeOfType(elementType(args[0].text, ctx.env), ctx.env);
  if (typeof value !== 'number' || elem === undefined || elem === 0) return undefined;
  return value > Math.floor(MAX_IMPLICIT_STACK / elem) ? 'too large for stack' : undefined;
}

/** Go 1.25 gives small variable-size makes a stack buffer (and folds locals that hold constants). */
export function stackAllocatesVariableMakes(goVersion: string | undefined): boolean {
  return goMinor(goVersion) !== undefined && goMinor(goVersion)! >= 25;
}

/** The minor version of `go1.N[.p]` (or `1.N`), undefined when not given. */
export function goMinor(goVersion: string | undefined): number | undefined {
  const m = /^(?:go)?1\.(\d+)/.exec(goVersion ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Whether the compiler is one measured to behave like Go 1.19 where later ones changed (measured on
 * Go 1.19 and Go 1.26; the releases between are not claimed either way): `reflect.ValueOf` leaks its
 * argument (Go 1.21 stopped that), a package variable's `errors.New` is allocated at run time (now
 * initialised statically), `go f(x)` leaks x whatever f does. Unknown versions count as current.
 */
export function behavesLikeGo119(goVersion: string | undefined): boolean {
  const minor = goMinor(goVersion);
  return minor !== undefined && minor <= 19;
}

/** true: a compile-time constant; false: certainly not; undefined: cannot tell from here. */
function isConstant(node: Node, ctx: PredictContext, depth = 0): boolean | undefined {
  if (depth > maxExpressionDepth) return undefined;
  switch (node.type) {
    case 'int_literal': case 'float_literal': case 'rune_literal': return true;
    case 'parenthesized_expression': return isConstant(node.namedChild(0)!, ctx, depth + 1);
    case 'identifier': {
      const v = ctx.res.useOf.get(node.id);
      if (v) return v.kind === 'const';
      if (ctx.env.pkg?.constants.has(node.text)) return true;
      if (ctx.env.pkg?.vars.has(node.text)) return false;
      return undefined;
    }
    case 'selector_expression': {
      const operand = node.childForFieldName('operand');
      if (operand?.type === 'identifier' && ctx.env.imports.has(operand.text) && !ctx.res.useOf.has(operand.id)) {
        return knownConstant(node.text) !== undefined ? true : undefined;
      }
      return false; // a field
    }
    case 'unary_expression': case 'binary_expression': {
      const parts = node.type === 'unary_expression' ? [node.childForFieldName('operand')] : [node.childForFieldName('left'), node.childForFieldName('right')];
      const results = parts.map((p) => (p ? isConstant(p, ctx, depth + 1) : undefined));
      if (results.some((r) => r === false)) return false;
      return results.every((r) => r === true) ? true : undefined;
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn?.type === 'selector_expression' && /^unsafe\.(Sizeof|Alignof|Offsetof)$/.test(fn.text)) return true;
      if (fn?.type === 'identifier' && (fn.text === 'len' || fn.text === 'cap') && args[0]) {
        const t = typeOfExpr(args[0], ctx.env);
        if (args[0].type.endsWith('string_literal') || (t && /^\*?\[\d/.test(t))) return true;
        return t ? false : undefined;
      }
      if (fn?.type === 'identifier' && /^(u?int(8|16|32|64)?|uintptr|byte|rune)$/.test(fn.text) && args.length === 1 && args[0]) return isConstant(args[0], ctx, depth + 1);
      return false;
    }
    case 'index_expression': case 'slice_expression': return false;
    default: return undefined;
  }
}

function constLookup(name: string, ctx: PredictContext, depth = 0): { value: number | string | boolean } | undefined {
  const local = ctx.res.vars.find((v) => v.kind === 'const' && v.name === name && v.init);
  if (local) {
    // Local constants that refer to each other (or, in broken code, in a cycle) are followed only so far.
    if (depth > maxExpressionDepth) return undefined;
    const expr: ConstExpr = toConstExpr(local.init!, 0);
    const value = evalConst(expr, (n) => (n === name ? undefined : constLookup(n, ctx, depth + 1)));
    return value === undefined ? undefined : { value };
  }
  return ctx.env.pkg?.constValue(name) ?? (knownConstant(name) !== undefined ? { value: knownConstant(name)! } : undefined);
}
