// Expressions in the escape graph (predictGraphBuild.ts has the statements): what each kind of
// expression does with the value it produces — a variable's location, an address (&x, &T{}), a
// dereference (*p, p.f through a pointer, s[i]), a new allocation (string concatenation and
// conversions, slice and map literals, closures), or a box for a concrete value stored into an
// interface — after cmd/compile/internal/escape's expr.go. Pure.
import type { Node } from 'web-tree-sitter';
import type { Hole } from './predictGraph';
import type { GraphBuilder } from './predictGraphBuild';
import { type PredictContext, addressedVariable, compact, isConstantValue, literalName, unparen } from './predictFlow';
import { libraryCallee } from './predictLibrary';
import { capturedByReference } from './predictClosures';
import type { VarInfo } from './predictScope';
import { classifyType, elementType, structFields, typeOfExpr, underlying } from './predictTypes';

/** The flow of one (unparenthesised) expression into hole. */
export function expressionFlow(b: GraphBuilder, n: Node, given: Hole | undefined): void {
  // A value without pointers carries no address (the compiler discards its flow).
  const hole = given && n.type !== 'func_literal' && n.type !== 'call_expression' && noPointers(typeOfExpr(n, b.ctx.env), b.ctx) ? undefined : given;
  const deref = hole && { ...hole, derefs: hole.derefs + 1, type: undefined };
  switch (n.type) {
    case 'identifier': {
      const v = b.ctx.res.useOf.get(n.id);
      if (v && v.kind !== 'const') b.g.flow(hole, b.g.varLoc(v), 0);
      return;
    }
    case 'unary_expression': {
      const op = n.childForFieldName('operator')?.text;
      const operand = n.childForFieldName('operand');
      if (op === '&') addressOfFlow(b, n, operand, hole);
      else if (op === '*') b.expr(operand, deref);
      else b.expr(operand, undefined);
      return;
    }
    case 'binary_expression': {
      const op = n.childForFieldName('operator');
      if (op?.text === '+' && b.cls(n) === 'string' && !isStringSum(unparen(n.parent))) {
        const leaves = stringLeaves(n);
        if (!leaves.every((l) => isConstantValue(l, b.ctx))) b.alloc(n, compact(n.text), op, hole);
        leaves.forEach((l) => b.expr(l, undefined));
        return;
      }
      b.expr(n.childForFieldName('left'), undefined);
      b.expr(n.childForFieldName('right'), undefined);
      return;
    }
    case 'selector_expression': {
      const operand = n.childForFieldName('operand');
      if (libraryCallee(n, b.ctx)) return;
      b.expr(operand, b.cls(operand) === 'struct' ? hole && { ...hole, type: undefined } : deref);
      return;
    }
    case 'index_expression': {
      const operand = n.childForFieldName('operand');
      b.expr(n.childForFieldName('index'), undefined);
      b.expr(operand, b.cls(operand) === 'array' ? hole && { ...hole, type: undefined } : deref);
      return;
    }
    case 'slice_expression': {
      const operand = unparen(n.childForFieldName('operand'));
      for (const f of ['start', 'end', 'capacity']) b.expr(n.childForFieldName(f), undefined);
      const v = operand?.type === 'identifier' ? b.ctx.res.useOf.get(operand.id) : undefined;
      if (v && v.kind !== 'const' && b.cls(operand) === 'array') b.g.flow(hole, b.g.varLoc(v), -1);
      else if (b.cls(operand) !== 'array') b.expr(operand, hole && { ...hole, type: undefined });
      return;
    }
    case 'call_expression': b.call(n, [hole]); return;
    case 'type_conversion_expression': convertFlow(b, n.childForFieldName('type')?.text, n.childForFieldName('operand'), hole, n); return;
    case 'composite_literal': literalFlow(b, n, hole); return;
    case 'func_literal': closureFlow(b, n, hole); return;
    case 'type_assertion_expression': {
      // x.(*T) is the interface's pointer; x.(T) of a value type copies what the interface points to.
      const c = classifyType(n.childForFieldName('type')?.text, b.ctx.env);
      const direct = c === 'pointer' || c === 'interface' || c === 'map' || c === 'chan' || c === 'func';
      b.expr(n.childForFieldName('operand'), direct ? hole && { ...hole, type: undefined } : deref);
      return;
    }
    default:
      return;
  }
}

function addressOfFlow(b: GraphBuilder, amp: Node, operand: Node | null, hole: Hole | undefined): void {
  const o = unparen(operand);
  if (!o) return;
  if (o.type === 'composite_literal') {
    const lit = b.alloc(amp, `&${literalName(o)}`, amp, hole);
    literalFlow(b, o, { loc: lit, derefs: 0 }, true);
    return;
  }
  const v = addressedVariable(o, b.ctx);
  if (v) { b.g.flow(hole, b.g.varLoc(v), -1); return; }
  if (o.type === 'unary_expression' && o.childForFieldName('operator')?.text === '*') { b.expr(o.childForFieldName('operand'), hole); return; }
  const base = o.childForFieldName('operand');
  // &p.f and &s[i] point into what p or s points to.
  if ((o.type === 'selector_expression' && b.cls(base) === 'pointer') || (o.type === 'index_expression' && b.cls(base) === 'slice')) {
    if (o.type === 'index_expression') b.expr(o.childForFieldName('index'), undefined);
    b.expr(base, hole && { ...hole, type: undefined });
  }
}

