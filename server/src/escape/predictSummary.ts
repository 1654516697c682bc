// What the predictor knows about the package's own functions and methods, as plain data (a server
// can keep it for files that are not open): which parameters leak to the heap (stored beyond the
// call, passed to a leaking library function or an interface method, or on to another leaking
// function of the package), and which functions just return a new allocation (they are inlined,
// so the allocation reappears at each call site). Pure.
import type { Node, Tree } from 'web-tree-sitter';
import type { PackageContext } from '../analysis/values/summaries';
import { type CalleeRef, type PredictContext, calleeRef, importsOf, sinkOf } from './predictFlow';
import { resolveFunction } from './predictScope';
import { classifyType, resultTypes } from './predictTypes';
import { nestingExceeds } from '../analysis/nesting';

/** Parameter index of the receiver. */
export const RECEIVER = -1;

export interface FuncEscapeSummary {
  name: string;
  /** For methods: the receiver's base type name, and whether the receiver is a pointer. */
  receiver?: string;
  pointerReceiver?: boolean;
  params: Array<{ name: string; type: string }>;
  /** The result type, when there is exactly one. */
  result?: string;
  /** Every result type, in order. */
  results?: string[];
  /** Marked `//go:noinline`: the compiler never inlines it. */
  noinline?: boolean;
  /** When the body is one `return` of new values (`&T{}`, `T{}`, `new(T)`): their concrete types, as inlining reveals them. */
  inlineReturns?: Array<string | undefined>;
  /** How the compiler prints the allocation, when the body is only `return <allocation>`. */
  returnsAllocation?: string;
  /** Far over the inliner's budget: never inlined, so interface parameters are not devirtualized. */
  large: boolean;
  /** Parameters (RECEIVER for the receiver) the body itself leaks to the heap. */
  leaks: number[];
  /** Parameters passed on to the package's own functions; resolved across the package by FunctionIndex. */
  passes: Array<{ param: number; callee: CalleeRef; index: number }>;
}

/** A function body this large (tree-sitter nodes) is far over the inliner's budget of 80. */
const LARGE_BODY_NODES = 400;

/**
 * Summarises the functions and methods of one file; `only`: of these top-level declarations, with
 * the file's imports (already known).
 */
export function summarizeEscapes(tree: Tree, pkg?: PackageContext, only?: { decls: readonly Node[]; imports: ReadonlyMap<string, string> }): FuncEscapeSummary[] {
  const out: FuncEscapeSummary[] = [];
  const imports = only?.imports ?? importsOf(tree.rootNode);
  for (const decl of only?.decls ?? tree.rootNode.namedChildren) {
    if (!decl || (decl.type !== 'function_declaration' && decl.type !== 'method_declaration')) continue;
    // Declarations nested beyond the analysis's limit are skipped (see analysis/nesting.ts).
    if (nestingExceeds(decl.text) >= 0) continue;
    const name = decl.childForFieldName('name')?.text;
    const body = decl.childForFieldName('body');
    if (!name || !body || decl.childForFieldName('type_parameters')) continue;
    const recvType = decl.childForFieldName('receiver')?.namedChild(0)?.childForFieldName('type')?.text;
    const summary: FuncEscapeSummary = {
      name, params: paramsOf(decl), returnsAllocation: returnedAllocation(body), large: body.descendantCount >= LARGE_BODY_NODES, leaks: [], passes: [],
      ...(recvType ? { receiver: recvType.replace(/^\*/, '').replace(/\[.*$/, ''), pointerReceiver: recvType.startsWith('*') } : {}),
    };
    const result = decl.childForFieldName('result');
    const single = result?.type === 'parameter_list' ? (result.namedChildCount === 1 && result.namedChild(0)!.childrenForFieldName('name').length <= 1 ? result.namedChild(0)!.childForFieldName('type') : null) : result;
    if (single) summary.result = single.text;
    summary.results = resultTypes(decl);
    if (isNoinline(decl)) summary.noinline = true;
    const returned = returnedTypes(body);
    if (returned) summary.inlineReturns = returned;
    analyseLeaks(decl, summary, pkg, imports);
    out.push(summary);
  }
  return out;
}

function analyseLeaks(decl: Node, summary: FuncEscapeSummary, pkg: PackageContext | undefined, imports: ReadonlyMap<string, string>): void {
  const res = resolveFunction(decl);
  const ctx: PredictContext = {
    file: '', env: { pkg, imports, useOf: res.useOf }, res, declOf: new Map(res.vars.map((v) => [v.decl.id, v])),
    options: {}, funcs: EMPTY_INDEX, add: () => undefined,
  };
  let index = 0;
  for (const v of res.vars) {
    if (v.func.id !== decl.id || (v.kind !== 'param' && v.kind !== 'receiver')) continue;
    const param = v.kind === 'receiver' ? RECEIVER : index++;
    if (v.name === '_') continue;
    const interfaceParam = classifyType(v.typeText, ctx.env) === 'interface';
    for (const use of v.uses) {
      const why = sinkOf(use, ctx);
      // A method called on an interface value: the callee is unknown, the value leaks.
      const methodCall = use.parent?.type === 'selector_expression' && use.parent.parent?.type === 'call_expression' && interfaceParam;
      if ((why && why !== 'returned') || methodCall) { summary.leaks.push(param); break; }
      const call = use.parent?.type === 'argument_list' ? use.parent.parent : null;
      const fn = call?.childForFieldName('function');
      const callee = fn ? calleeRef(fn, ctx) : undefined;
      if (callee) summary.passes.push({ param, callee, index: use.parent!.namedChildren.findIndex((a) => a?.id === use.id) });
    }
  }
}

function paramsOf(decl: Node): FuncEscapeSummary['params'] {
  const out: FuncEscapeSummary['params'] = [];
  for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const type = p.childForFieldName('type')?.text ?? '';
    const fullType = p.type === 'variadic_parameter_declaration' ? `...${type}` : type;
    const names = p.childrenForFieldName('name');
    if (names.length === 0) out.push({ name: '_', type: fullType });
    for (const n of names) out.push({ name: n?.text ?? '_', type: fullType });
  }
  return out;
}

