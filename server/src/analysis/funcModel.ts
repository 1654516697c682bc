// Per-function facts the value reasoning needs: parameters and their types, locally declared
// names, names captured by closures and names whose address is taken.
import { TreeMemo } from './treeMemo';
import type { Node } from 'web-tree-sitter';
import { listItems, named, ownDescendants } from './syntax';

export interface FuncModel {
  node: Node;
  body: Node | null;
  /** Parameter (and receiver, named result) name → its declaration. */
  params: Map<string, { node: Node; type: string; result: boolean }>;
  /** Locally declared names → declaring identifier nodes. */
  locals: Map<string, Node[]>;
  /** Declared types of locals when the declaration says (`var n uint`). */
  localTypes: Map<string, string>;
  /** Names used inside nested function literals (possibly changed by them). */
  captured: Set<string>;
  /** Names whose address is taken (`&x`, `&x.f`, `&x[i]`). */
  addressTaken: Set<string>;
  /** Names assigned anywhere in the function (other than their declaration). */
  assigned: Set<string>;
  /** Names assigned inside nested function literals. */
  closureAssigned: Set<string>;
  /** Local constants → their declaration's value expression. */
  localConsts: Map<string, Node>;
}

const cache = new TreeMemo<number, FuncModel>();

/** Builds (once per tree) the model of a function declaration or literal. */
export function funcModel(fn: Node): FuncModel {
  return cache.get(fn.tree, fn.id, () => build(fn));
}

/** The base identifier of `x`, `x.f.g`, `x[i]`, `*x`, `(x)`. */
export function baseName(node: Node | null): string | undefined {
  while (node) {
    switch (node.type) {
      case 'identifier': return node.text;
      case 'selector_expression': node = node.childForFieldName('operand'); break;
      case 'index_expression': case 'slice_expression': node = node.childForFieldName('operand'); break;
      case 'parenthesized_expression': node = node.namedChild(0); break;
      case 'unary_expression':
        if (node.childForFieldName('operator')?.text !== '*') return undefined;
        node = node.childForFieldName('operand');
        break;
      default: return undefined;
    }
  }
  return undefined;
}

function build(fn: Node): FuncModel {
  const m: FuncModel = {
    node: fn,
    body: fn.childForFieldName('body'),
    params: new Map(),
    locals: new Map(),
    localTypes: new Map(),
    captured: new Set(),
    addressTaken: new Set(),
    assigned: new Set(),
    localConsts: new Map(),
    closureAssigned: new Set(),
  };
  const addParams = (list: Node | null, result: boolean) => {
    if (!list || list.type !== 'parameter_list') return;
    for (const decl of named(list)) {
      const type = decl.childForFieldName('type')?.text ?? '';
      for (const n of decl.childrenForFieldName('name')) if (n) m.params.set(n.text, { node: n, type, result });
    }
  };
  addParams(fn.childForFieldName('receiver'), false);
  addParams(fn.childForFieldName('parameters'), false);
  addParams(fn.childForFieldName('result'), true);
  if (!m.body) return m;

  const declare = (n: Node | null, type?: string) => {
    if (!n || n.type !== 'identifier' || n.text === '_') return;
    const list = m.locals.get(n.text);
    if (list) list.push(n); else m.locals.set(n.text, [n]);
    if (type) m.localTypes.set(n.text, type);
  };
  const body = m.body;
  const types = ['short_var_declaration', 'var_spec', 'const_spec', 'range_clause', 'assignment_statement', 'inc_statement', 'dec_statement', 'unary_expression'];
  for (const n of ownDescendants(body, types)) {
    switch (n.type) {
      case 'short_var_declaration':
        for (const l of listItems(n.childForFieldName('left'))) declare(l);
        break;
      case 'var_spec': {
        const type = n.childForFieldName('type')?.text;
        for (const name of n.childrenForFieldName('name')) declare(name, type);
        break;
      }
      case 'const_spec': {
        const values = listItems(n.childForFieldName('value'));
        n.childrenForFieldName('name').forEach((name, i) => {
          if (name && values[i]) m.localConsts.set(name.text, values[i]);
        });
        break;
      }
      case 'range_clause':
        if (n.text.includes(':=')) for (const l of listItems(n.childForFieldName('left'))) declare(l);
        else for (const l of listItems(n.childForFieldName('left'))) { const b = baseName(l); if (b) m.assigned.add(b); }
        break;
      case 'assignment_statement':
        for (const l of listItems(n.childForFieldName('left'))) {
          const b = baseName(l);
          if (b) m.assigned.add(b);
        }
        break;
      case 'inc_statement':
      case 'dec_statement': {
        const b = baseName(n.namedChild(0));
        if (b) m.assigned.add(b);
        break;
      }
      case 'unary_expression':
        if (n.childForFieldName('operator')?.text === '&') {
          const b = baseName(n.childForFieldName('operand'));
          if (b) m.addressTaken.add(b);
        }
        break;
    }
  }
  // Nested function literals: what they read is captured; what they assign or address changes behind our back.
  for (const lit of body.descendantsOfType('func_literal')) {
    if (!lit) continue;
    for (const inner of lit.descendantsOfType(['identifier', 'assignment_statement', 'inc_statement', 'dec_statement', 'unary_expression'])) {
      if (!inner) continue;
      if (inner.type === 'identifier') m.captured.add(inner.text);
      else if (inner.type === 'assignment_statement') {
        for (const l of listItems(inner.childForFieldName('left'))) { const b = baseName(l); if (b) m.closureAssigned.add(b); }
      } else if (inner.type === 'inc_statement' || inner.type === 'dec_statement') {
        const b = baseName(inner.namedChild(0)); if (b) m.closureAssigned.add(b);
      } else if (inner.childForFieldName('operator')?.text === '&') {
        const b = baseName(inner.childForFieldName('operand')); if (b) m.addressTaken.add(b);
      }
    }
  }
  return m;
}

/** A local's or parameter's declared type and initial value, from its (first) declaration. */
export interface Decl { type?: string; init?: Node }

/** The declared type or initial value of a local, from its declaration. */
export function declarationOf(name: string, m: FuncModel): Decl {
  const p = m.params.get(name);
  if (p) return { type: p.type };
  const ids = m.locals.get(name);
  const id = ids?.[0];
  if (!id) return {};
  const list = id.parent;
  const stmt = list?.type === 'expression_list' ? list.parent : list;
  if (stmt?.type === 'var_spec') {
    const values = listItems(stmt.childForFieldName('value'));
    const idx = stmt.childrenForFieldName('name').findIndex((n) => n?.id === id.id);
    return { type: stmt.childForFieldName('type')?.text, init: values[idx] };
  }
  if (stmt?.type === 'short_var_declaration') {
    const lefts = listItems(stmt.childForFieldName('left'));
    const rights = listItems(stmt.childForFieldName('right'));
    const idx = lefts.findIndex((n) => n.id === id.id);
    return { init: rights.length === lefts.length ? rights[idx] : undefined };
  }
  return {};
}
