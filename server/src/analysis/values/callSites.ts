// One walk over a file for what the package summaries need beyond declarations: the calls of
// unexported functions and methods with their constant arguments, other uses of unexported names
// (a function passed as a value), and fields set straight from an unchecked parameter. One
// `descendantsOfType` call per declaration gives the few kinds of nodes that matter.
import type { Node } from 'web-tree-sitter';
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

/** The node kinds the walk looks at (selectors only to tell a field of a selector from other fields). */
const KINDS = ['function_declaration', 'method_declaration', 'func_literal', 'call_expression', 'keyed_element', 'assignment_statement', 'identifier', 'field_identifier', 'selector_expression'];

function walkDecl(decl: Node, out: FileUses): void {
  const uses = new Map<string, number>();
  const fields = new Map<string, number>();
  const callees = new Set<number>();
  /** Names of declared functions and methods (not uses), by start. */
  const declared = new Set<number>();
  /** Where selector expressions end: a field identifier that ends there is a selector's field. */
  const selectorEnds = new Set<number>();
  const funcs: Func[] = [];
  // One call gives the nodes of these kinds in document order (the declaration first); parents are
  // told apart by position, without a call into the tree per node.
  for (const n of decl.descendantsOfType(KINDS)) {
    if (!n) continue;
    while (funcs.length > 0 && !within(n, funcs[funcs.length - 1])) funcs.pop();
    const type = n.type;
    if (FUNCS.has(type)) {
      funcs.push({ node: n, endIndex: n.endIndex });
      if (type !== 'func_literal') {
        const name = n.childForFieldName('name');
        if (name) declared.add(name.startIndex);
      }
    } else if (type === 'call_expression') call(n, out.callSites, callees);
    else if (type === 'keyed_element') keyed(n, funcs, fields);
    else if (type === 'assignment_statement') assignment(n, funcs, fields);
    else if (type === 'selector_expression') selectorEnds.add(n.endIndex);
    else {
      const plainField = type === 'field_identifier' && !selectorEnds.has(n.endIndex);
      if (plainField || declared.has(n.startIndex) || callees.has(n.startIndex)) continue;
      const text = n.text;
      if (/^[a-z_]/.test(text) && !uses.has(text)) uses.set(text, n.startPosition.row);
    }
  }
  for (const [name, line] of uses) out.valueUses.push({ name, line });
  for (const [field, line] of fields) out.unguardedFieldWrites.push({ field, line });
}

/** An enclosing function of the walk, with its end (asked of the tree once). */
interface Func { node: Node; endIndex: number; text?: string; params?: Set<string> }

/**
 * Whether node `n`, met after `outer` in document order, lies inside it (and is not it): nodes
 * nest, so one that starts before outer's end is inside (its own end costs a call into the tree).
 */
function within(n: Node, outer: Func): boolean {
  return n.startIndex < outer.endIndex && n.id !== outer.node.id;
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

function keyed(kv: Node, funcs: Func[], out: Map<string, number>): void {
  const k = kv.namedChild(0);
  const v = kv.namedChild(1);
  const key = k?.type === 'literal_element' ? k.namedChild(0) : k;
  const val = v?.type === 'literal_element' ? v.namedChild(0) : v;
  if (key && /identifier$/.test(key.type)) unguarded(key.text, val ?? null, kv, funcs[funcs.length - 1], out);
}

function assignment(a: Node, funcs: Func[], out: Map<string, number>): void {
  if (a.childForFieldName('operator')?.text !== '=') return;
  const lefts = a.childForFieldName('left')?.namedChildren ?? [];
  const rights = a.childForFieldName('right')?.namedChildren ?? [];
  if (lefts.length !== rights.length) return;
  lefts.forEach((l, i) => {
    if (l?.type === 'selector_expression') unguarded(l.childForFieldName('field')?.text, rights[i] ?? null, a, funcs[funcs.length - 1], out);
  });
}

/** Records `field` when `value` is a parameter of the enclosing function that no comparison before `at` checks. */
function unguarded(field: string | undefined, value: Node | null, at: Node, fn: Func | undefined, out: Map<string, number>): void {
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
