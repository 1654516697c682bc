// Quick-fix builders for loop findings. Each fix is one alternative; its edits never overlap and
// leave gofmt-clean code. The safest fix of a finding is marked preferred:
// - a literal zero step becomes `i++` / `i--`; a multiplicative loop from a literal 0 starts at 1;
// - otherwise a guard before the loop returns the function's zero values (an error result gets a
//   descriptive error, importing fmt when needed) — preferred — or the step is clamped to 1;
// - an append whose count is computable gets its slice preallocated (with the guard when needed).
// A fix is offered only where it compiles and means what it says: a clamp assigns only to an integer
// local of the loop's own function, a guard never tests a constant (a constant zero step is fixed at a
// local constant's declaration, or not at all), and no fix names what is not declared where it goes.
// Pure: the finding, the parsed file and the package context in, fixes out.
import type { Node } from 'web-tree-sitter';
import { spanOf, type Finding, type Fix, type SourceFile, type TextChange } from './analyzer';
import type { PackageContext } from './values/summaries';
import { errorResultExpr, zeroValues } from './fixHelpers';
import { resolveName } from './fixScope';
import { enclosingFunction } from './syntax';
import { assignableLocal, guardableStep, hasGuardBefore, isPlainExpr, isZeroLiteral, loopKind, loopShape, sameBefore, startsLine, stepOf, type LoopShape } from './fixLoop';

/** The fixes for a finding (empty when none applies). */
export function fixesFor(finding: Finding, file: SourceFile, pkg: PackageContext): Fix[] {
  const loopSpan = finding.facts.loop ?? finding.facts.growth?.loop ?? (finding.rule === 'infinite-recursion' ? undefined : finding.span);
  if (!loopSpan) return [];
  const shape = loopShape(file, loopSpan);
  if (!shape) return [];
  const fixes: Fix[] = [];
  if (finding.rule === 'zero-step-loop' || finding.rule === 'non-progressing-loop' || finding.facts.growth) {
    const literal = literalZeroStep(shape);
    if (literal) fixes.push(literal);
    const start = startAtOne(shape);
    if (start) fixes.push(start);
    if (!literal && !start) {
      const guard = guardFix(shape, finding, file, pkg);
      if (guard) fixes.push(guard);
      const clamp = clampFix(shape, file, pkg);
      if (clamp) fixes.push(clamp);
      const constant = localConstantFix(shape, pkg);
      if (constant) fixes.push(constant);
    }
  }
  if (finding.facts.growth?.kind === 'append') {
    const pre = preallocateFix(shape, finding, file, pkg);
    if (pre) fixes.push(pre);
  }
  if (fixes.length > 0 && !fixes.some((f) => f.preferred)) fixes[0].preferred = true;
  return fixes;
}

function change(node: Node, newText: string): TextChange {
  return { span: spanOf(node), newText };
}

/** `i += 0` → `i++`. */
function literalZeroStep(s: LoopShape): Fix | undefined {
  if (!s.update || !s.variable || !isZeroLiteral(s.step) || (s.op !== '+=' && s.op !== '-=')) return undefined;
  const text = `${s.variable}${s.op === '+=' ? '++' : '--'}`;
  return { title: `Replace the zero step with \`${text}\``, preferred: true, changes: [change(s.update, text)] };
}

/** `for v := 0; …; v *= k` → start at 1 (0 times anything stays 0). */
function startAtOne(s: LoopShape): Fix | undefined {
  if (!s.init || !s.variable || (s.op !== '*=' && s.op !== '<<=')) return undefined;
  const right = s.init.childForFieldName('right');
  const value = right?.namedChildCount === 1 ? right.namedChild(0) : null;
  if (!value || !isZeroLiteral(value)) return undefined;
  // A float start stays a float (`v := 1` would make v an int).
  return { title: `Start \`${s.variable}\` at 1: multiplying 0 never changes it`, preferred: true, changes: [change(value, value.type === 'float_literal' ? '1.0' : '1')] };
}

