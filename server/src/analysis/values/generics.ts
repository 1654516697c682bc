// Type parameters (Go 1.18 generics) in scope at a function: its own (`func F[T any]`), its
// receiver's (`func (s *Stack[T]) Push`), and those of the functions around a func literal. A call
// `T(x)` of one of them is a conversion: it keeps x's value, as a conversion to a named type does.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction } from '../syntax';

const cache = new WeakMap<Node, Set<string>>();

/** Whether `name` is a type parameter in scope in `fn`. */
export function isTypeParameter(name: string, fn: Node): boolean {
  return typeParametersOf(fn).has(name);
}

function typeParametersOf(fn: Node): Set<string> {
  const hit = cache.get(fn);
  if (hit) return hit;
  const out = new Set<string>();
  for (let f: Node | null = fn; f; f = f.parent ? enclosingFunction(f.parent) : null) {
    for (const d of f.childForFieldName('type_parameters')?.namedChildren ?? []) {
      if (d?.type === 'type_parameter_declaration') for (const n of d.childrenForFieldName('name')) if (n) out.add(n.text);
    }
    // A generic receiver names its type parameters as the type's arguments: `(s *Stack[T])`.
    for (const decl of f.childForFieldName('receiver')?.namedChildren ?? []) {
      const args = decl?.childForFieldName('type')?.descendantsOfType('type_arguments')[0];
      for (const a of args?.namedChildren ?? []) if (a && /^[\p{L}_][\p{L}\p{N}_]*$/u.test(a.text)) out.add(a.text);
    }
  }
  cache.set(fn, out);
  return out;
}
