// Whether the compiler turns an interface method call `x.M()` into a direct call (devirtualizes it),
// after cmd/compile/internal/devirtualize: from Go 1.26 it follows x back through conversions, type
// assertions, inlined calls and every assignment to a local variable, and needs them all to agree on
// one concrete type; before, x had to be a never-reassigned local initialised by a conversion of a
// concrete value (ir.StaticValue). A call left indirect leaks its receiver and arguments. The answer
// is 'dynamic' only where the compiler certainly cannot know the type; 'unsure' keeps claims out. Pure.
import type { Node } from 'web-tree-sitter';
import { type PredictContext, unparen } from './predictFlow';
import { goMinor } from './predictMake';
import { type VarInfo, isTypeSwitchAlias } from './predictScope';
import { classifyType, elementType, structFields, typeOfExpr, underlying } from './predictTypes';

/** A concrete type (its text), or what is known when there is none. */
export type ConcreteType = { type: string } | 'none' | 'dynamic' | 'unsure';

export type CallTarget = { type: string } | 'dynamic' | 'unsure';

/** Builtin types without methods: a value of one never implements a non-empty interface. */
const METHODLESS = /^(bool|u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|complex(64|128)|string)$/;

/** What the call `operand.method(…)` of an interface-typed operand calls, as far as the compiler can tell. */
export function interfaceCallTarget(fn: Node, ctx: PredictContext): CallTarget | undefined {
  if (fn.type !== 'selector_expression') return undefined;
  const operand = unparen(fn.childForFieldName('operand'));
  const method = fn.childForFieldName('field')?.text;
  if (!operand || !method || !isInterface(operand, ctx)) return undefined;
  const found = (goMinor(ctx.options.goVersion) ?? 99) >= 26 ? concreteTypeOf(operand, ctx, new Set()) : staticConcreteType(operand, ctx);
  if (found === 'unsure') return 'unsure';
  // Only nil is ever assigned: the compiler leaves the call indirect.
  if (found === 'none' || found === 'dynamic') return 'dynamic';
  // The devirtualizer does not make an assertion the type cannot satisfy (`any(0).(interface{ A() }).A()`).
  const has = hasMethod(found.type, method, ctx);
  return has === false ? 'dynamic' : has ? found : 'unsure';
}

/** Whether an expression's static type is an interface (the `v` of a type switch case by its case type). */
function isInterface(n: Node, ctx: PredictContext): boolean {
  const v = n.type === 'identifier' ? ctx.res.useOf.get(n.id) : undefined;
  if (v && isTypeSwitchAlias(v.decl)) {
    const types = caseTypes(n);
    return types.length === 1 ? classifyType(types[0], ctx.env) === 'interface' : isInterface(switchValue(v)!, ctx);
  }
  return classifyType(typeOfExpr(n, ctx.env), ctx.env) === 'interface';
}

/** Go 1.26's concreteType: follow the value back; every assignment must give the same concrete type. */
function concreteTypeOf(expr: Node, ctx: PredictContext, seen: Set<VarInfo>, depth = 0): ConcreteType {
  let n = unparen(expr);
  for (let i = 0; n && i < 32; i++) {
    if (n.type === 'nil') return 'none';
    const inner = interfaceConversionOperand(n, ctx) ?? (n.type === 'type_assertion_expression' && isInterfaceType(n.childForFieldName('type'), ctx) ? n.childForFieldName('operand') : null);
    if (!inner) break;
    n = unparen(inner);
  }
  if (!n || depth > 16) return 'unsure';
  // A value of a concrete static type is that type; one of unknown type is not followed.
  if (!isInterface(n, ctx)) return staticConcrete(n, ctx) ?? 'unsure';
  switch (n.type) {
    case 'identifier': return variableType(n, ctx, seen, depth);
    // A field, an element or a received value of interface type is not a local variable.
    case 'selector_expression': return isPackageQualified(n, ctx) ? 'unsure' : 'dynamic';
    case 'index_expression': return 'dynamic';
    case 'unary_expression': return n.childForFieldName('operator')?.text === '<-' ? 'dynamic' : 'unsure';
    case 'call_expression': return callResultType(n, 0, ctx);
    default: return 'unsure';
  }
}

