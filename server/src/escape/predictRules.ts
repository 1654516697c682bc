// The predictor's syntactic rules, one expression at a time (the data-flow graph, predictGraph*.ts,
// covers what flows through variables): `&T{}`, `&x`, slicing a local array, slice and map literals,
// new and make, string conversions and concatenations, func literals, errors.New and values boxed for
// fmt, log or panic, whenever sinkOf finds that the value leaves the frame. Pure.
import type { Node } from 'web-tree-sitter';
import { type PredictContext, addressedVariable, calleeRef, compact, compilerPosition, isConstantValue, literalName, sinkOf, unparen } from './predictFlow';
import { boxingCall, libraryCallee } from './predictLibrary';
import { enclosingFunction, isTypeSwitchAlias } from './predictScope';
import { appendGrowth, escapingClosure, capturedByReference } from './predictClosures';
import { makeHeapReason } from './predictMake';
import { RECEIVER } from './predictSummary';
import { boxesOnConversion, classifyType, resultTypes, typeOfExpr } from './predictTypes';
import { maxExpressionDepth } from '../analysis/nesting';

/** Adds the facts the syntactic rules find at node. */
export function predictNode(node: Node, ctx: PredictContext): undefined {
  switch (node.type) {
    case 'binary_expression':
      predictConcatenation(node, ctx);
      return;
    case 'unary_expression': {
      if (node.childForFieldName('operator')?.text !== '&') return;
      const operand = unparen(node.childForFieldName('operand'));
      if (operand?.type === 'composite_literal') {
        const why = sinkOf(node, ctx);
        if (why) ctx.add(node, 'escapes', `&${literalName(operand)}`, why);
        return;
      }
      const v = operand && addressedVariable(operand, ctx);
      const why = v && !isTypeSwitchAlias(v.decl) && sinkOf(node, ctx);
      if (v && why) ctx.add(v.decl, 'moved-to-heap', v.name, why);
      return;
    }
    case 'slice_expression': {
      // `arr[:]` of a local array takes its address.
      const operand = unparen(node.childForFieldName('operand'));
      const v = operand?.type === 'identifier' ? ctx.res.useOf.get(operand.id) : undefined;
      if (!v || v.kind === 'const' || classifyType(typeOfExpr(operand, ctx.env), ctx.env) !== 'array') return;
      const why = sinkOf(node, ctx);
      if (why) ctx.add(v.decl, 'moved-to-heap', v.name, why);
      return;
    }
    case 'composite_literal': {
      const cls = classifyType(node.childForFieldName('type')?.text, ctx.env);
      if ((cls !== 'slice' && cls !== 'map') || unparen(node.parent)?.type === 'unary_expression') return;
      const why = sinkOf(node, ctx);
      if (why) ctx.add(node, 'escapes', literalName(node), why, node.childForFieldName('body') ?? node);
      return;
    }
    case 'call_expression':
      predictCall(node, ctx);
      return;
    case 'type_conversion_expression': {
      const type = node.childForFieldName('type')?.text;
      const operand = node.childForFieldName('operand');
      if ((type === '[]byte' || type === '[]rune') && classifyType(typeOfExpr(operand, ctx.env), ctx.env) === 'string') {
        const why = sinkOf(node, ctx);
        const paren = node.children.find((c) => c?.type === '(');
        if (why) ctx.add(node, 'escapes', `(${type})(${compact(operand!.text)})`, why, paren ?? node);
      }
      return;
    }
    case 'func_literal': {
      const why = escapingClosure(node, ctx, sinkOf);
      if (!why) return;
      ctx.add(node, 'escapes', 'func literal', why);
      for (const v of capturedByReference(node, ctx)) ctx.add(v.decl, 'moved-to-heap', v.name, 'captured by a closure');
      return;
    }
    case 'return_statement':
      predictInterfaceResults(node, ctx);
      return;
    case 'assignment_statement':
      predictGlobalInterfaceStore(node, ctx);
      appendGrowth(node, ctx);
      return;
  }
}

function predictCall(node: Node, ctx: PredictContext): void {
  const fn = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  const args = argList?.namedChildren.filter((n): n is Node => !!n) ?? [];
  if (!fn || !argList) return;
  if (fn.type === 'identifier' && !ctx.res.useOf.has(fn.id)) {
    if (fn.text === 'new' || (fn.text === 'make' && /^(slice|map)$/.test(classifyType(args[0]?.text, ctx.env)))) {
      const name = `${fn.text}(${args.map((a) => compact(a.text)).join(', ')})`;
      const slice = fn.text === 'make' && classifyType(args[0]?.text, ctx.env) === 'slice';
      const why = sinkOf(node, ctx) ?? (slice ? makeHeapReason(args, ctx) : undefined);
      if (why) ctx.add(node, 'escapes', name, why, argList);
      return;
    }
    if (fn.text === 'string' && args.length === 1 && !isConstantValue(args[0], ctx) && /^(slice|basic)$/.test(classifyType(typeOfExpr(args[0], ctx.env), ctx.env))) {
      const why = sinkOf(node, ctx);
      if (why) ctx.add(node, 'escapes', `string(${compact(args[0].text)})`, why, argList);
      return;
    }
    if (fn.text === 'panic' && args.length === 1) boxArguments(args, () => true, 'panic', ctx);
    const callee = ctx.funcs.func(fn.text);
    if (callee?.returnsAllocation) {
      // A function that only returns a new allocation is inlined: the allocation is made here.
      const why = sinkOf(node, ctx);
      if (why) ctx.add(node, 'escapes', callee.returnsAllocation, `${why} (allocated by ${fn.text}, inlined)`, argList);
    }
    // Concrete values passed to a leaking interface parameter are boxed, unless inlining devirtualizes the call.
    const ref = { name: fn.text, method: false };
    if (callee?.large) boxArguments(args, (i) => classifyType(callee.params[i]?.type, ctx.env) === 'interface' && ctx.funcs.leaks(ref, i), fn.text, ctx);
    return;
  }
  predictLeakingReceiver(fn, ctx);
  const library = libraryCallee(fn, ctx);
  if (library?.importPath === 'errors' && library.name === 'New' && args.length === 1) {
    // Inlined: the allocation is errors.New's `&errorString{s}`, reported at this call.
    const why = sinkOf(node, ctx);
    if (why) ctx.add(node, 'escapes', '&errors.errorString{...}', why, argList);
    return;
  }
  const boxing = boxingCall(fn, ctx);
  if (boxing && !argList.children.some((c) => c?.type === '...')) boxArguments(args, boxing.leaks, boxing.name, ctx);
}

