// Resolves identifiers inside one Go function to the variables they name: declarations, types
// written or inferable from the initialiser, assignments, address-taken. Syntax only; pure.
import type { Node } from 'web-tree-sitter';
import { maxTreeDepth } from '../analysis/nesting';

export type VarKind = 'param' | 'result' | 'receiver' | 'local' | 'const';

export interface VarInfo {
  name: string;
  /** The identifier that declares it (the compiler reports `moved to heap` there). */
  decl: Node;
  kind: VarKind;
  /** The written type (`*T`, `[]byte`), when there is one. */
  typeText?: string;
  /** The initialiser paired with this name, when one-to-one. */
  init?: Node;
  /** For `range` variables: the ranged expression and whether this is the key or the value. */
  range?: { expr: Node; role: 'key' | 'value' };
  /** The function (declaration or literal) the variable belongs to. */
  func: Node;
  /** Loop nesting depth of the declaration within its function. */
  loopDepth: number;
  /** Assignments other than the declaration (`x = …`, `x++`, `x, err := …` redeclaring x). */
  assignments: Array<{ node: Node; loopDepth: number; inClosure: boolean }>;
  addrTaken: boolean;
  /** Bare uses (identifier expressions) of the variable. */
  uses: Node[];
}

export interface Resolution {
  vars: VarInfo[];
  /** Identifier node id → the variable it names. */
  useOf: Map<number, VarInfo>;
}

interface Scope { parent?: Scope; names: Map<string, VarInfo> }
interface Ctx { func: Node; loopDepth: number; closureDepth: number }

const FUNC_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** Resolves every identifier in a top-level function or method declaration (closures included). */
export function resolveFunction(decl: Node): Resolution {
  const res: Resolution = { vars: [], useOf: new Map() };
  walkFunc(decl, { names: new Map() }, res, 0);
  return res;
}

function declare(scope: Scope, res: Resolution, ident: Node, kind: VarKind, ctx: Ctx, extra: Partial<VarInfo> = {}): VarInfo | undefined {
  if (ident.text === '_') return undefined;
  const v: VarInfo = { name: ident.text, decl: ident, kind, func: ctx.func, loopDepth: ctx.loopDepth, assignments: [], addrTaken: false, uses: [], ...extra };
  scope.names.set(v.name, v);
  res.vars.push(v);
  return v;
}

function lookup(scope: Scope | undefined, name: string): VarInfo | undefined {
  for (let s = scope; s; s = s.parent) {
    const v = s.names.get(name);
    if (v) return v;
  }
  return undefined;
}

function walkFunc(fn: Node, outer: Scope, res: Resolution, closureDepth: number): void {
  const scope: Scope = { parent: outer, names: new Map() };
  const ctx: Ctx = { func: fn, loopDepth: 0, closureDepth };
  const receiver = fn.childForFieldName('receiver');
  if (receiver) declareParams(receiver, 'receiver', scope, res, ctx);
  const params = fn.childForFieldName('parameters');
  if (params) declareParams(params, 'param', scope, res, ctx);
  const result = fn.childForFieldName('result');
  if (result?.type === 'parameter_list') declareParams(result, 'result', scope, res, ctx);
  const body = fn.childForFieldName('body');
  if (body) walkChildren(body, scope, res, ctx);
}

function declareParams(list: Node, kind: VarKind, scope: Scope, res: Resolution, ctx: Ctx): void {
  for (const p of list.namedChildren) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const type = p.childForFieldName('type')?.text;
    const typeText = type && p.type === 'variadic_parameter_declaration' ? `[]${type}` : type;
    for (const n of p.childrenForFieldName('name')) if (n) declare(scope, res, n, kind, ctx, { typeText });
  }
}

function walkChildren(node: Node, scope: Scope, res: Resolution, ctx: Ctx): void {
  for (const c of node.namedChildren) if (c) walk(c, scope, res, ctx);
}

// Walks nest as deep as the syntax: expression chains (`a + b + …`, `x.f().g()…`) thousands deep
// are not followed past maxTreeDepth, so the JavaScript stack never runs out.
let walkDepth = 0;

