// Builds the escape graph (predictGraph.ts) of one top-level function, its closures included, from
// the syntax: statements and expressions become edges, as the compiler's escape analysis makes them
// (cmd/compile/internal/escape: stmt.go, expr.go, assign.go). Where the syntax leaves a flow unsure
// (an unknown type, a library call) the edge is left out or dereferenced once more, so any heap claim
// follows from flows that are certain. Expressions are in predictGraphExpr.ts, calls in
// predictGraphCall.ts, go and defer in predictGraphGoDefer.ts. Pure.
import type { Node } from 'web-tree-sitter';
import { type EscapeGraph, type Hole, type Loc } from './predictGraph';
import { expressionFlow } from './predictGraphExpr';
import { type PredictContext, compact, compilerPosition, literalName, unparen } from './predictFlow';
import { libraryCallee } from './predictLibrary';
import { liveChildren } from './predictLive';
import { type VarInfo, loopDepthOf, paramNames } from './predictScope';
import { boxesOnConversion, classifyType, resultTypes, typeOfExpr, typeOfVar, underlying } from './predictTypes';
import { maxTreeDepth } from '../analysis/nesting';

/** Calls, given to the builder so the two files do not import each other. */
export type CallFlow = (b: GraphBuilder, call: Node, holes: ReadonlyArray<Hole | undefined>) => void;
export type GoDeferFlow = (b: GraphBuilder, stmt: Node) => void;

const STATEMENTS = new Set([
  'block', 'statement_list', 'expression_statement', 'send_statement', 'inc_statement', 'dec_statement', 'assignment_statement',
  'short_var_declaration', 'var_declaration', 'const_declaration', 'type_declaration', 'return_statement', 'go_statement',
  'defer_statement', 'if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement',
  'labeled_statement', 'expression_case', 'default_case', 'type_case', 'communication_case', 'receive_statement',
  'break_statement', 'continue_statement', 'goto_statement', 'fallthrough_statement', 'empty_statement', 'for_clause', 'range_clause',
]);

export class GraphBuilder {
  /** The results of the top-level function, one location each. */
  readonly results: Loc[] = [];
  /** Where the results of a directly called func literal go (by the literal's node id). */
  readonly closureResults = new Map<number, ReadonlyArray<Hole | undefined>>();
  private depth = 0;

  constructor(readonly g: EscapeGraph, readonly ctx: PredictContext, readonly decl: Node, private readonly callFlow: CallFlow, private readonly goDefer: GoDeferFlow) {
    const named = this.ctx.res.vars.filter((v) => v.kind === 'result' && v.func.id === decl.id);
    resultTypes(decl).forEach((type, i) => {
      const r = g.newLoc('result', decl, 0, { result: i });
      this.results.push(r);
      if (named[i]) g.flow({ loc: r, derefs: 0 }, g.varLoc(named[i]), 0);
      void type;
    });
  }

  /** A hole that stores into the heap. */
  heapHole(why: string, type?: string, derefs = 0): Hole {
    return { loc: this.g.heap, derefs, why, type };
  }

  varHole(v: VarInfo): Hole {
    return { loc: this.g.varLoc(v), derefs: 0, type: typeOfVar(v, this.ctx.env) };
  }

  /** A new allocation at node (reported as name at `at`), whose address flows into hole. */
  alloc(node: Node, name: string, at: Node, hole: Hole | undefined): Loc {
    const loc = this.g.newLoc('alloc', this.fnOf(node), loopDepthOf(node), { alloc: { name, at } });
    this.g.flow(hole, loc, -1);
    return loc;
  }

  /** A temporary that several holes read (so an argument is evaluated once). */
  tee(node: Node, holes: ReadonlyArray<Hole | undefined>): Hole | undefined {
    const real = holes.filter((h): h is Hole => !!h);
    if (real.length <= 1) return real[0];
    const t = this.g.newLoc('var', this.fnOf(node), loopDepthOf(node));
    for (const h of real) this.g.flow(h, t, 0);
    return { loc: t, derefs: 0, type: real.find((h) => h.type)?.type };
  }

  fnOf(node: Node): Node | undefined {
    for (let p = node.parent; p; p = p.parent) if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return p;
    return undefined;
  }

  /** The kind of an expression's type; a struct of one pointer (pointer-shaped for interfaces) is still a struct here. */
  cls(node: Node | null): ReturnType<typeof classifyType> {
    const type = typeOfExpr(node, this.ctx.env);
    const c = classifyType(type, this.ctx.env);
    return c === 'unknown' && /^struct\b/.test(underlying(type, this.ctx.env) ?? '') ? 'struct' : c;
  }

  /** A call whose results go to holes. */
  call(node: Node, holes: ReadonlyArray<Hole | undefined>): void {
    this.callFlow(this, node, holes);
  }

