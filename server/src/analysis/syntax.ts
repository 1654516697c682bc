// Small helpers over tree-sitter-go syntax shared by the rules.
import type { Node } from 'web-tree-sitter';
import { isNoReturnCall } from './values/facts';

export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
export const LOOP_OR_SWITCH = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);

/** The statements of a block, case clause or statement list. */
export function statementsOf(node: Node | null): Node[] {
  if (!node) return [];
  if (node.type === 'statement_list') return named(node);
  for (const c of node.namedChildren) if (c?.type === 'statement_list') return named(c);
  return [];
}

/** Non-null named children. */
export function named(node: Node): Node[] {
  const out: Node[] = [];
  for (const c of node.namedChildren) if (c) out.push(c);
  return out;
}

/** Strips parentheses. */
export function unparen(node: Node | null): Node | null {
  while (node && node.type === 'parenthesized_expression') node = node.namedChild(0);
  return node;
}

/** The expressions of an expression_list (or the node itself). */
export function listItems(node: Node | null): Node[] {
  if (!node) return [];
  return node.type === 'expression_list' ? named(node) : [node];
}

/** `pkg.Func`, `recv.Method` or `func` for a call expression. */
export function calleeName(call: Node): string {
  const fn = call.childForFieldName('function');
  return fn ? fn.text : '';
}

/** The arguments of a call. */
export function argumentsOf(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? named(args) : [];
}

/** Visits `root` and its descendants depth-first; `visit` returning false skips a subtree. */
export function walk(root: Node, visit: (n: Node) => boolean | void): void {
  const cursor = root.walk();
  try {
    let descend = visit(cursor.currentNode) !== false;
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        descend = visit(cursor.currentNode) !== false;
        continue;
      }
      for (;;) {
        if (cursor.nodeId === root.id) return;
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return;
      }
      descend = visit(cursor.currentNode) !== false;
    }
  } finally {
    cursor.delete();
  }
}

/** Visits descendants of `root`, not entering nested function literals. */
export function walkOwn(root: Node, visit: (n: Node) => void): void {
  walk(root, (n) => {
    if (n.id !== root.id && n.type === 'func_literal') return false;
    visit(n);
  });
}

/**
 * Descendants of `root` of the given types that are not inside a nested function literal, in
 * document order. Uses tree-sitter's own search (in WASM), much cheaper than a cursor walk from JS.
 */
export function ownDescendants(root: Node, types: string[]): Node[] {
  const all = root.descendantsOfType(types).filter((n): n is Node => n !== null && n.id !== root.id);
  const literals = root.descendantsOfType('func_literal').filter((n): n is Node => n !== null && n.id !== root.id);
  if (literals.length === 0) return all;
  // The outermost literals, in document order; one sweep then drops what lies inside them (linear,
  // where testing every node against every literal was quadratic in functions full of closures).
  const outer: Array<readonly [number, number]> = [];
  for (const l of literals) {
    const last = outer[outer.length - 1];
    if (!last || l.startIndex >= last[1]) outer.push([l.startIndex, l.endIndex]);
  }
  let k = 0;
  return all.filter((n) => {
    while (k < outer.length && outer[k][1] <= n.startIndex) k++;
    const r = outer[k];
    if (!r || n.startIndex < r[0] || n.endIndex > r[1]) return true;
    return n.type === 'func_literal' && n.startIndex === r[0] && n.endIndex === r[1];
  });
}

/** True when `inner` lies within `outer` (or is it). */
export function contains(outer: Node, inner: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** The label attached to a statement (`outer:` before a `for`), if any. */
export function labelOf(stmt: Node): string | undefined {
  const parent = stmt.parent;
  if (parent?.type === 'labeled_statement') return parent.childForFieldName('label')?.text;
  return undefined;
}

/** A call that never returns (panic, os.Exit, log.Fatal, t.Fatal…). */
export function isNoReturn(node: Node): boolean {
  if (node.type === 'expression_statement') node = node.namedChild(0) ?? node;
  return node.type === 'call_expression' && isNoReturnCall(calleeName(node));
}

/** True when control never falls off the end of this statement list (return, panic, break, continue, goto…). */
export function alwaysLeaves(stmts: Node[]): boolean {
  const last = stmts[stmts.length - 1];
  return last !== undefined && statementLeaves(last);
}

function statementLeaves(s: Node): boolean {
  switch (s.type) {
    case 'return_statement':
    case 'break_statement':
    case 'continue_statement':
    case 'goto_statement':
      return true;
    case 'expression_statement':
      return isNoReturn(s);
    case 'block':
      return alwaysLeaves(statementsOf(s));
    case 'labeled_statement': {
      const inner = s.namedChildren.find((c) => c && c.type !== 'label_name');
      return inner ? statementLeaves(inner) : false;
    }
    case 'if_statement': {
      const alt = s.childForFieldName('alternative');
      if (!alt) return false;
      const cons = s.childForFieldName('consequence');
      return alwaysLeaves(statementsOf(cons)) && (alt.type === 'if_statement' ? statementLeaves(alt) : alwaysLeaves(statementsOf(alt)));
    }
    case 'for_statement': {
      // `for {}` without a break never falls through.
      return !s.namedChildren.some((c) => c && c.type !== 'block') && !hasBreakFor(s);
    }
    default:
      return false;
  }
}

/** Whether a `break` (unlabelled at this level, or naming this loop's label) can leave `loop`. */
export function hasBreakFor(loop: Node): boolean {
  const label = labelOf(loop);
  const body = loop.childForFieldName('body');
  if (!body || !body.text.includes('break')) return false;
  return ownDescendants(body, ['break_statement']).some((n) => {
    const l = n.namedChild(0)?.text;
    return l ? l === label : nearestBreakable(n)?.id === loop.id;
  });
}

function nearestBreakable(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) {
    if (LOOP_OR_SWITCH.has(p.type)) return p;
    if (FUNCTION_TYPES.has(p.type)) return null;
  }
  return null;
}

/** The innermost function (declaration or literal) enclosing a node. */
export function enclosingFunction(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return null;
}

/** Line number for messages (1-based). */
export function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

/** Shortens source text for messages. */
export function brief(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}

/** `s` with the characters a regular expression gives a meaning to escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
