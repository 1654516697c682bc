// What a loop condition reads (`i`, `len(data)`, `d.off`, elements) and every update of it in the
// loop's post statement and body; undefined when something else may change it (a method, a pointer).
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from '../values/evaluator';
import { mentions } from '../values/terms';
import type { PackageContext } from '../values/summaries';
import { baseName, funcModel, type FuncModel } from '../funcModel';
import { argumentsOf, calleeName, enclosingFunction, listItems, ownDescendants, unparen } from '../syntax';
import type { Update } from '../loopVerdict';
import { classify } from './steps';

const BUILTINS = new Set(['len', 'cap', 'min', 'max', 'append', 'make', 'new', 'copy', 'delete', 'string', 'int', 'uint', 'byte', 'rune', 'float64', 'int64', 'uint64', 'int32', 'uint32', 'uint8', 'int8', 'uint16', 'int16']);
const TIME_PREDICATES = new Set(['Before', 'After', 'Equal', 'IsZero', 'Compare']);
/** Value methods (time.Time, time.Duration) that cannot change their receiver. */
const VALUE_METHODS = new Set([...TIME_PREDICATES, 'Add', 'AddDate', 'Sub', 'Truncate', 'Round', 'UTC', 'Local', 'In', 'Unix', 'UnixNano', 'UnixMilli', 'Seconds', 'Milliseconds', 'Nanoseconds', 'Minutes', 'Hours', 'String', 'Format', 'Second', 'Minute', 'Hour', 'Day', 'Month', 'Year', 'Weekday', 'YearDay', 'Nanosecond', 'Date', 'Clock', 'Zone', 'Location', 'ISOWeek']);

/**
 * `simple`: a plain local or `len` of one (eligible for non-progressing-loop); `indirect`: read through len, an index, a field;
 * `elements`: the condition reads its elements (`buf[i]`), so an element write can change what it sees.
 */
export interface CondVar { base: string; simple: boolean; indirect: boolean; elements?: boolean }

/**
 * The variables a condition reads, keyed by their text (`i`, `data`, `d.off`);
 * undefined when the condition calls something or receives from a channel.
 */
export function conditionVariables(cond: Node, m: FuncModel, pkg: PackageContext): Map<string, CondVar> | undefined {
  const vars = new Map<string, CondVar>();
  let pure = true;
  const isLocal = (n: string) => m.locals.has(n) || m.params.has(n);
  let depth = 0;
  let indirect = false;
  const through = (n: Node | null, simple: boolean) => {
    const saved = indirect;
    indirect = true;
    visit(n, simple);
    indirect = saved;
  };
  const visit = (n: Node | null, simple: boolean): void => {
    if (!n || !pure) return;
    if (++depth > 200) { pure = false; return; }
    switch (n.type) {
      case 'identifier':
        if (n.text === 'nil' || n.text === 'true' || n.text === 'false' || n.text === '_') return;
        if (!isLocal(n.text) && (m.localConsts.has(n.text) || pkg.constants.has(n.text))) return;
        vars.set(n.text, { base: n.text, simple: simple && vars.get(n.text)?.simple !== false, indirect: indirect || !!vars.get(n.text)?.indirect });
        return;
      case 'int_literal': case 'float_literal': case 'rune_literal': case 'interpreted_string_literal': case 'raw_string_literal': case 'nil': case 'true': case 'false': case 'iota':
        return;
      case 'selector_expression': {
        const operand = unparen(n.childForFieldName('operand'));
        if (operand?.type === 'identifier' && !isLocal(operand.text)) return; // pkg.Const or a package variable's field
        const b = baseName(n);
        if (!b) { pure = false; return; }
        vars.set(n.text, { base: b, simple: false, indirect: true });
        return;
      }
      case 'index_expression': {
        const operand = n.childForFieldName('operand');
        through(operand, false);
        const b = baseName(operand);
        const cv = b ? vars.get(b) : undefined;
        if (cv) cv.elements = true;
        visit(n.childForFieldName('index'), false);
        return;
      }
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.text;
        if (op === '<-' || op === '*' || op === '&') { pure = false; return; }
        visit(n.childForFieldName('operand'), simple);
        return;
      }
      case 'binary_expression':
        visit(n.childForFieldName('left'), simple);
        visit(n.childForFieldName('right'), simple);
        return;
      case 'parenthesized_expression':
        visit(n.namedChild(0), simple);
        return;
      case 'call_expression': {
        const name = calleeName(n);
        const args = argumentsOf(n);
        if (name === 'len' || name === 'cap') { for (const a of args) through(a, unparen(a)?.type === 'identifier'); return; }
        if (name === 'min' || name === 'max' || /^(u?int(8|16|32|64)?|float64|uintptr|byte|rune)$/.test(name)) { for (const a of args) visit(a, simple); return; }
        const fn = n.childForFieldName('function');
        if (fn?.type === 'selector_expression' && TIME_PREDICATES.has(fn.childForFieldName('field')?.text ?? '')) {
          through(fn.childForFieldName('operand'), false);
          for (const a of args) through(a, false);
          return;
        }
        pure = false;
        return;
      }
      default:
        pure = false;
    }
  };
  visit(cond, true);
  if (!pure) return undefined;
  return vars;
}

/**
 * Classifies every update of the condition's variables in the loop's post statement and body.
 * Returns undefined when something else may change them (a method call, a pointer, a closure).
 */
