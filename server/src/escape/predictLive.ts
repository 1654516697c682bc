// The code the compiler keeps: before escape analysis it drops a branch under a constant condition
// (`if debug`, `if runtime.GOOS == "windows"` elsewhere), the cases of a switch on a constant that
// cannot match, and the statements after a kept branch that always returns or panics. Pure.
import type { Node } from 'web-tree-sitter';
import { maxTreeDepth } from '../analysis/nesting';
import { type PredictContext, constantCondition, constantOf } from './predictFlow';

/** The children of node that are compiled (all of them unless a constant decides a branch). */
export function liveChildren(node: Node, ctx: PredictContext): Node[] {
  const out: Node[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'if_statement') {
      const taken = constantCondition(c.childForFieldName('condition'), ctx);
      if (taken === undefined) { out.push(c); continue; }
      const init = c.childForFieldName('initializer');
      if (init) out.push(init);
      const branch = c.childForFieldName(taken ? 'consequence' : 'alternative');
      if (branch) out.push(branch);
      if (node.type === 'statement_list' && terminates(branch)) break;
      continue;
    }
    if (c.type === 'expression_switch_statement') {
      const kept = constantCase(c, ctx);
      if (kept) { out.push(...kept); if (node.type === 'statement_list' && terminates(kept.at(-1) ?? null)) break; continue; }
    }
    out.push(c);
  }
  return out;
}

/** Pre-order walk over the compiled code. */
export function walkLive(node: Node, ctx: PredictContext, f: (n: Node) => void, depth = 0): void {
  // Expression chains thousands deep are not followed past the limit (the JavaScript stack).
  if (depth >= maxTreeDepth) return;
  f(node);
  for (const c of liveChildren(node, ctx)) walkLive(c, ctx, f, depth + 1);
}

/**
 * `switch K { case 1: … case 2: … }` with a constant K and constant cases: the one case that matches
 * (else the default), plus the initializer; undefined when that cannot be decided.
 */
function constantCase(sw: Node, ctx: PredictContext): Node[] | undefined {
  const value = sw.childForFieldName('value');
  const tag = value ? constantOf(value, ctx) : undefined;
  if (tag === undefined) return undefined;
  let chosen: Node | undefined;
  let fallback: Node | undefined;
  for (const c of sw.namedChildren) {
    if (c?.type === 'default_case') fallback = c;
    if (c?.type !== 'expression_case') continue;
    if (c.descendantsOfType('fallthrough_statement').length) return undefined;
    const values = c.childForFieldName('value')?.namedChildren ?? [];
    const consts = values.map((v) => (v ? constantOf(v, ctx) : undefined));
    if (consts.some((k) => k === undefined)) return undefined;
    if (!chosen && consts.includes(tag)) chosen = c;
  }
  if (fallback?.descendantsOfType('fallthrough_statement').length) return undefined;
  const init = sw.childForFieldName('initializer');
  const kept = chosen ?? fallback;
  return [...(init ? [init] : []), ...(kept ? [kept] : [])];
}

/** Whether a block or case always ends in `return` or `panic(…)`. */
function terminates(block: Node | null): boolean {
  const list = block?.namedChildren.find((n) => n?.type === 'statement_list');
  const last = (list ?? block)?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment').pop();
  if (last?.type === 'return_statement') return true;
  const call = last?.type === 'expression_statement' ? last.namedChild(0) : null;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.text === 'panic';
}