/** A local variable's type: the one concrete type all its assignments agree on. */
function variableType(id: Node, ctx: PredictContext, seen: Set<VarInfo>, depth: number): ConcreteType {
  const v = ctx.res.useOf.get(id.id);
  if (!v) return ctx.env.pkg?.vars.has(id.text) ? 'dynamic' : 'unsure';
  if (v.kind === 'param' || v.kind === 'receiver' || v.kind === 'result') return 'dynamic';
  if (v.kind !== 'local') return 'unsure';
  if (v.addrTaken) return 'dynamic';
  if (seen.has(v)) return 'none';
  seen.add(v);
  const values = assignedTypes(v, ctx, seen, depth);
  if (values.includes('dynamic')) return 'dynamic';
  const types = values.filter((t): t is { type: string } => typeof t === 'object');
  // Two named types differ; two unnamed struct types written apart are two type objects to the compiler.
  const distinct = new Set(types.map((t) => canonical(t.type)));
  if (distinct.size > 1 || (types.length > 1 && types.some((t) => /^struct\b/.test(t.type)))) return 'dynamic';
  if (values.includes('unsure')) return 'unsure';
  return types[0] ?? 'none';
}

/** What each assignment to v gives it: its declaration, `=`, `:=` redeclarations, ranges, receives. */
function assignedTypes(v: VarInfo, ctx: PredictContext, seen: Set<VarInfo>, depth: number): ConcreteType[] {
  const out: ConcreteType[] = [];
  if (isTypeSwitchAlias(v.decl)) {
    const value = switchValue(v);
    return [value ? concreteTypeOf(value, ctx, seen, depth + 1) : 'unsure'];
  }
  if (v.range) out.push(rangedType(v.range.expr, v.range.role, ctx));
  else if (v.init) out.push(concreteTypeOf(v.init, ctx, seen, depth + 1));
  else if (!isPlainDeclaration(v.decl)) out.push(definedType(v.decl, v.name, ctx, seen, depth));
  for (const a of v.assignments) out.push(definedType(a.node, v.name, ctx, seen, depth));
  return out;
}

/** `var v T` with no value: the zero value, which the devirtualizer ignores. */
function isPlainDeclaration(decl: Node): boolean {
  return decl.parent?.type === 'var_spec' && !decl.parent.childForFieldName('value');
}

/** The type an assignment statement (or a redeclaring identifier, a range or receive clause) gives to name. */
function definedType(node: Node, name: string, ctx: PredictContext, seen: Set<VarInfo>, depth: number): ConcreteType {
  const stmt = node.type !== 'identifier' ? node : node.parent?.type === 'var_spec' ? node.parent : node.parent?.parent;
  if (!stmt) return 'unsure';
  const left = stmt.type === 'var_spec' ? stmt.childrenForFieldName('name').filter((c): c is Node => !!c) : listOf(stmt.childForFieldName('left'));
  const right = listOf(stmt.childForFieldName('right') ?? stmt.childForFieldName('value'));
  const i = left.findIndex((l) => unparen(l)?.type === 'identifier' && unparen(l)!.text === name);
  if (i < 0 || !right.length) return 'unsure';
  if (stmt.type === 'range_clause') return rangedType(right[0], i === 0 ? 'key' : 'value', ctx);
  if (left.length === right.length) return concreteTypeOf(right[i], ctx, seen, depth + 1);
  const only = unparen(right[0]);
  if (right.length !== 1 || !only) return 'unsure';
  if (only.type === 'call_expression') return callResultType(only, i, ctx);
  // `v, ok = x.(T)` gives v the assertion; `v, ok = m[k]` / `<-ch` the element type; ok is a bool.
  if (i === 1) return 'dynamic';
  if (only.type === 'type_assertion_expression') return concreteTypeOf(only, ctx, seen, depth + 1);
  return staticConcrete(only, ctx) ?? (isInterface(only, ctx) ? 'dynamic' : 'unsure');
}

