// "I/O that stops producing": a read whose error is discarded, in a loop whose way out depends on
// what was read. At the end of the input the read fails every time, the buffer keeps its last
// contents (a returned byte is 0), and the exit that waits for a particular value never sees it.
import type { Node } from 'web-tree-sitter';
import { baseName, type FuncModel } from '../funcModel';
import { argumentsOf, calleeName, listItems, ownDescendants, unparen } from '../syntax';
import { exitsRepeat, loopExits } from './exitGuards';
import type { LoopState } from './loopState';

export interface IgnoredRead {
  /** The read call whose error nothing looks at. */
  call: Node;
  /** What it fills or returns: the names an exit would read. */
  targets: string[];
  exits: Node[];
}

/** Reads that fill their buffer argument: the buffer's argument index. */
const FILLS: Record<string, number> = { 'io.ReadFull': 1, 'io.ReadAtLeast': 1, 'binary.Read': 2 };
const FILL_METHODS = new Set(['Read', 'ReadAt']);
const RETURN_METHODS = new Set(['ReadByte', 'ReadRune', 'ReadString', 'ReadBytes', 'ReadLine', 'ReadSlice', 'Peek']);

/** A read with a discarded error whose results decide every exit of the loop, if any. */
export function ignoredRead(ls: LoopState, cond: Node | null): IgnoredRead | undefined {
  for (const call of ownDescendants(ls.body, ['call_expression'])) {
    const read = discardedRead(call, ls.m);
    if (!read) continue;
    const state = new Set(read);
    const exits = loopExits(ls);
    if (!exits || exits.length + (cond ? 1 : 0) === 0) continue;
    const guards = exits.flatMap((e) => e.guards);
    if (cond) guards.push(cond);
    const readsTarget = (g: Node) => read.some((t) => new RegExp(`(^|[^\\w.])${t}([^\\w]|$)`).test(g.text) || readsThroughLocal(g, t, ls));
    if (!exits.every((e) => e.guards.some(readsTarget)) || (cond && !readsTarget(cond))) continue;
    if (!exitsRepeat(exits, ls, state)) continue;
    if (cond && !exitsRepeat([{ node: cond, guards: [cond] }], ls, state)) continue;
    return { call, targets: read, exits: [...exits.map((e) => e.node), ...(cond ? [cond] : [])] };
  }
  return undefined;
}

/** The names a read fills or returns when its error is dropped (`io.ReadFull(r, b)`, `c, _ := br.ReadByte()`). */
function discardedRead(call: Node, m: FuncModel): string[] | undefined {
  const name = calleeName(call);
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text ?? '' : '';
  const fillIndex = FILLS[name] ?? (FILL_METHODS.has(method) && !FILLS[name] ? 0 : undefined);
  const parent = call.parent;
  const stmt = parent?.type === 'expression_list' ? parent.parent : parent;
  const discarded = stmt?.type === 'expression_statement'
    || ((stmt?.type === 'assignment_statement' || stmt?.type === 'short_var_declaration') && errorIgnored(stmt, call));
  if (!discarded) return undefined;
  // Only a reader known to be a stream ends: a hash's or a random source's Read never fails.
  const source = fillIndex !== undefined && FILLS[name] !== undefined ? unparen(argumentsOf(call)[0] ?? null) : unparen(fn?.childForFieldName('operand') ?? null);
  if (!source || !streamLike(source, m)) return undefined;
  if (fillIndex !== undefined) {
    const arg = unparen(argumentsOf(call)[fillIndex] ?? null);
    const b = arg?.type === 'unary_expression' ? baseName(arg.childForFieldName('operand')) : baseName(arg);
    return b ? [b] : undefined;
  }
  if (RETURN_METHODS.has(method) && stmt?.type !== 'expression_statement') {
    const first = listItems(stmt!.childForFieldName('left'))[0];
    return first && first.type === 'identifier' && first.text !== '_' ? [first.text] : undefined;
  }
  return undefined;
}

/** Whether a reader is declared as a stream: an io.Reader, a bufio.Reader, a file, a connection, a body. */
function streamLike(source: Node, m: FuncModel): boolean {
  const b = baseName(source);
  if (!b) return false;
  const declared = m.params.get(b)?.type ?? m.localTypes.get(b) ?? '';
  const id = m.locals.get(b)?.[0];
  const decl = id?.parent?.type === 'expression_list' ? id.parent.parent : id?.parent;
  const init = decl?.type === 'short_var_declaration' ? decl.childForFieldName('right')?.text ?? '' : '';
  const stream = /Reader|ReadCloser|ReadSeeker|Conn\b|File\b|Body\b|Stdin|Pipe/;
  return stream.test(declared) || /^(bufio\.NewReader|os\.Open|net\.Dial|os\.Stdin|.*\.Body$)/.test(init) || (source.type === 'selector_expression' && /^(Body|Reader|r|rd|conn|Conn|br)$/.test(source.childForFieldName('field')?.text ?? ''));
}

/** `x, _ := …` or `_, _ = …`: the last result (the error) goes to the blank identifier. */
function errorIgnored(stmt: Node, call: Node): boolean {
  const rights = listItems(stmt.childForFieldName('right'));
  if (rights.length !== 1 || rights[0].id !== call.id) return false;
  const lefts = listItems(stmt.childForFieldName('left'));
  return lefts.length >= 2 && lefts[lefts.length - 1].text === '_';
}

/** Whether `g` reads a local the loop computes from `target` (`digit := b[0]`). */
function readsThroughLocal(g: Node, target: string, ls: LoopState): boolean {
  for (const [name, defs] of ls.defs) {
    if (!new RegExp(`(^|[^\\w.])${name}([^\\w]|$)`).test(g.text)) continue;
    if (defs.some((d) => new RegExp(`(^|[^\\w.])${target}([^\\w]|$)`).test(d.text))) return true;
  }
  return false;
}