  /** Walks a function's (or literal's) body. */
  body(fn: Node): void {
    const body = fn.childForFieldName('body');
    if (body) this.stmt(body);
  }

  stmt(n: Node): void {
    if (this.depth >= maxTreeDepth) return;
    this.depth++;
    try {
      this.statement(n);
    } finally {
      this.depth--;
    }
  }

  private statement(n: Node): void {
    switch (n.type) {
      case 'short_var_declaration': case 'assignment_statement': {
        const op = n.children.find((c) => c && /^(=|:=|\S+=)$/.test(c.type))?.type;
        const left = n.childForFieldName('left')?.namedChildren.filter((c): c is Node => !!c) ?? [];
        const right = n.childForFieldName('right')?.namedChildren.filter((c): c is Node => !!c) ?? [];
        if (op !== '=' && op !== ':=') { right.forEach((r) => this.expr(r, undefined)); return; }
        if (left.length === 1 && right.length === 1 && isSelfAssignment(left[0], right[0])) return; // the compiler ignores `p.a = p.b`
        this.assignAll(left.map((l) => this.target(l)), right);
        return;
      }
      case 'var_declaration':
        for (const spec of n.descendantsOfType('var_spec')) {
          if (!spec || this.fnOf(spec)?.id !== this.fnOf(n)?.id) continue;
          const names = spec.childrenForFieldName('name').filter((c): c is Node => !!c);
          const values = spec.childForFieldName('value')?.namedChildren.filter((c): c is Node => !!c) ?? [];
          this.assignAll(names.map((id) => { const v = this.ctx.declOf.get(id.id); return v ? this.varHole(v) : undefined; }), values);
        }
        return;
      case 'expression_statement': this.expr(n.namedChild(0), undefined); return;
      case 'send_statement': {
        this.expr(n.childForFieldName('channel'), undefined);
        const ch = underlying(typeOfExpr(n.childForFieldName('channel'), this.ctx.env), this.ctx.env);
        this.into(n.childForFieldName('value'), this.heapHole('sent on a channel', ch && /^(<-\s*)?chan\s*(<-)?\s*(.+)$/.exec(ch)?.[3]));
        return;
      }
      case 'return_statement': this.returns(n); return;
      case 'go_statement': case 'defer_statement': this.goDefer(this, n); return;
      case 'inc_statement': case 'dec_statement': case 'const_declaration': case 'type_declaration':
      case 'break_statement': case 'continue_statement': case 'goto_statement': case 'fallthrough_statement': case 'empty_statement':
        return;
      case 'for_statement': this.forLoop(n); return;
      case 'type_switch_statement': {
        const value = n.childForFieldName('value');
        const alias = n.childForFieldName('alias')?.namedChildren.find((c) => c?.type === 'identifier');
        const v = alias ? this.ctx.declOf.get(alias.id) : undefined;
        this.expr(value, v ? this.varHole(v) : undefined);
        for (const c of n.namedChildren) if (c && c.id !== value?.id && c.id !== n.childForFieldName('alias')?.id) this.mixed(c);
        return;
      }
      case 'receive_statement': this.expr(n.childForFieldName('right'), undefined); return;
      default:
        for (const c of liveChildren(n, this.ctx)) this.mixed(c);
    }
  }

  /** A child of a compound statement: a statement, or an expression (a condition, a case value). */
  private mixed(c: Node): void {
    if (STATEMENTS.has(c.type)) this.stmt(c);
    else if (c.type === 'expression_list') c.namedChildren.forEach((e) => this.expr(e, undefined));
    else if (c.type !== 'comment' && c.type !== 'label_name') this.expr(c, undefined);
  }

  /** `a, b = x, y`, or `a, b = f()` (one call, several results). */
  private assignAll(holes: Array<Hole | undefined>, values: Node[]): void {
    if (values.length === holes.length) { values.forEach((v, i) => this.into(v, holes[i])); return; }
    const only = values.length === 1 ? unparen(values[0]) : null;
    if (only?.type === 'call_expression') this.call(only, holes);
    else if (only) this.expr(only, holes[0]); // v, ok := m[k] / x.(T) / <-ch
    else values.forEach((v) => this.expr(v, undefined));
  }