/** `for k, v = range x`: the element's static type (an interface element is not followed). */
function rangedType(expr: Node, role: 'key' | 'value', ctx: PredictContext): ConcreteType {
  const t = underlying(typeOfExpr(expr, ctx.env), ctx.env)?.replace(/^\*(?=\[)/, '');
  const c = classifyType(t, ctx.env);
  let elem: string | undefined;
  if (c === 'map') elem = role === 'key' ? /^map\[(.+?)\]/.exec(t!)?.[1] : elementType(t, ctx.env);
  else if (c === 'chan') elem = role === 'key' ? /^(?:<-\s*)?chan\s*(?:<-\s*)?(\S.*)$/.exec(t!)?.[1] : undefined;
  else if (c === 'slice' || c === 'array') elem = role === 'key' ? 'int' : elementType(t, ctx.env);
  else if (c === 'basic' || c === 'string') return 'dynamic';
  return typeFromText(elem, ctx);
}

/** The i-th result of a call: a concrete result type, or an interface result of a call that is not inlined. */
function callResultType(call: Node, i: number, ctx: PredictContext): ConcreteType {
  const fn = unparen(call.childForFieldName('function'));
  const callee = fn?.type === 'identifier' && !ctx.res.useOf.has(fn.id) ? ctx.funcs.func(fn.text) : undefined;
  if (!callee) return 'unsure';
  const result = callee.results?.[i];
  if (!result) return 'unsure';
  if (classifyType(result, ctx.env) !== 'interface') return typeFromText(result, ctx);
  if (callee.noinline || callee.large) return 'dynamic';
  const inlined = callee.inlineReturns?.[i];
  return inlined ? { type: inlined } : 'unsure';
}

/** A type given as text: concrete, or an interface whose dynamic type is not followed. */
function typeFromText(t: string | undefined, ctx: PredictContext): ConcreteType {
  if (!t) return 'unsure';
  const c = classifyType(t, ctx.env);
  return c === 'interface' ? 'dynamic' : c === 'unknown' && !/^\w+(\[.*\])?$/.test(t) ? 'unsure' : { type: t.trim() };
}

/** The concrete type of an expression whose static type is known and not an interface. */
function staticConcrete(n: Node, ctx: PredictContext): { type: string } | undefined {
  const t = typeOfExpr(n, ctx.env);
  if (!t || /\?/.test(t)) return undefined;
  const c = classifyType(t, ctx.env);
  if (c === 'interface') return undefined;
  // An unknown class is still a concrete type when it is a named type of this package or a pointer to one.
  if (c === 'unknown' && !/^\*?\w+(\[.*\])?$/.test(t) && !/^struct\b/.test(t)) return undefined;
  if (c === 'unknown' && /^\w+$/.test(t.replace(/^\*/, '')) && !ctx.env.pkg?.types.has(t.replace(/^\*/, ''))) return undefined;
  return { type: t.trim() };
}

/** Before Go 1.26 (ir.StaticValue): a chain of never-reassigned locals ending in a conversion of a concrete value. */
function staticConcreteType(expr: Node, ctx: PredictContext): ConcreteType {
  let n = unparen(expr);
  for (let i = 0; n && i < 16; i++) {
    const conv = interfaceConversionOperand(n, ctx);
    if (conv) {
      const inner = unparen(conv);
      // A conversion to the same interface type is a no-op the chain follows; to another, the end of it.
      if (inner && isInterface(inner, ctx)) {
        if (typeOfExpr(inner, ctx.env) !== typeOfExpr(n, ctx.env)) return 'unsure';
        n = inner;
        continue;
      }
      return (inner && staticConcrete(inner, ctx)) ?? 'unsure';
    }
    if (n.type !== 'identifier') break;
    const v = ctx.res.useOf.get(n.id);
    if (!v) return ctx.env.pkg?.vars.has(n.text) ? 'dynamic' : 'unsure';
    if (v.kind === 'param' || v.kind === 'receiver' || v.kind === 'result') return 'dynamic';
    if (v.kind !== 'local') return 'unsure';
    // Reassigned, address taken, or defined other than by `:=`/`var … =` of single values: not followed.
    if (v.assignments.length || v.addrTaken || v.range || isTypeSwitchAlias(v.decl)) return 'dynamic';
    if (!v.init) return isPlainDeclaration(v.decl) || definedByCall(v.decl) ? 'dynamic' : 'unsure';
    const init = unparen(v.init);
    if (!init) return 'unsure';
    // An implicit conversion: a concrete value assigned to a variable of interface type.
    if (!isInterface(init, ctx)) return staticConcrete(init, ctx) ?? 'unsure';
    n = init;
  }
  if (!n) return 'unsure';
  if (n.type === 'type_assertion_expression' || n.type === 'index_expression') return 'dynamic';
  if (n.type === 'selector_expression') return isPackageQualified(n, ctx) ? 'unsure' : 'dynamic';
  if (n.type === 'call_expression') return callResultType(n, 0, ctx) === 'dynamic' ? 'dynamic' : 'unsure';
  return 'unsure';
}

/** `a, b := f()`: a definition that is not a plain assignment of values. */
function definedByCall(decl: Node): boolean {
  const stmt = decl.parent?.parent;
  const right = listOf(stmt?.childForFieldName('right') ?? stmt?.childForFieldName('value') ?? null);
  return right.length === 1 && listOf(stmt?.childForFieldName('left') ?? null).length > 1 && unparen(right[0])?.type === 'call_expression';
}

/** `I(x)` (or `interface{…}(x)`) where I is an interface type: x. */
function interfaceConversionOperand(n: Node, ctx: PredictContext): Node | null {
  if (n.type === 'type_conversion_expression') return isInterfaceType(n.childForFieldName('type'), ctx) ? n.childForFieldName('operand') : null;
  if (n.type !== 'call_expression') return null;
  const fn = unparen(n.childForFieldName('function'));
  const args = n.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
  if (!fn || args.length !== 1 || (fn.type === 'identifier' && ctx.res.useOf.has(fn.id))) return null;
  if (fn.type === 'identifier' && ctx.env.pkg?.funcs.has(fn.text)) return null;
  return isInterfaceType(fn, ctx) ? args[0] : null;
}

function isInterfaceType(t: Node | null, ctx: PredictContext): boolean {
  const u = unparen(t);
  if (!u || (u.type !== 'identifier' && u.type !== 'type_identifier' && u.type !== 'interface_type' && u.type !== 'qualified_type')) return false;
  return classifyType(u.text, ctx.env) === 'interface';
}

function isPackageQualified(n: Node, ctx: PredictContext): boolean {
  const operand = n.childForFieldName('operand');
  return operand?.type === 'identifier' && !ctx.res.useOf.has(operand.id) && ctx.env.imports.has(operand.text);
}

/** Whether a concrete type has method m in its method set; undefined when its methods are not known. */
function hasMethod(type: string, m: string, ctx: PredictContext): boolean | undefined {
  const pointer = type.startsWith('*');
  const base = type.replace(/^\*/, '').replace(/\[.*$/, '');
  if (!pointer && METHODLESS.test(base)) return false;
  if (!/^\w+$/.test(base) || !ctx.env.pkg?.types.has(base)) return undefined;
  const methods = ctx.funcs.methodsNamed(m, base);
  if (methods.length) return pointer || !methods[0].pointerReceiver;
  // A method may be promoted from an embedded field; those are not followed.
  const fields = structFields(underlying(base, ctx.env) ?? '');
  if (!fields || [...fields].some(([name, t]) => new RegExp(`^\\*?(\\w+\\.)?${name}(\\[.*\\])?$`).test(t))) return undefined;
  return false;
}

/** The case types of the type switch clause a use of its alias is in. */
function caseTypes(use: Node): string[] {
  for (let p = use.parent; p; p = p.parent) {
    if (p.type === 'type_case') return p.childrenForFieldName('type').filter((t): t is Node => !!t).map((t) => t.text);
    if (p.type === 'default_case' || p.type === 'type_switch_statement') return [];
  }
  return [];
}

function switchValue(v: VarInfo): Node | undefined {
  return unparen(v.decl.parent?.parent?.childForFieldName('value') ?? null) ?? undefined;
}

/** Type arguments spelled two ways (`byte`, `uint8`) name one instantiation. */
function canonical(t: string): string {
  return t.replace(/\bbyte\b/g, 'uint8').replace(/\brune\b/g, 'int32').replace(/\s+/g, '');
}

function listOf(n: Node | null | undefined): Node[] {
  if (!n) return [];
  return n.type === 'expression_list' ? n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [n];
}
