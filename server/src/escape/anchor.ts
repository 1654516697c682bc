// The syntax a fact is about, for placing hints and hovers: the compiler reports a call at its `(`,
// a composite literal at its `{`, a selector at its `.`, an index at its `[`, a binary expression
// at its operator; this finds the whole expression (or the variable's identifier). Pure.
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../analysis/analyzer';
import type { EscapeFact } from './types';

/** The span of the expression or identifier a fact (1-based UTF-16 position) names, in the tree of the same text. */
export function factSpan(fact: Pick<EscapeFact, 'line' | 'column' | 'kind'>, tree: Tree): Span | undefined {
  const point = { row: fact.line - 1, column: fact.column - 1 };
  const leaf = tree.rootNode.descendantForPosition(point);
  if (!leaf || leaf.startPosition.row !== point.row || leaf.startPosition.column !== point.column) return undefined;
  const node = anchorOf(leaf);
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function anchorOf(leaf: Node): Node {
  let n = leaf;
  const parent = n.parent;
  if (!parent) return n;
  switch (n.type) {
    case '(':
      n = parent.type === 'argument_list' ? parent.parent ?? parent : parent;
      break;
    case 'argument_list':
      n = parent;
      break;
    case '{':
      n = parent.type === 'literal_value' ? parent.parent ?? parent : parent;
      break;
    case 'literal_value':
      n = parent;
      break;
    case '.': case '[':
      n = parent;
      break;
    case 'func':
      n = parent.type === 'func_literal' ? parent : n;
      break;
    default:
      if (parent.type === 'binary_expression' && parent.childForFieldName('operator')?.id === n.id) n = parent;
  }
  // `&T{...}` is reported at `&`; a composite literal under `&` is the allocation too.
  if (n.type === 'composite_literal' && n.parent?.type === 'unary_expression' && n.parent.childForFieldName('operator')?.text === '&') n = n.parent;
  if (n.type === '&' && n.parent?.type === 'unary_expression') n = n.parent;
  return n;
}