function walk(node: Node, scope: Scope, res: Resolution, ctx: Ctx): void {
  if (walkDepth >= maxTreeDepth) return;
  walkDepth++;
  try {
    walkNode(node, scope, res, ctx);
  } finally {
    walkDepth--;
  }
}

function walkNode(node: Node, scope: Scope, res: Resolution, ctx: Ctx): void {
  switch (node.type) {
    case 'func_literal':
      walkFunc(node, scope, res, ctx.closureDepth + 1);
      return;
    case 'block':
    case 'expression_case':
    case 'default_case':
    case 'communication_case':
    case 'type_case':
      walkChildren(node, { parent: scope, names: new Map() }, res, ctx);
      return;
    case 'identifier': {
      const v = lookup(scope, node.text);
      if (v) { res.useOf.set(node.id, v); v.uses.push(node); }
      return;
    }
    case 'short_var_declaration':
      walkDefine(node.childForFieldName('left'), node.childForFieldName('right'), scope, res, ctx);
      return;
    case 'var_declaration':
    case 'const_declaration':
      for (const spec of specs(node)) {
        const value = spec.childForFieldName('value');
        if (value) walk(value, scope, res, ctx);
        const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
        const values = value?.namedChildren.filter((n): n is Node => !!n) ?? [];
        const typeText = spec.childForFieldName('type')?.text;
        names.forEach((n, i) => declare(scope, res, n, node.type === 'const_declaration' ? 'const' : 'local', ctx,
          { typeText, init: values.length === names.length ? values[i] : undefined }));
      }
      return;
    case 'assignment_statement': {
      const right = node.childForFieldName('right');
      if (right) walk(right, scope, res, ctx);
      for (const l of node.childForFieldName('left')?.namedChildren ?? []) if (l) walkTarget(l, node, scope, res, ctx);
      return;
    }
    case 'inc_statement':
    case 'dec_statement':
      for (const c of node.namedChildren) if (c) walkTarget(c, node, scope, res, ctx);
      return;
    case 'unary_expression': {
      const operand = node.childForFieldName('operand');
      if (node.childForFieldName('operator')?.text === '&' && operand) {
        const v = operand.type === 'identifier' ? lookup(scope, operand.text) : undefined;
        if (v) v.addrTaken = true;
      }
      walkChildren(node, scope, res, ctx);
      return;
    }
    case 'for_statement':
      walkFor(node, scope, res, ctx);
      return;
    case 'if_statement':
    case 'expression_switch_statement':
    case 'type_switch_statement':
    case 'select_statement':
      walkWithInitializer(node, scope, res, ctx);
      return;
    case 'receive_statement': {
      const right = node.childForFieldName('right');
      if (right) walk(right, scope, res, ctx);
      const left = node.childForFieldName('left');
      const defines = node.children.some((c) => c?.type === ':=');
      for (const n of left?.namedChildren ?? []) {
        if (!n) continue;
        if (defines && n.type === 'identifier') declare(scope, res, n, 'local', ctx);
        else if (!defines) walkTarget(n, node, scope, res, ctx);
      }
      return;
    }
    case 'selector_expression': {
      const operand = node.childForFieldName('operand');
      if (operand) walk(operand, scope, res, ctx);
      return;
    }
    case 'keyed_element': {
      // A bare identifier key names a struct field (or a constant map key): not a variable use.
      const [key, value] = node.namedChildren;
      if (key && !(key.type === 'literal_element' && key.namedChild(0)?.type === 'identifier')) walk(key, scope, res, ctx);
      if (value) walk(value, scope, res, ctx);
      return;
    }
    case 'type_identifier': case 'field_identifier': case 'package_identifier': case 'label_name':
      return;
    default:
      walkChildren(node, scope, res, ctx);
  }
}

/** `a, b := …`: names already declared in this very scope are assignments, the others new. */
function walkDefine(left: Node | null, right: Node | null, scope: Scope, res: Resolution, ctx: Ctx): void {
  if (right) walk(right, scope, res, ctx);
  const names = left?.namedChildren.filter((n): n is Node => !!n) ?? [];
  const values = right?.namedChildren.filter((n): n is Node => !!n) ?? [];
  names.forEach((n, i) => {
    if (n.type !== 'identifier') return;
    const existing = scope.names.get(n.text);
    if (existing) {
      existing.assignments.push({ node: n, loopDepth: ctx.loopDepth, inClosure: existing.func.id !== ctx.func.id });
      res.useOf.set(n.id, existing);
    } else {
      declare(scope, res, n, 'local', ctx, { init: values.length === names.length ? values[i] : undefined });
    }
  });
}