  /** Where a store to an assignment's left side goes. */
  target(lhs: Node): Hole | undefined {
    const l = unparen(lhs);
    if (!l) return undefined;
    if (l.type === 'identifier') {
      if (l.text === '_') return undefined;
      const v = this.ctx.res.useOf.get(l.id) ?? this.ctx.declOf.get(l.id);
      if (v) return v.kind === 'const' ? undefined : this.varHole(v);
      const global = this.ctx.env.pkg?.vars.get(l.text);
      return global ? this.heapHole('stored in a package variable', global.type) : undefined;
    }
    const type = typeOfExpr(l, this.ctx.env);
    if (l.type === 'unary_expression' && l.childForFieldName('operator')?.text === '*') {
      const inner = unparen(l.childForFieldName('operand'));
      if (inner?.type === 'unary_expression' && inner.childForFieldName('operator')?.text === '&') return this.target(inner.childForFieldName('operand')!);
      this.expr(inner, undefined);
      return this.heapHole('stored through a pointer', type);
    }
    const base = l.childForFieldName('operand');
    if (!base) return undefined;
    if (l.type === 'selector_expression') {
      if (libraryCallee(l, this.ctx)) return this.heapHole('stored in a package variable', type);
      const c = this.cls(base);
      if (c === 'pointer') return this.heapHole('stored through a pointer', type);
      const inner = c === 'struct' ? this.target(base) : undefined;
      return inner && { ...inner, type };
    }
    if (l.type === 'index_expression') {
      this.expr(l.childForFieldName('index'), undefined);
      const c = this.cls(base);
      if (c === 'slice' || c === 'pointer') return this.heapHole('stored in a slice element', type);
      if (c === 'map') {
        this.into(l.childForFieldName('index'), this.heapHole('stored as a map key'));
        return this.heapHole('stored in a map', type);
      }
      const inner = c === 'array' ? this.target(base) : undefined;
      return inner && { ...inner, type };
    }
    return undefined;
  }

  private returns(n: Node): void {
    const fn = this.fnOf(n);
    const list = n.namedChild(0);
    const values = list?.type === 'expression_list' ? list.namedChildren.filter((c): c is Node => !!c) : list ? [list] : [];
    if (!fn) return;
    let holes: ReadonlyArray<Hole | undefined>;
    if (fn.id === this.decl.id) {
      const types = resultTypes(fn);
      holes = this.results.map((r, i) => ({ loc: r, derefs: 0, why: 'returned', type: types[i] }));
    } else {
      holes = this.closureResults.get(fn.id) ?? [];
    }
    this.assignAll([...holes], values);
  }

  private forLoop(n: Node): void {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type !== 'range_clause') { this.mixed(c); continue; }
      const right = c.childForFieldName('right');
      this.expr(right, undefined);
      const rc = this.cls(right);
      const derefs = rc === 'array' ? 0 : rc === 'slice' || rc === 'map' || rc === 'pointer' ? 1 : undefined;
      const names = c.childForFieldName('left')?.namedChildren ?? [];
      names.forEach((id, i) => {
        if (!id || derefs === undefined || (i === 0 && rc !== 'map')) return;
        const hole = c.children.some((x) => x?.type === ':=') ? (this.ctx.declOf.get(id.id) ? this.varHole(this.ctx.declOf.get(id.id)!) : undefined) : this.target(id);
        if (hole) this.expr(right, { ...hole, derefs: hole.derefs + derefs });
      });
    }
  }

  /** Evaluates e into hole, boxing a concrete value stored into an interface. */
  into(e: Node | null, hole: Hole | undefined): void {
    const n = unparen(e);
    if (!n) return;
    if (hole?.type && classifyType(hole.type, this.ctx.env) === 'interface' && boxesOnConversion(typeOfExpr(n, this.ctx.env), this.ctx.env)) {
      const box = this.alloc(n, n.type === 'composite_literal' ? literalName(n) : compact(n.text), compilerPosition(n), hole);
      this.expr(n, { loc: box, derefs: 0 });
      return;
    }
    this.expr(n, hole);
  }

  expr(e: Node | null, hole: Hole | undefined): void {
    const n = unparen(e);
    if (!n || this.depth >= maxTreeDepth) return;
    this.depth++;
    try {
      expressionFlow(this, n, hole);
    } finally {
      this.depth--;
    }
  }

  /** Arguments of a call of a func literal, into its parameters. */
  argsToParams(lit: Node, args: Node[]): void {
    const params = paramNames(lit);
    args.forEach((a, i) => { const v = params[i] && this.ctx.declOf.get(params[i]!.id); this.into(a, v ? this.varHole(v) : undefined); });
  }
}

/** `p.a = p.b`, `a[i] = a[j]` on the same base: the compiler ignores such self-assignments. */
function isSelfAssignment(l: Node, r: Node): boolean {
  const a = unparen(l);
  const b = unparen(r);
  if (!a || !b || a.type !== b.type || (a.type !== 'selector_expression' && a.type !== 'index_expression')) return false;
  const base = a.childForFieldName('operand');
  return !!base && base.text === b.childForFieldName('operand')?.text && /^[\w.]+$/.test(base.text);
}