function indentOf(file: SourceFile, node: Node): string {
  const lineStart = file.text.lastIndexOf('\n', node.startIndex - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(lineStart, node.startIndex))?.[0] ?? '';
}

function insertBefore(statement: Node, text: string): TextChange {
  const at = { line: statement.startPosition.row, character: 0 };
  return { span: { start: at, end: at }, newText: text };
}

/** `if step <= 0 { return <zero values> }` before the loop. */
function guardFix(s: LoopShape, finding: Finding, file: SourceFile, pkg: PackageContext): Fix | undefined {
  const step = guardableStep(s, file, pkg);
  if (!step || hasGuardBefore(s, step)) return undefined;
  const built = guardText(s, step, finding, file, pkg);
  if (!built) return undefined;
  return { title: `Return before the loop when \`${step.text}\` is not positive`, preferred: true, changes: built };
}

function guardText(s: LoopShape, step: Node, finding: Finding, file: SourceFile, pkg: PackageContext, anchor: Node = s.statement): TextChange[] | undefined {
  const fn = enclosingFunction(s.loop);
  if (!fn) return undefined;
  const indent = indentOf(file, anchor);
  const name = fn.childForFieldName('name')?.text ?? finding.facts.functionName ?? 'function';
  const results = zeroValues(fn.childForFieldName('result'), pkg);
  if (!results) return undefined;
  const changes: TextChange[] = [];
  const values: string[] = [];
  for (const r of results) {
    if (r !== 'error') { values.push(r); continue; }
    const err = errorResultExpr(file, `${name}: ${step.text} must be positive, got %v`, step.text);
    // A local or package-level `fmt` hides the package: the error could not be built.
    if (resolveName(err.packageName, anchor, pkg)) return undefined;
    if (err.importChange) changes.push(err.importChange);
    values.push(err.expr);
  }
  const ret = values.length > 0 ? `return ${values.join(', ')}` : 'return';
  changes.push(insertBefore(anchor, `${indent}if ${step.text} <= 0 {\n${indent}\t${ret}\n${indent}}\n`));
  return changes;
}

/** `if step < 1 { step = 1 }` before the loop, when the step is an integer local of the loop's function. */
function clampFix(s: LoopShape, file: SourceFile, pkg: PackageContext): Fix | undefined {
  const step = guardableStep(s, file, pkg);
  // A float step of 0.5 is not to be raised to 1, and a type parameter may be a float.
  if (!step || !assignableLocal(s, step, pkg) || loopKind(s, step, pkg) !== 'int') return undefined;
  const indent = indentOf(file, s.statement);
  const text = `${indent}if ${step.text} < 1 {\n${indent}\t${step.text} = 1\n${indent}}\n`;
  return { title: `Clamp \`${step.text}\` to at least 1 before the loop`, changes: [insertBefore(s.statement, text)] };
}

/**
 * A step that is a local constant written as 0 and used nowhere else: set it to 1 where it is declared.
 * (A package constant may be used elsewhere, so it gets no fix.)
 */
function localConstantFix(s: LoopShape, pkg: PackageContext): Fix | undefined {
  const step = stepOf(s);
  if (!step || step.type !== 'identifier' || loopKind(s, step, pkg) !== 'int') return undefined;
  const b = resolveName(step.text, s.statement, pkg);
  const fn = enclosingFunction(s.loop);
  if (b?.kind !== 'const' || !b.id || !fn || b.fn?.id !== fn.id || b.init?.type !== 'int_literal' || !isZeroLiteral(b.init)) return undefined;
  const uses = fn.descendantsOfType('identifier').filter((n) => n?.text === step.text).length;
  if (uses !== 2) return undefined;
  return { title: `Set the constant \`${step.text}\` to 1 where it is declared (line ${b.id.startPosition.row + 1})`, changes: [change(b.init, '1')] };
}