/** `x.m()` on a local value whose pointer-receiver method m leaks its receiver: x lives on the heap. */
function predictLeakingReceiver(fn: Node, ctx: PredictContext): void {
  const ref = calleeRef(fn, ctx);
  const operand = unparen(fn.childForFieldName('operand'));
  if (!ref?.method || !ref.receiver || operand?.type !== 'identifier') return;
  const v = ctx.res.useOf.get(operand.id);
  if (!v || v.kind === 'const' || typeOfExpr(operand, ctx.env)?.startsWith('*')) return;
  const methods = ctx.funcs.methodsNamed(ref.name, ref.receiver);
  if (methods.length === 1 && methods[0].pointerReceiver && ctx.funcs.leaks(ref, RECEIVER)) {
    ctx.add(v.decl, 'moved-to-heap', v.name, `its method ${ref.name} leaks its receiver`);
  }
}

function boxArguments(args: Node[], leaks: (index: number) => boolean, callee: string, ctx: PredictContext): void {
  for (const [i, arg] of args.entries()) {
    if (!leaks(i) || !boxesOnConversion(typeOfExpr(arg, ctx.env), ctx.env)) continue;
    ctx.add(arg, 'escapes', arg.type === 'composite_literal' ? literalName(arg) : compact(arg.text), `converted to an interface for ${callee}`, compilerPosition(arg));
  }
}

/** `a + b` of strings (the outermost `+`): the result is a new string, on the heap if it leaves the frame. */
function predictConcatenation(node: Node, ctx: PredictContext): void {
  const op = node.childForFieldName('operator');
  if (op?.text !== '+' || isPlus(unparen(node.parent)) || classifyType(typeOfExpr(node, ctx.env), ctx.env) !== 'string') return;
  const leaves: Node[] = [];
  const collect = (n: Node | null, depth: number): void => {
    const u = unparen(n);
    if (depth >= maxExpressionDepth) leaves.push(u ?? node); // not followed further: not known constant
    else if (isPlus(u)) { collect(u!.childForFieldName('left'), depth + 1); collect(u!.childForFieldName('right'), depth + 1); } else if (u) leaves.push(u);
  };
  collect(node, 0);
  if (leaves.every((leaf) => isConstantValue(leaf, ctx))) return;
  const why = sinkOf(node, ctx);
  if (why) ctx.add(node, 'escapes', compact(node.text), why, op);
}

function isPlus(n: Node | null | undefined): boolean {
  return n?.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+';
}

/** `return v` of a concrete value from a function whose result is an interface: v is boxed on the heap. */
function predictInterfaceResults(ret: Node, ctx: PredictContext): void {
  const fn = enclosingFunction(ret);
  if (!fn || fn.type === 'func_literal') return;
  const results = resultTypes(fn);
  const list = ret.namedChild(0);
  const exprs = list?.type === 'expression_list' ? list.namedChildren.filter((n): n is Node => !!n) : list ? [list] : [];
  if (exprs.length !== results.length) return;
  exprs.forEach((e, i) => {
    if (classifyType(results[i], ctx.env) !== 'interface' || !boxesOnConversion(typeOfExpr(e, ctx.env), ctx.env)) return;
    ctx.add(e, 'escapes', e.type === 'composite_literal' ? literalName(e) : compact(e.text), 'returned as an interface', compilerPosition(e));
  });
}

/** `sink = v` where sink is a package variable of interface type. */
function predictGlobalInterfaceStore(stmt: Node, ctx: PredictContext): void {
  const left = stmt.childForFieldName('left')?.namedChildren ?? [];
  const right = stmt.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== right.length || !stmt.children.some((c) => c?.type === '=')) return;
  left.forEach((l, i) => {
    const r = right[i];
    if (!l || !r || l.type !== 'identifier' || ctx.res.useOf.has(l.id)) return;
    const global = ctx.env.pkg?.vars.get(l.text);
    if (!global || classifyType(global.type, ctx.env) !== 'interface' || !boxesOnConversion(typeOfExpr(r, ctx.env), ctx.env)) return;
    ctx.add(r, 'escapes', compact(r.text), 'stored in a package variable of interface type', compilerPosition(r));
  });
}
