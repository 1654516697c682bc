// Which function a finding belongs to (for code lenses and explanations).
import type { Node, Tree } from 'web-tree-sitter';
import { spanOf, type Finding, type Span } from '../analysis/analyzer';

export interface FunctionRef { name: string; span: Span }

/** The function a finding is in: from its facts, else the enclosing declaration in the tree. */
export function functionOf(f: Finding, tree: Tree | undefined): FunctionRef | undefined {
  if (f.facts.functionSpan) return { name: f.facts.functionName ?? 'function', span: f.facts.functionSpan };
  if (!tree) return undefined;
  let node: Node | null = tree.rootNode.descendantForPosition({ row: f.span.start.line, column: f.span.start.character });
  while (node && node.type !== 'function_declaration' && node.type !== 'method_declaration') node = node.parent;
  if (!node) return undefined;
  return { name: node.childForFieldName('name')?.text ?? 'function', span: spanOf(node) };
}

/** Whether a line is inside a span. */
export function lineIn(line: number, s: Span): boolean {
  return line >= s.start.line && line <= s.end.line;
}

/** Whether a position is inside a span. */
export function posIn(p: { line: number; character: number }, s: Span): boolean {
  const afterStart = p.line > s.start.line || (p.line === s.start.line && p.character >= s.start.character);
  const beforeEnd = p.line < s.end.line || (p.line === s.end.line && p.character <= s.end.character);
  return afterStart && beforeEnd;
}

/** Whether position `a` comes strictly before position `b`. */
export function posBefore(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