/** A `//go:noinline` directive among the comments right above the declaration. */
function isNoinline(decl: Node): boolean {
  for (let c = decl.previousSibling; c?.type === 'comment'; c = c.previousSibling) if (/^\/\/go:noinline\b/.test(c.text)) return true;
  return false;
}

/** The concrete types a body of one `return` statement gives its results (undefined where not a new value). */
function returnedTypes(body: Node): Array<string | undefined> | undefined {
  const statements = body.namedChild(0)?.type === 'statement_list' ? body.namedChild(0)!.namedChildren : body.namedChildren;
  if (statements.length !== 1 || statements[0]?.type !== 'return_statement') return undefined;
  const list = statements[0].namedChild(0);
  const exprs = list?.type === 'expression_list' ? list.namedChildren : list ? [list] : [];
  // Calls inside add to the inlining cost: only the cheap bodies are sure to be inlined.
  if (!exprs.length || exprs.some((e) => e?.descendantsOfType('call_expression').some((c) => c?.childForFieldName('function')?.text !== 'new'))) return undefined;
  return exprs.map((e) => {
    if (e?.type === 'composite_literal') return e.childForFieldName('type')?.text;
    if (e?.type === 'unary_expression' && e.childForFieldName('operator')?.text === '&' && e.childForFieldName('operand')?.type === 'composite_literal') return `*${e.childForFieldName('operand')!.childForFieldName('type')?.text}`;
    if (e?.type === 'call_expression' && e.childForFieldName('function')?.text === 'new') return `*${e.childForFieldName('arguments')?.namedChild(0)?.text}`;
    return undefined;
  });
}

function returnedAllocation(body: Node): string | undefined {
  const statements = body.namedChild(0)?.type === 'statement_list' ? body.namedChild(0)!.namedChildren : body.namedChildren;
  if (statements.length !== 1 || statements[0]?.type !== 'return_statement') return undefined;
  const list = statements[0].namedChild(0);
  const expr = list?.type === 'expression_list' ? (list.namedChildCount === 1 ? list.namedChild(0) : null) : list;
  // Calls inside (`&T{errors.New(…)}`) add to the inlining cost: only claim the cheap ones.
  if (!expr || expr.descendantsOfType('call_expression').length > (expr.type === 'call_expression' ? 1 : 0)) return undefined;
  if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '&') {
    const lit = expr.childForFieldName('operand');
    if (lit?.type !== 'composite_literal') return undefined;
    const type = lit.childForFieldName('type')?.text ?? '';
    return `&${type}${(lit.childForFieldName('body')?.namedChildCount ?? 0) > 0 ? '{...}' : '{}'}`;
  }
  if (expr.type === 'call_expression') {
    const fn = expr.childForFieldName('function');
    if (fn?.type === 'identifier' && fn.text === 'new') return `new(${expr.childForFieldName('arguments')?.namedChild(0)?.text ?? ''})`;
    if (fn?.text === 'errors.New') return '&errors.errorString{...}';
  }
  return undefined;
}

/** The package's functions with their leaks propagated through calls between them. */
export class FunctionIndex {
  private readonly byKey = new Map<string, { summary: FuncEscapeSummary; leaks: Set<number> }>();
  private readonly methods = new Map<string, Array<{ summary: FuncEscapeSummary; leaks: Set<number> }>>();

  constructor(summaries: readonly FuncEscapeSummary[]) {
    for (const summary of summaries) {
      const entry = { summary, leaks: new Set(summary.leaks) };
      this.byKey.set(keyOf(summary.receiver, summary.name), entry);
      if (summary.receiver) this.methods.set(summary.name, [...(this.methods.get(summary.name) ?? []), entry]);
    }
    // A parameter passed to a leaking parameter leaks too; a few rounds reach the fixed point in practice.
    for (let round = 0, changed = true; changed && round < 8; round++) {
      changed = false;
      for (const entry of this.byKey.values()) {
        for (const pass of entry.summary.passes) {
          if (!entry.leaks.has(pass.param) && this.leaks(pass.callee, pass.index)) { entry.leaks.add(pass.param); changed = true; }
        }
      }
    }
  }

  /** A package-level function (not a method) by name. */
  func(name: string): FuncEscapeSummary | undefined {
    return this.byKey.get(keyOf(undefined, name))?.summary;
  }

  /** The methods named `name` of the receiver type, or of every type when the receiver is unknown. */
  methodsNamed(name: string, receiver?: string): FuncEscapeSummary[] {
    const all = this.methods.get(name) ?? [];
    return (receiver ? all.filter((e) => e.summary.receiver === receiver) : all).map((e) => e.summary);
  }

  /** Whether argument `index` (RECEIVER for the receiver) of a call to callee leaks to the heap. */
  leaks(callee: CalleeRef, index: number): boolean {
    if (!callee.method) return this.byKey.get(keyOf(undefined, callee.name))?.leaks.has(index) ?? false;
    const candidates = (this.methods.get(callee.name) ?? []).filter((e) => !callee.receiver || e.summary.receiver === callee.receiver);
    // Without the receiver's type, only a leak every method of that name agrees on.
    return candidates.length > 0 && candidates.every((e) => e.leaks.has(index));
  }
}

const EMPTY_INDEX = new FunctionIndex([]);

function keyOf(receiver: string | undefined, name: string): string {
  return receiver ? `${receiver}.${name}` : name;
}
