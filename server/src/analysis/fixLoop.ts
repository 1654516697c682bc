// The loop a quick fix is built for, read once: its clause, its step, and what the names in it
// mean before the loop, so the fixes only test, assign and divide by what is valid there.
// Pure: the syntax tree and the package context in.
import type { Node } from 'web-tree-sitter';
import type { SourceFile, Span } from './analyzer';
import type { PackageContext } from './values/summaries';
import { numberKind, resolveName, typeOfExpr, type Binding, type NumberKind } from './fixScope';
import { enclosingFunction, listItems, walk } from './syntax';

export interface LoopShape {
  loop: Node;
  /** The statement to insert before (the loop, or its label). */
  statement: Node;
  variable?: string;
  op?: string;
  step?: Node;
  update?: Node;
  init?: Node;
  cond?: Node;
}

/** Finds the `for` statement at a span and reads its clause. */
export function loopShape(file: SourceFile, span: Span): LoopShape | undefined {
  let node: Node | null = file.tree.rootNode.descendantForPosition({ row: span.start.line, column: span.start.character });
  while (node && !(node.type === 'for_statement' && node.startPosition.row === span.start.line && node.startPosition.column === span.start.character)) node = node.parent;
  if (!node) return undefined;
  const statement = node.parent?.type === 'labeled_statement' ? node.parent : node;
  const clause = node.namedChildren.find((c) => c?.type === 'for_clause') ?? undefined;
  const shape: LoopShape = { loop: node, statement };
  if (!clause) return shape;
  shape.init = clause.childForFieldName('initializer') ?? undefined;
  shape.cond = clause.childForFieldName('condition') ?? undefined;
  const update = clause.childForFieldName('update');
  shape.update = update ?? undefined;
  if (update?.type === 'inc_statement') {
    shape.variable = update.namedChild(0)?.text;
    shape.op = update.text.endsWith('++') ? '++' : '--';
  }
  if (update?.type === 'assignment_statement') {
    const left = update.childForFieldName('left');
    const right = update.childForFieldName('right');
    const op = update.childForFieldName('operator')?.text;
    const target = left?.namedChildCount === 1 ? left.namedChild(0) : null;
    const value = right?.namedChildCount === 1 ? right.namedChild(0) : null;
    if (target && value && op) {
      shape.variable = target.text;
      if (op === '=' && value.type === 'binary_expression' && value.childForFieldName('left')?.text === target.text) {
        shape.op = `${value.childForFieldName('operator')?.text}=`;
        shape.step = value.childForFieldName('right') ?? undefined;
      } else if (op !== '=') {
        shape.op = op;
        shape.step = value;
      }
    }
  }
  return shape;
}

export function isZeroLiteral(n: Node | undefined): boolean {
  return !!n && (n.type === 'int_literal' || n.type === 'float_literal') && Number(n.text.replace(/_/g, '')) === 0;
}

/** A step expression that may be evaluated twice (no calls, receives or assignments). */
export function isPlainExpr(root: Node): boolean {
  // An iterative walk: a step can be an expression chain thousands of operators long.
  let plain = true;
  walk(root, (n) => {
    if (!plain) return false;
    if (n.type === 'call_expression' && !/^(len|cap)$/.test(n.childForFieldName('function')?.text ?? '')) plain = false;
    else if (n.type === 'unary_expression' && n.text.startsWith('<-')) plain = false;
    return plain;
  });
  return plain;
}

export function stepOf(s: LoopShape): Node | undefined {
  if (!s.step || (s.op !== '+=' && s.op !== '-=') || !isPlainExpr(s.step)) return undefined;
  if (s.step.type === 'int_literal' || s.step.type === 'float_literal') return undefined;
  return s.step;
}

/** Whether a statement begins its line (code inserted before the line then goes before it alone). */
export function startsLine(file: SourceFile, node: Node): boolean {
  const lineStart = file.text.lastIndexOf('\n', node.startIndex - 1) + 1;
  return /^[ \t]*$/.test(file.text.slice(lineStart, node.startIndex));
}

