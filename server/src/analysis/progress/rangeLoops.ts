// Range loops: over a slice, map, channel, string or integer they end (or wait, for a channel);
// over an iterator function of this package that yields forever, with a body that never stops it,
// they never end. Everything else about a range loop is left alone.
import type { Node } from 'web-tree-sitter';
import type { PackageContext } from '../values/summaries';
import { endlessLoopOf, endlessYieldLoop, methodKey, type EndlessIterator } from '../values/iterators';
import { declarationOf, funcModel, type FuncModel } from '../funcModel';
import { brief, lineOf, unparen } from '../syntax';
import type { LoopVerdict } from '../loopVerdict';
import { hasExit } from './exitGuards';
import { fitting, FIRST_SENTENCE_MAX } from '../words';

/** The verdict for a `for … range` loop: only a range over an endless iterator, with no way out, never ends. */
export function rangeLoopVerdict(loop: Node, fn: Node, pkg: PackageContext): LoopVerdict | undefined {
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const right = unparen(rc?.childForFieldName('right') ?? null);
  const it = right ? endlessIteratorAt(right, funcModel(fn), pkg, 0) : undefined;
  if (!right || !it || hasExit(loop)) return undefined;
  const where = it.node ? `line ${lineOf(it.node)}` : `${it.file?.split(/[\\/]/).pop()}:${it.line + 1}`;
  const reason = `it ranges over \`${brief(right.text)}\`, an iterator whose \`for\` loop at ${where} yields forever until the range body stops it, and this body has no break, return, goto or panic`;
  const related = it.node ? [{ node: it.node, message: 'This loop yields forever: its only way out is `yield` returning false' }] : [];
  return {
    loop, fn, kind: 'non-progressing', certain: true, variables: [], updates: [], hasExit: false,
    stall: { short: fitting(FIRST_SENTENCE_MAX - 'This loop never ends: .'.length, `\`${brief(right.text, 30)}\` yields forever (${where}), and nothing in this body stops it`, `\`${brief(right.text, 30)}\` yields forever, and nothing in this body stops it`), reason, related },
    iterator: { file: it.file, line: it.line },
  };
}

interface Found { node?: Node; file?: string; line: number }

const MAX_HOPS = 3;

/** The endless loop of the iterator `e` evaluates to: a func literal, a local holding one, or this package's function or method. */
function endlessIteratorAt(expr: Node, m: FuncModel, pkg: PackageContext, hops: number): Found | undefined {
  const e = unparen(expr);
  if (!e || hops > MAX_HOPS) return undefined;
  switch (e.type) {
    case 'func_literal': {
      const loop = endlessYieldLoop(e);
      return loop ? { node: loop, line: loop.startPosition.row } : undefined;
    }
    case 'identifier': {
      if (m.params.has(e.text)) return undefined;
      if (m.locals.has(e.text)) {
        // A local set once (`seq := naturals()`, `seq := func(yield …) {…}`) and never changed.
        if ((m.locals.get(e.text)?.length ?? 0) !== 1 || m.assigned.has(e.text) || m.addressTaken.has(e.text) || m.closureAssigned.has(e.text)) return undefined;
        const init = declarationOf(e.text, m).init;
        return init ? endlessIteratorAt(init, m, pkg, hops + 1) : undefined;
      }
      return declared(e, e.text, 'value', pkg);
    }
    case 'selector_expression':
      return ownTypeOperand(e, m, pkg) ? declared(e, methodKey(e.childForFieldName('field')?.text ?? ''), 'value', pkg) : undefined;
    case 'call_expression': {
      const callee = genericOperand(unparen(e.childForFieldName('function')));
      if (callee?.type === 'identifier' && !m.locals.has(callee.text) && !m.params.has(callee.text)) return declared(e, callee.text, 'call', pkg);
      if (callee?.type === 'selector_expression' && ownTypeOperand(callee, m, pkg)) return declared(e, methodKey(callee.childForFieldName('field')?.text ?? ''), 'call', pkg);
      return undefined;
    }
    case 'type_conversion_expression': {
      // `Repeat[int](5)` parses as a conversion to the instantiated type.
      const t = e.childForFieldName('type');
      const name = t?.type === 'generic_type' ? t.childForFieldName('type')?.text : undefined;
      return name && !m.locals.has(name) && !m.params.has(name) ? declared(e, name, 'call', pkg) : undefined;
    }
    default:
      return undefined;
  }
}

/** `F[int]` → `F`. */
function genericOperand(callee: Node | null): Node | null {
  return callee?.type === 'index_expression' ? unparen(callee.childForFieldName('operand')) : callee;
}

/** A function or method of the package recorded as yielding forever, in the shape it is used in. */
function declared(at: Node, key: string, shape: EndlessIterator['shape'], pkg: PackageContext): Found | undefined {
  const f = pkg.funcs.get(key);
  const it = f?.endlessIterator;
  if (!f || !it || it.shape !== shape) return undefined;
  return { node: sameFileLoop(at, key, f.line, it), file: f.file, line: it.loopLine };
}

/** The iterator's loop when its declaration is in this file (for a related location in it). */
function sameFileLoop(at: Node, key: string, line: number, it: EndlessIterator): Node | undefined {
  const name = key.replace(/^\./, '');
  for (const d of at.tree.rootNode.namedChildren) {
    if (!d || d.startPosition.row !== line || !/^(function|method)_declaration$/.test(d.type) || d.childForFieldName('name')?.text !== name) continue;
    const found = endlessLoopOf(d);
    if (found && found.shape === it.shape && found.loop.startPosition.row === it.loopLine) return found.loop;
  }
  return undefined;
}

/** `x` in `x.All()` has a type declared in this package (a receiver, a typed parameter or local, a composite literal). */
function ownTypeOperand(sel: Node, m: FuncModel, pkg: PackageContext): boolean {
  const x = unparen(sel.childForFieldName('operand'));
  if (x?.type !== 'identifier') return false;
  const d = declarationOf(x.text, m);
  let type = d.type ?? m.localTypes.get(x.text);
  const init = unparen(d.init ?? null);
  if (!type && init) {
    const lit = init.type === 'unary_expression' && init.childForFieldName('operator')?.text === '&' ? unparen(init.childForFieldName('operand')) : init;
    if (lit?.type === 'composite_literal') type = lit.childForFieldName('type')?.text;
  }
  const name = type?.replace(/^\*/, '').replace(/\[.*$/s, '');
  return !!name && pkg.types.has(name);
}