function walkTarget(target: Node, stmt: Node, scope: Scope, res: Resolution, ctx: Ctx): void {
  if (target.type === 'identifier') {
    const v = lookup(scope, target.text);
    if (v) {
      v.assignments.push({ node: stmt, loopDepth: ctx.loopDepth, inClosure: v.func.id !== ctx.func.id });
      res.useOf.set(target.id, v);
    }
    return;
  }
  walk(target, scope, res, ctx);
}

function walkFor(node: Node, outer: Scope, res: Resolution, ctx: Ctx): void {
  const scope: Scope = { parent: outer, names: new Map() };
  const inner: Ctx = { ...ctx, loopDepth: ctx.loopDepth + 1 };
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'for_clause') {
      const init = c.childForFieldName('initializer');
      if (init) walk(init, scope, res, ctx);
      for (const f of ['condition', 'update'] as const) {
        const part = c.childForFieldName(f);
        if (part) walk(part, scope, res, inner);
      }
    } else if (c.type === 'range_clause') {
      const right = c.childForFieldName('right');
      if (right) walk(right, scope, res, ctx);
      const left = c.childForFieldName('left');
      const defines = c.children.some((x) => x?.type === ':=');
      left?.namedChildren.forEach((n, i) => {
        if (!n) return;
        if (defines && n.type === 'identifier' && right) declare(scope, res, n, 'local', inner, { range: { expr: right, role: i === 0 ? 'key' : 'value' } });
        else if (!defines) walkTarget(n, c, scope, res, inner);
      });
    } else if (c.type === 'block') {
      walkChildren(c, { parent: scope, names: new Map() }, res, inner);
    } else {
      walk(c, scope, res, inner); // a bare condition: `for cond { … }`
    }
  }
}

function walkWithInitializer(node: Node, outer: Scope, res: Resolution, ctx: Ctx): void {
  const scope: Scope = { parent: outer, names: new Map() };
  const alias = node.type === 'type_switch_statement' ? node.childForFieldName('alias') : null;
  for (const c of node.namedChildren) {
    if (!c || (alias && c.id === alias.id)) continue;
    walk(c, scope, res, ctx);
    // `switch v := x.(type)`: v is declared once the switched value has been walked.
    if (alias && c.id === node.childForFieldName('value')?.id) for (const n of alias.namedChildren) if (n) declare(scope, res, n, 'local', ctx);
  }
}

function specs(decl: Node): Node[] {
  const out: Node[] = [];
  for (const c of decl.namedChildren) {
    if (!c) continue;
    if (c.type === 'var_spec' || c.type === 'const_spec') out.push(c);
    else if (c.type.endsWith('_spec_list')) for (const s of c.namedChildren) if (s && (s.type === 'var_spec' || s.type === 'const_spec')) out.push(s);
  }
  return out;
}

/** The innermost function (declaration or literal) containing node. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNC_TYPES.has(p.type)) return p;
  return undefined;
}

/** Loop depth of node within its innermost function. */
export function loopDepthOf(node: Node): number {
  let depth = 0;
  for (let p = node.parent; p && !FUNC_TYPES.has(p.type); p = p.parent) if (p.type === 'for_statement') depth++;
  return depth;
}

/** Whether a declaring identifier is the `v` of `switch v := x.(type)` (one variable per case for the compiler). */
export function isTypeSwitchAlias(decl: Node): boolean {
  return decl.parent?.parent?.type === 'type_switch_statement';
}

/** The identifiers of a function's (or literal's) parameters, in order; undefined for an unnamed one. */
export function paramNames(fn: Node): Array<Node | undefined> {
  const out: Array<Node | undefined> = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const names = p.childrenForFieldName('name');
    if (!names.length) out.push(undefined);
    for (const n of names) out.push(n ?? undefined);
  }
  return out;
}
