// One walk over a file for what the package summaries need beyond declarations: the calls of
// unexported functions and methods with their constant arguments, other uses of unexported names
// (a function passed as a value), and fields set straight from an unchecked parameter. A tree
// cursor visits every node once; Node objects are made only for the few kinds that matter.
import type { Node, TreeCursor } from 'web-tree-sitter';
import { toConstExpr } from './constExpr';
import type { CallSite } from './summaries';

export interface FileUses {
  callSites: CallSite[];
  valueUses: Array<{ name: string; line: number }>;
  unguardedFieldWrites: Array<{ field: string; line: number }>;
}

const FUNCS = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** What the top-level declarations `decls` call, use and set (each entry with its line, so an edit can replace a declaration's). */
export function usesOf(decls: readonly Node[]): FileUses {
  const out: FileUses = { callSites: [], valueUses: [], unguardedFieldWrites: [] };
  for (const d of decls) walkDecl(d, out);
  return out;
}

function walkDecl(decl: Node, out: FileUses): void {
  const callSites = out.callSites;
  const uses = new Map<string, number>();
  const fields = new Map<string, number>();
  const callees = new Set<number>();
  const funcs: Array<{ node: Node; text?: string; params?: Set<string> }> = [];
  const cursor = decl.walk();
  const parents: string[] = [];
  const done = () => {
    for (const [name, line] of uses) out.valueUses.push({ name, line });
    for (const [field, line] of fields) out.unguardedFieldWrites.push({ field, line });
  };
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (FUNCS.has(type) || type === 'call_expression' || type === 'keyed_element' || type === 'assignment_statement') {
        const n = cursor.currentNode;
        if (FUNCS.has(type)) funcs.push({ node: n });
        else if (type === 'call_expression') call(n, callSites, callees);
        else if (type === 'keyed_element') keyed(n, funcs, fields);
        else assignment(n, funcs, fields);
      } else if ((type === 'identifier' || type === 'field_identifier') && cursor.nodeIsNamed) {
        const parent = parents[parents.length - 1];
        const field = cursor.currentFieldName;
        const declaresFunc = (parent === 'function_declaration' || parent === 'method_declaration') && field === 'name';
        const plainField = type === 'field_identifier' && parent !== 'selector_expression';
        if (!declaresFunc && !plainField && !callees.has(cursor.startIndex)) {
          const text = cursor.nodeText;
          if (/^[a-z_]/.test(text) && !uses.has(text)) uses.set(text, cursor.startPosition.row);
        }
      }
      if (cursor.gotoFirstChild()) { parents.push(type); continue; }
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent() || parents.length === 0) { done(); return; }
        parents.pop();
        const t = cursor.nodeType;
        if (FUNCS.has(t)) funcs.pop();
      }
    }
  } finally {
    (cursor as TreeCursor).delete();
  }
}

/** A call of an unexported name: its arguments as constant expressions (unknown when they are not constants). */
function call(c: Node, out: CallSite[], callees: Set<number>): void {
  const fn = c.childForFieldName('function');
  if (!fn) return;
  const method = fn.type === 'selector_expression';
  const id = method ? fn.childForFieldName('field') : fn.type === 'identifier' ? fn : null;
  if (!id || !/^[a-z_]/.test(id.text)) return;
  callees.add(id.startIndex);
  const list = c.childForFieldName('arguments');
  const args = (list?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  const variadic = !!list && /\.\.\.\s*\)$/.test(list.text);
  out.push({ name: id.text, method, args: args.map((a) => toConstExpr(a, 0)), variadic, line: c.startPosition.row });
}

function keyed(kv: Node, funcs: Array<{ node: Node; text?: string; params?: Set<string> }>, out: Map<string, number>): void {
  const k = kv.namedChild(0);
  const v = kv.namedChild(1);
  const key = k?.type === 'literal_element' ? k.namedChild(0) : k;
  const val = v?.type === 'literal_element' ? v.namedChild(0) : v;
  if (key && /identifier$/.test(key.type)) unguarded(key.text, val ?? null, kv, funcs[funcs.length - 1], out);
}

function assignment(a: Node, funcs: Array<{ node: Node; text?: string; params?: Set<string> }>, out: Map<string, number>): void {
  if (a.childForFieldName('operator')?.text !== '=') return;
  const lefts = a.childForFieldName('left')?.namedChildren ?? [];
  const rights = a.childForFieldName('right')?.namedChildren ?? [];
  if (lefts.length !== rights.length) return;
  lefts.forEach((l, i) => {
    if (l?.type === 'selector_expression') unguarded(l.childForFieldName('field')?.text, rights[i] ?? null, a, funcs[funcs.length - 1], out);
  });
}

/** Records `field` when `value` is a parameter of the enclosing function that no comparison before `at` checks. */
function unguarded(field: string | undefined, value: Node | null, at: Node, fn: { node: Node; text?: string; params?: Set<string> } | undefined, out: Map<string, number>): void {
  if (!field || value?.type !== 'identifier' || !fn || out.has(field)) return;
  if (!fn.params) {
    const list = fn.node.childForFieldName('parameters');
    fn.params = new Set((list?.descendantsOfType('identifier') ?? []).filter((x): x is Node => !!x).map((x) => x.text));
  }
  if (!fn.params.has(value.text)) return;
  fn.text ??= fn.node.text;
  const before = fn.text.slice(0, at.startIndex - fn.node.startIndex);
  const name = value.text;
  const guard = new RegExp(`\\b${name}\\s*(<=?|==|>=?|!=)|(<=?|==|>=?|!=)\\s*${name}\\b|max\\(|min\\(`);
  if (!guard.test(before.slice(before.indexOf('{')))) out.set(field, at.startPosition.row);
}