/** `T{…}`: a slice or map literal allocates; a struct or array literal is its elements. */
export function literalFlow(b: GraphBuilder, lit: Node, hole: Hole | undefined, addressed = false): void {
  const type = lit.childForFieldName('type')?.text;
  const c = b.cls(lit);
  const body = lit.childForFieldName('body');
  if (!body) return;
  if (!addressed && (c === 'slice' || c === 'map')) {
    const loc = b.alloc(lit, literalName(lit), body, hole);
    const elem = elementType(type, b.ctx.env);
    if (c === 'slice') elementsFlow(b, body, () => ({ loc, derefs: 0, type: elem }));
    else elementsFlow(b, body, () => b.heapHole('stored in a map literal', elem), () => b.heapHole('stored as a map key'));
    return;
  }
  const fields = c === 'struct' ? structFields(underlying(type, b.ctx.env) ?? '') : undefined;
  const elem = c === 'array' || c === 'slice' ? elementType(type, b.ctx.env) : undefined;
  const byPosition = fields ? [...fields.values()] : [];
  elementsFlow(b, body, (key, i) => hole && { ...hole, type: key ? fields?.get(key) : elem ?? byPosition[i ?? -1] });
}

function elementsFlow(b: GraphBuilder, body: Node, valueHole: (key?: string, index?: number) => Hole | undefined, keyHole?: () => Hole | undefined): void {
  for (const [index, el] of body.namedChildren.entries()) {
    if (!el || el.type === 'comment') continue;
    const [first, second] = el.type === 'keyed_element' ? el.namedChildren : [null, el];
    const key = first?.namedChild(0) ?? first;
    const value = second?.type === 'literal_element' ? second.namedChild(0) : second;
    if (first && keyHole) b.into(key, keyHole());
    else if (key && key.type !== 'identifier' && key.type !== 'field_identifier') b.expr(key, undefined);
    const h = valueHole(first && key?.type === 'identifier' ? key.text : undefined, first ? undefined : index);
    if (value?.type === 'literal_value') elementsFlow(b, value, () => h && { ...h, type: undefined });
    else b.into(value, first && !keyHole && key?.type !== 'identifier' ? valueHole() : h);
  }
}

/** A func literal that is not called on the spot: a closure holding what it captures. */
export function closureFlow(b: GraphBuilder, lit: Node, hole: Hole | undefined): void {
  const captured = capturedBy(lit, b.ctx);
  const loc = b.alloc(lit, 'func literal', lit, hole);
  // A literal that captures nothing is a static closure: reported only when it reaches the heap or a result.
  if (!captured.length) loc.alloc!.reachOnly = true;
  for (const { v, byRef } of captured) b.g.flow({ loc, derefs: 0 }, b.g.varLoc(v), byRef ? -1 : 0);
  b.body(lit);
}

/** `T(x)`: to an interface boxes x; string(b) and []byte(s) copy; other conversions keep x's value. */
export function convertFlow(b: GraphBuilder, type: string | undefined, operand: Node | null, hole: Hole | undefined, node: Node): void {
  const c = classifyType(type, b.ctx.env);
  const from = b.cls(operand);
  if (!operand) return;
  if (c === 'interface') { b.into(operand, hole && { ...hole, type }); return; }
  const args = node.childForFieldName('arguments') ?? node.children.find((x) => x?.type === '(') ?? node;
  if (type === 'string' && (from === 'slice' || from === 'basic') && !isConstantValue(operand, b.ctx)) {
    b.alloc(node, `string(${compact(operand.text)})`, args, hole);
    b.expr(operand, undefined);
    return;
  }
  if ((type === '[]byte' || type === '[]rune') && from === 'string') {
    b.alloc(node, `(${type})(${compact(operand.text)})`, args, hole);
    b.expr(operand, undefined);
    return;
  }
  b.expr(operand, type === 'uintptr' ? undefined : hole && { ...hole, type: undefined });
}

/** The variables a func literal captures from outside it, and whether by reference (the compiler's rule). */
function capturedBy(lit: Node, ctx: PredictContext): Array<{ v: VarInfo; byRef: boolean }> {
  const inside = (n: Node): boolean => n.startIndex >= lit.startIndex && n.endIndex <= lit.endIndex;
  const byRef = new Set(capturedByReference(lit, ctx));
  return ctx.res.vars
    .filter((v) => v.kind !== 'const' && !inside(v.decl) && (v.uses.some(inside) || v.assignments.some((a) => inside(a.node))))
    .map((v) => ({ v, byRef: byRef.has(v) }));
}

/** Whether a type is known to hold no pointers (numbers, booleans, arrays and structs of them). */
function noPointers(type: string | undefined, ctx: PredictContext, depth = 0): boolean {
  if (!type || depth > 4) return false;
  const c = classifyType(type, ctx.env);
  if (c === 'basic') return type !== 'unsafe.Pointer';
  if (c === 'array') return noPointers(elementType(type, ctx.env), ctx, depth + 1);
  if (c === 'struct') {
    const fields = structFields(underlying(type, ctx.env) ?? '');
    return !!fields && fields.size > 0 && [...fields.values()].every((f) => noPointers(f, ctx, depth + 1));
  }
  return false;
}


function isStringSum(n: Node | null): boolean {
  return n?.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+';
}

function stringLeaves(n: Node): Node[] {
  const out: Node[] = [];
  const todo: Node[] = [n];
  while (todo.length && out.length < 256) {
    const u = unparen(todo.pop()!);
    if (!u) continue;
    if (isStringSum(u)) todo.push(u.childForFieldName('right')!, u.childForFieldName('left')!);
    else out.push(u);
  }
  return out;
}