/** The names an expression reads (not field names, not called functions). */
export function namesIn(e: Node): Node[] {
  const out: Node[] = [];
  walk(e, (n) => {
    if (n.type === 'identifier' && !(n.parent?.type === 'call_expression' && n.parent.childForFieldName('function')?.id === n.id)) out.push(n);
  });
  return out;
}

/** Names the loop's own initializer declares: a guard before the loop would not see them. */
export function declaredByLoop(s: LoopShape, name: string): boolean {
  return s.init?.type === 'short_var_declaration' && listItems(s.init.childForFieldName('left')).some((l) => l.text === name);
}

/** Whether every name the step reads is a constant (a guard on it would always or never return). */
export function isConstantStep(step: Node, at: Node, pkg: PackageContext): boolean {
  const names = namesIn(step);
  return names.length > 0 && names.every((n) => resolveName(n.text, at, pkg)?.kind === 'const');
}

/** The kind of number the loop steps through: the loop variable's type (a `+=` step has the same type). */
export function loopKind(s: LoopShape, step: Node, pkg: PackageContext): NumberKind | undefined {
  let type: string | undefined;
  if (s.variable && declaredByLoop(s, s.variable)) {
    const lefts = listItems(s.init?.childForFieldName('left') ?? null);
    const rights = listItems(s.init?.childForFieldName('right') ?? null);
    const i = lefts.findIndex((l) => l.text === s.variable);
    type = lefts.length === rights.length ? typeOfExpr(rights[i], s.statement, pkg) : undefined;
  } else if (s.variable) {
    type = typeOfExpr(s.update?.descendantsOfType('identifier').find((n) => n?.text === s.variable), s.statement, pkg);
  }
  return numberKind(type, pkg) ?? numberKind(typeOfExpr(step, s.statement, pkg), pkg);
}

/** An `if <step> <= 0` (or `< 1`, `== 0`) already right before the loop: a second one would only repeat it. */
export function hasGuardBefore(s: LoopShape, step: Node): boolean {
  const wanted = new Set(['<=0', '<1', '==0'].map((c) => `${step.text.replace(/\s+/g, '')}${c}`));
  const list = s.statement.parent;
  return !!list && list.namedChildren.some((st) => st?.type === 'if_statement' && st.startIndex < s.statement.startIndex
    && wanted.has(st.childForFieldName('condition')?.text.replace(/\s+/g, '') ?? ''));
}

/** The step a guard before the loop may test: a non-constant number whose names mean there what they mean in the loop. */
export function guardableStep(s: LoopShape, file: SourceFile, pkg: PackageContext): Node | undefined {
  const step = stepOf(s);
  if (!step || !startsLine(file, s.statement) || namesIn(step).some((n) => declaredByLoop(s, n.text))) return undefined;
  if (isConstantStep(step, s.statement, pkg) || loopKind(s, step, pkg) === 'other') return undefined;
  return step;
}

/** A step variable the fix may assign: a variable or parameter of the loop's own function (not a constant, a package variable or a captured one). */
export function assignableLocal(s: LoopShape, step: Node, pkg: PackageContext): Binding | undefined {
  if (step.type !== 'identifier') return undefined;
  const b = resolveName(step.text, s.statement, pkg);
  const fn = enclosingFunction(s.loop);
  return b && (b.kind === 'var' || b.kind === 'param') && b.fn && fn && b.fn.id === fn.id ? b : undefined;
}

/** Whether every name `e` reads resolves at `early` as at `late` (a statement after it in the same block), and no statement between mentions it. */
export function sameBefore(e: Node, early: Node, late: Node, pkg: PackageContext): boolean {
  const between = (early.parent?.namedChildren ?? []).filter((st) => st && st.startIndex > early.startIndex && st.startIndex < late.startIndex);
  return namesIn(e).every((n) => {
    const a = resolveName(n.text, early, pkg);
    const b = resolveName(n.text, late, pkg);
    if (a?.kind !== b?.kind || a?.id?.id !== b?.id?.id) return false;
    return !between.some((st) => st?.descendantsOfType('identifier').some((id) => id?.text === n.text));
  });
}
