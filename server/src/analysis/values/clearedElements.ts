// `clear(s)` (Go 1.21) sets every element of a slice to its zero value. For a function that clears a
// slice, the evaluator follows an element read (`s[i]`) as a term: 0 after the clear, unknown again
// after anything that may write the slice's elements (an assignment to `s` or `s[j]`, passing `s`
// to a call, an alias `t := s`). Only plain element and length reads leave the elements as they are.
import type { Node } from 'web-tree-sitter';
import type { FuncModel } from '../funcModel';
import { alwaysLeaves, argumentsOf, calleeName, unparen } from '../syntax';

const cleared = new WeakMap<FuncModel, Set<string>>();

/** The names the function passes to `clear` (outside nested literals too: they may run before a read). */
export function clearedIn(fn: FuncModel): Set<string> {
  let out = cleared.get(fn);
  if (!out) {
    out = new Set();
    if (fn.body?.text.includes('clear(')) {
      for (const c of fn.body.descendantsOfType('call_expression')) {
        const a = c && calleeName(c) === 'clear' ? unparen(argumentsOf(c)[0] ?? null) : null;
        if (a?.type === 'identifier') out.add(a.text);
      }
    }
    cleared.set(fn, out);
  }
  return out;
}

const SIMPLE = new Set(['expression_statement', 'assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement', 'send_statement', 'go_statement', 'defer_statement', 'var_declaration']);

/** What a simple statement does to the elements of `base`: zeroes them (`clear(base)`), may write them, or neither. */
export function elementEffect(s: Node, base: string): 'zero' | 'write' | undefined {
  if (!SIMPLE.has(s.type) || (s.type === 'expression_statement' && alwaysLeaves([s]))) return undefined;
  const call = s.type === 'expression_statement' ? unparen(s.namedChild(0)) : null;
  if (call?.type === 'call_expression' && calleeName(call) === 'clear' && unparen(argumentsOf(call)[0] ?? null)?.text === base) return 'zero';
  const uses = s.descendantsOfType('identifier').filter((n): n is Node => n?.text === base);
  return uses.every((n) => readOnly(n, s)) ? undefined : 'write';
}

/** `base[i]` read (not assigned, incremented or addressed), or `len(base)`, `cap(base)`. */
function readOnly(id: Node, s: Node): boolean {
  const p = id.parent;
  if (p?.type === 'argument_list') {
    const name = p.parent ? calleeName(p.parent) : '';
    return name === 'len' || name === 'cap';
  }
  if (p?.type !== 'index_expression' || p.childForFieldName('operand')?.id !== id.id) return false;
  const up = p.parent;
  if (up?.type === 'unary_expression' && up.childForFieldName('operator')?.text === '&') return false;
  if (up?.type === 'inc_statement' || up?.type === 'dec_statement') return false;
  const left = s.type === 'assignment_statement' ? s.childForFieldName('left') : null;
  return !left || !(p.startIndex >= left.startIndex && p.endIndex <= left.endIndex);
}