export function scanUpdates(
  loop: Node, post: Node | null, vars: Map<string, CondVar>, bases: Set<string>, globals: boolean, evaluator: () => Evaluator,
): Array<Update | 'moves'> | undefined {
  const out: Array<Update | 'moves'> = [];
  let unknownChange = false;
  const usesIndirectly = (base: string) => [...vars.values()].some((v) => v.base === base && v.indirect);
  // An element write leaves a slice's length alone, unless the condition reads elements or fields of it;
  // on a map it adds a key, so only a base known to be a slice or array qualifies.
  const readsElements = (base: string) => !isSliceOrArray(base, m)
    || [...vars.values()].some((v) => v.base === base && v.elements)
    || [...vars.keys()].some((k) => k !== base && (k.startsWith(`${base}.`) || k.startsWith(`${base}[`)));
  const fieldPathOf = (base: string) => [...vars.keys()].some((k) => k.startsWith(`${base}.`));
  const m = funcModel(enclosingFunction(loop)!);
  const visit = (n: Node) => {
    if (unknownChange) return;
    switch (n.type) {
      case 'assignment_statement': {
        const lefts = listItems(n.childForFieldName('left'));
        const rights = listItems(n.childForFieldName('right'));
        const op = n.childForFieldName('operator')?.text ?? '=';
        lefts.forEach((l, i) => {
          const b = baseName(l);
          if (!b || !bases.has(b)) return;
          if (vars.has(l.text)) out.push(classify(l, op, rights.length === lefts.length ? rights[i] : null, n, loop, evaluator));
          else if (vars.has(b) && l.type === 'index_expression' && (!usesIndirectly(b) || !readsElements(b))) { /* element write: the variable and its length are unchanged */ }
          else out.push('moves');
        });
        break;
      }
      case 'inc_statement':
      case 'dec_statement': {
        const b = baseName(n.namedChild(0));
        if (b && bases.has(b)) out.push('moves');
        break;
      }
      case 'receive_statement':
      case 'range_clause':
        for (const l of listItems(n.childForFieldName('left'))) {
          const b = baseName(l);
          if (b && bases.has(b)) out.push('moves');
        }
        break;
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        const name = calleeName(n);
        if (globals && !BUILTINS.has(name)) { unknownChange = true; return; }
        if (fn?.type === 'selector_expression') {
          const recv = baseName(fn.childForFieldName('operand'));
          if (recv && bases.has(recv) && !VALUE_METHODS.has(fn.childForFieldName('field')?.text ?? '')) { unknownChange = true; return; }
        }
        // Passing the variable itself (not an element) lets the callee change what the condition reads.
        for (const a of argumentsOf(n)) {
          const arg = unparen(a);
          const whole = arg?.type === 'unary_expression' ? unparen(arg.childForFieldName('operand')) : arg;
          const b = whole ? baseName(whole) : undefined;
          if (!b || !bases.has(b) || name === 'len' || name === 'cap') continue;
          // A callee can write the elements of a slice it is given (`io.ReadFull(r, buf)`).
          if ([...vars.values()].some((v) => v.base === b && v.elements)) { unknownChange = true; return; }
          if (arg?.type === 'unary_expression' || (whole!.type === 'identifier' ? usesIndirectly(b) && (mutableContainer(b, m) || fieldPathOf(b)) : vars.has(whole!.text))) { unknownChange = true; return; }
        }
        break;
      }
      case 'unary_expression':
        if (n.childForFieldName('operator')?.text === '<-') {
          const b = baseName(n.childForFieldName('operand'));
          if (b && bases.has(b)) out.push('moves');
        }
        break;
    }
  };
  const types = ['assignment_statement', 'inc_statement', 'dec_statement', 'receive_statement', 'range_clause', 'call_expression', 'unary_expression'];
  if (post) { visit(post); for (const n of ownDescendants(post, types)) visit(n); }
  const body = loop.childForFieldName('body');
  if (body) for (const n of ownDescendants(body, types)) visit(n);
  // A closure in the loop that mentions a condition variable may change it.
  if (body && !unknownChange) {
    for (const lit of body.descendantsOfType('func_literal')) {
      if (lit && [...bases].some((b) => mentions(lit, b))) { unknownChange = true; break; }
    }
  }
  return unknownChange ? undefined : out;
}

/**
 * Whether a variable may be a map, channel or pointer, which a callee can change through a copy.
 * Slices and strings passed by value keep their length, so they are not.
 */
export function mutableContainer(name: string, m: FuncModel): boolean {
  const p = m.params.get(name);
  if (p) return /^(map\[|chan\b|<-chan|\*)/.test(p.type);
  const t = m.localTypes.get(name);
  if (t) return /^(map\[|chan\b|<-chan|\*)/.test(t);
  const id = m.locals.get(name)?.[0];
  const decl = id?.parent?.type === 'expression_list' ? id.parent.parent : id?.parent;
  const text = decl?.type === 'short_var_declaration' ? decl.childForFieldName('right')?.text ?? '' : '';
  return /^(make\(\s*)?(map\[|chan\b)|^&|^new\(/.test(text);
}

/** Whether a local or parameter is declared as a slice or array (`[]byte`, `[4]int`, `make([]T, n)`). */
function isSliceOrArray(name: string, m: FuncModel): boolean {
  const t = m.params.get(name)?.type ?? m.localTypes.get(name);
  if (t) return t.startsWith('[');
  const id = m.locals.get(name)?.[0];
  const decl = id?.parent?.type === 'expression_list' ? id.parent.parent : id?.parent;
  const text = decl?.type === 'short_var_declaration' ? decl.childForFieldName('right')?.text ?? '' : '';
  return /^(make\(\s*)?\[/.test(text);
}
