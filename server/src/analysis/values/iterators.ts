// Range-over-func iterators (Go 1.23) that never end: a function of the shape
//   func(yield func(T) bool) { …; for { …; if !yield(v) { return }; … } }
// whose `for {}` is always reached and is left only when the consumer says stop (yield returns
// false). Ranged over by a loop body that never stops it, such an iterator runs forever.
// Only iterators of this package are judged: the standard library's rarely yield forever, and an
// imported one's body is not here to read.
import type { Node } from 'web-tree-sitter';
import { isNoReturnCall } from './facts';
import { calleeName, hasBreakFor, listItems, ownDescendants, statementsOf, unparen } from '../syntax';

/** What a summary records about a function or method whose iterator yields forever. */
export interface EndlessIterator {
  /** `call`: the function returns the iterator (`range naturals()`); `value`: it is the iterator (`range naturals`). */
  shape: 'call' | 'value';
  /** 0-based line of the iterator's endless `for {}` loop. */
  loopLine: number;
}

/** The endless `for {}` of an iterator function (one `yield func(…) bool` parameter), if it never ends on its own. */
export function endlessYieldLoop(fn: Node): Node | undefined {
  const yieldName = yieldParameter(fn);
  const body = fn.childForFieldName('body');
  if (!yieldName || !body) return undefined;
  for (const st of statementsOf(body)) {
    const loop = st.type === 'labeled_statement' ? st.namedChildren.find((c) => c?.type === 'for_statement') ?? st : st;
    if (loop.type === 'for_statement' && isBareLoop(loop)) return yieldsForever(loop, yieldName) ? loop : undefined;
    // Anything before the loop that can leave means the iterator may end before it starts.
    if (mayLeave(st)) return undefined;
  }
  return undefined;
}

/** For a function declaration, method or literal: whether it is, or returns, an iterator that never ends. */
export function endlessIteratorOf(fn: Node): EndlessIterator | undefined {
  const found = endlessLoopOf(fn);
  return found && { shape: found.shape, loopLine: found.loop.startPosition.row };
}

/** The endless loop of the iterator `fn` is (`value`) or returns (`call`). */
export function endlessLoopOf(fn: Node): { shape: EndlessIterator['shape']; loop: Node } | undefined {
  const own = endlessYieldLoop(fn);
  if (own) return { shape: 'value', loop: own };
  const literal = returnedIterator(fn);
  const loop = literal && endlessYieldLoop(literal);
  return loop ? { shape: 'call', loop } : undefined;
}

/** The func literal `fn` returns, when it has exactly one return. */
function returnedIterator(fn: Node): Node | undefined {
  const body = fn.childForFieldName('body');
  if (!body || body.text.length > 20000) return undefined;
  const returns = ownDescendants(body, ['return_statement']);
  if (returns.length !== 1) return undefined;
  const values = listItems(returns[0].namedChild(0));
  const lit = values.length === 1 ? unparen(values[0]) : null;
  return lit?.type === 'func_literal' ? lit : undefined;
}

/** Names the methods a summary keeps (`.All`), apart from functions of the same name. */
export function methodKey(name: string): string {
  return `.${name}`;
}

/** Two declarations of one name (build-tagged files, methods of different types): endless only if both are. */
export function mergeIteratorFacts<T extends { endlessIterator?: EndlessIterator }>(prev: T | undefined, next: T): T {
  if (!prev) return next;
  const a = prev.endlessIterator;
  const b = next.endlessIterator;
  if (a && b && a.shape === b.shape) return next;
  if (!a && !b) return next;
  const { endlessIterator: _dropped, ...rest } = next;
  return rest as T;
}

function yieldParameter(fn: Node): string | undefined {
  const params = fn.childForFieldName('parameters');
  const decls = (params?.namedChildren ?? []).filter((d): d is Node => d?.type === 'parameter_declaration');
  if (decls.length !== 1) return undefined;
  const names = decls[0].childrenForFieldName('name');
  const type = decls[0].childForFieldName('type');
  if (names.length !== 1 || !names[0] || type?.type !== 'function_type') return undefined;
  return type.childForFieldName('result')?.text === 'bool' ? names[0].text : undefined;
}

/** `for {}` or `for i := 0; ; i++ {}`: no condition, no range. */
function isBareLoop(loop: Node): boolean {
  const head = loop.namedChildren.find((c) => c && c.type !== 'block');
  if (!head) return true;
  return head.type === 'for_clause' && !head.childForFieldName('condition');
}

/** The loop yields, and leaves only by `if !yield(v) { return }` (or a panic there): no break, goto, other return or panic. */
function yieldsForever(loop: Node, yieldName: string): boolean {
  const body = loop.childForFieldName('body');
  if (!body || hasBreakFor(loop)) return false;
  let yields = false;
  for (const n of ownDescendants(body, ['return_statement', 'goto_statement', 'call_expression'])) {
    if (n.type === 'goto_statement') return false;
    if (n.type === 'return_statement') {
      if (!stoppedByConsumer(n, body, yieldName)) return false;
      continue;
    }
    const name = calleeName(n);
    if (name === yieldName) yields = true;
    else if (isNoReturnCall(name) && !stoppedByConsumer(n, body, yieldName)) return false;
  }
  return yields;
}

/** A return (or panic) inside the consequence of `if !yield(…)`: the consumer's break, not the iterator's own end. */
function stoppedByConsumer(ret: Node, body: Node, yieldName: string): boolean {
  let child: Node = ret;
  for (let p = ret.parent; p && p.id !== body.id; child = p, p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const cond = unparen(p.childForFieldName('condition'));
    if (p.childForFieldName('consequence')?.id !== child.id || cond?.type !== 'unary_expression') return false;
    const operand = unparen(cond.childForFieldName('operand'));
    return cond.childForFieldName('operator')?.text === '!' && operand?.type === 'call_expression' && calleeName(operand) === yieldName;
  }
  return false;
}

function mayLeave(st: Node): boolean {
  if (st.type === 'return_statement' || st.type === 'goto_statement') return true;
  return ownDescendants(st, ['return_statement', 'goto_statement', 'call_expression'])
    .some((n) => n.type !== 'call_expression' || isNoReturnCall(calleeName(n)));
}