/** `var x []T` → `x := make([]T, 0, n)` when the loop's count is computable (with the guard when the step is a variable). */
function preallocateFix(s: LoopShape, finding: Finding, file: SourceFile, pkg: PackageContext): Fix | undefined {
  const g = finding.facts.growth;
  if (!g || !s.cond || s.cond.type !== 'binary_expression' || !s.variable) return undefined;
  if (s.cond.childForFieldName('operator')?.text !== '<' || s.cond.childForFieldName('left')?.text !== s.variable) return undefined;
  const bound = s.cond.childForFieldName('right');
  const initValue = s.init?.childForFieldName('right');
  if (!bound || !initValue || initValue.namedChildCount !== 1 || !isPlainExpr(bound) || !isZeroLiteral(initValue.namedChild(0) ?? undefined)) return undefined;
  const decl = sliceDeclaration(s.statement, g.target);
  // make's capacity must be an int, and everything it reads must mean at the declaration what it
  // means at the loop (declared before it, not set in between).
  if (!decl || !startsLine(file, decl.node) || loopKind(s, bound, pkg) !== 'int' || !sameBefore(bound, decl.node, s.statement, pkg)) return undefined;
  let count: string;
  const changes: TextChange[] = [];
  const n = compact(bound.text);
  const literalStep = s.step && s.step.type === 'int_literal' ? Number(s.step.text.replace(/_/g, '')) : undefined;
  if (s.op === '+=' && literalStep !== undefined && literalStep > 0) count = literalStep === 1 ? n : `(${n}+${literalStep - 1})/${literalStep}`;
  else if (s.op === '++') count = n;
  else {
    const step = guardableStep(s, file, pkg);
    if (!step || s.op !== '+=' || step.type !== 'identifier') return undefined;
    // The count divides by the step, so the guard must run first: it goes before the declaration.
    if (!sameBefore(step, decl.node, s.statement, pkg)) return undefined;
    const guard = guardText(s, step, finding, file, pkg, decl.node);
    if (!guard) return undefined;
    changes.push(...guard);
    count = `(${n}+${step.text}-1)/${step.text}`;
  }
  changes.push(change(decl.node, `${g.target} := make([]${decl.element}, 0, ${count})`));
  const sorted = changes.sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.character - b.span.start.character);
  return { title: `Preallocate \`${g.target}\` with make([]${decl.element}, 0, ${count})${changes.length > 1 ? ' after a guard' : ''}`, changes: sorted };
}

/** An expression as gofmt prints it inside a larger binary expression (no spaces around operators). */
function compact(expr: string): string {
  return /["'`]/.test(expr) ? `(${expr})` : expr.replace(/\s*([-+*/%])\s*/g, '$1');
}

/** `var x []T` (or `x := []T{}`) as a statement of the block that holds the loop, before it. */
function sliceDeclaration(statement: Node, target: string): { node: Node; element: string } | undefined {
  const list = statement.parent;
  if (!list) return undefined;
  for (const st of list.namedChildren) {
    if (!st || st.startIndex >= statement.startIndex) break;
    if (st.type === 'var_declaration') {
      const spec = st.namedChild(0);
      const names = spec?.childrenForFieldName('name') ?? [];
      const type = spec?.childForFieldName('type');
      if (spec?.type === 'var_spec' && names.length === 1 && names[0]?.text === target && type?.type === 'slice_type' && !spec.childForFieldName('value')) {
        return { node: st, element: type.childForFieldName('element')?.text ?? '' };
      }
    }
    if (st.type === 'short_var_declaration') {
      const left = st.childForFieldName('left');
      const right = st.childForFieldName('right');
      const value = right?.namedChild(0);
      if (left?.namedChildCount === 1 && left.namedChild(0)?.text === target && value?.type === 'composite_literal') {
        const type = value.childForFieldName('type');
        const body = value.childForFieldName('body');
        if (type?.type === 'slice_type' && body && body.namedChildCount === 0) return { node: st, element: type.childForFieldName('element')?.text ?? '' };
      }
    }
  }
  return undefined;
}
