// What a loop's decisions read, what can change it, and whether a value is a function of the
// state at the top of an iteration (so a repeated state repeats the decision). Pure syntax.
import { TreeMemo } from '../treeMemo';
import type { Node } from 'web-tree-sitter';
import { baseName, type FuncModel } from '../funcModel';
import { argumentsOf, calleeName, listItems, ownDescendants, unparen, walkOwn } from '../syntax';

/** Calls whose result or effect differs from one call to the next: time, randomness, I/O, channels, sync. */
const EFFECT_PACKAGES = /^(time|rand|atomic|os|io|bufio|net|http|syscall|runtime|sync|signal|exec|ioutil|context|log|bytes\.Buffer)\./;
/** Method names that consume a stream or a queue, or wait: each call may give something new. */
const STREAM_METHODS = /^(Read|Write|Recv|Receive|Send|Next|Scan|Accept|Wait|Poll|Token|Pop|Push|Dequeue|Enqueue|Take|Get|Put|Load|Store|Swap|CompareAndSwap|Add|Now|Since|Until|Tick|Sleep|Seek|Peek|Discard|Flush|Close|Lock|Unlock|Done|Err|Int|Intn|Int63|Int31|Float64|Float32|Uint32|Uint64|Perm|Shuffle|Step|Advance|Skip|Consume|Fetch|Pull|Shift|Unshift|Query|Exec|Do|Call|Invoke|Run|Handle|Process|Update|Apply|Emit|Notify|Signal|Select|Timeout)/;

/** Errors that mean "try again": a loop that retries on them waits for the world to change, not for its state. */
const RETRY = /^(EINTR|EAGAIN|EWOULDBLOCK|ErrDeadlineExceeded|ErrNoProgress|ErrShortWrite|Temporary|Timeout|errAgain|ErrAgain|ErrRetry)$/;

/** The loop-level facts the progress checks share. */
export interface LoopState {
  loop: Node;
  body: Node;
  m: FuncModel;
  /** Base names the loop assigns (or increments) anywhere, including its post statement. */
  assigned: Set<string>;
  /** Their defining right-hand sides inside the loop (`x := e`, `x = e`, `x, y := f()` → f()). */
  defs: Map<string, Node[]>;
  /** Names declared inside the body (`:=`, `var`): fresh in every iteration, so only earlier definitions reach a use. */
  declared: Set<string>;
  /**
   * Fields of records the body declares from a literal (`o := T{F: e}`, `o := &s[len(s)-1]` after
   * `s = append(s, T{F: e})`), and field writes `o.F = e`: what each `o.F` is computed from.
   */
  fieldDefs: Map<string, Node[]>;
  /** Body-declared records whose fields are all known from literals and writes (a missing field is its zero value). */
  literalRecords: Set<string>;
}

const states = new TreeMemo<number, LoopState | undefined>();

/** The loop's state, built once per tree: the path, exit, read and doubling checks of one loop share it. */
export function loopState(loop: Node, m: FuncModel): LoopState | undefined {
  return states.get(loop.tree, loop.id, () => buildLoopState(loop, m));
}

function buildLoopState(loop: Node, m: FuncModel): LoopState | undefined {
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  const assigned = new Set<string>();
  const defs = new Map<string, Node[]>();
  const declared = new Set<string>();
  const add = (name: string, rhs: Node | null) => {
    assigned.add(name);
    if (!defs.has(name)) defs.set(name, []);
    if (rhs) defs.get(name)!.push(rhs);
  };
  for (const n of ownDescendants(loop, ['assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement', 'range_clause', 'receive_statement', 'var_spec'])) {
    if (n.type === 'inc_statement' || n.type === 'dec_statement') {
      const b = baseName(n.namedChild(0));
      if (b) add(b, n);
      continue;
    }
    if (n.type === 'var_spec') {
      const values = n.childrenForFieldName('value');
      for (const id of n.childrenForFieldName('name')) if (id) { add(id.text, values.length ? n : null); declared.add(id.text); }
      continue;
    }
    const lefts = listItems(n.childForFieldName('left'));
    const rights = listItems(n.childForFieldName('right'));
    const op = n.childForFieldName('operator')?.text ?? '=';
    lefts.forEach((l, i) => {
      const b = baseName(l);
      if (!b || b === '_') return;
      const whole = l.type === 'identifier';
      if (n.type === 'range_clause' || n.type === 'receive_statement') { add(b, n); return; }
      if (n.type === 'short_var_declaration' && whole) declared.add(b);
      const rhs = rights.length === lefts.length ? rights[i] : rights[0] ?? null;
      // `x += e` depends on x and e; `x = e` on e; a field or element write `x.f = e`, `x[i] = e` on the
      // rest of x (its other definitions), e and i.
      if (op !== '=' && op !== ':=') { add(b, n); return; }
      add(b, rhs);
      if (!whole && l.type === 'index_expression') add(b, l.childForFieldName('index'));
    });
  }
  const { fieldDefs, literalRecords } = recordFields(body, declared);
  return { loop, body, m, assigned, defs, declared, fieldDefs, literalRecords };
}

function recordFields(body: Node, declared: Set<string>): { fieldDefs: Map<string, Node[]>; literalRecords: Set<string> } {
  const fieldDefs = new Map<string, Node[]>();
  const literalRecords = new Set<string>();
  const push = (key: string, e: Node) => { if (!fieldDefs.has(key)) fieldDefs.set(key, []); fieldDefs.get(key)!.push(e); };
  const literalOf = (n: Node | null): Node | null => {
    const x = unparen(n);
    if (x?.type === 'composite_literal') return x;
    if (x?.type === 'unary_expression' && x.childForFieldName('operator')?.text === '&') return literalOf(x.childForFieldName('operand'));
    return null;
  };
  const fieldsOf = (lit: Node, o: string) => {
    for (const kv of lit.childForFieldName('body')?.namedChildren ?? []) {
      if (kv?.type !== 'keyed_element') continue;
      const k = kv.namedChild(0);
      const v = kv.namedChild(1);
      const key = k?.type === 'literal_element' ? k.namedChild(0) : k;
      const val = v?.type === 'literal_element' ? v.namedChild(0) : v;
      if (key && val && /identifier$/.test(key.type)) push(`${o}.${key.text}`, val);
    }
  };
  const appended = new Map<string, Node>();
  for (const n of ownDescendants(body, ['short_var_declaration', 'assignment_statement'])) {
    const lefts = listItems(n.childForFieldName('left'));
    const rights = listItems(n.childForFieldName('right'));
    if (lefts.length !== rights.length) continue;
    lefts.forEach((l, i) => {
      const r = unparen(rights[i]);
      if (!r) return;
      // `s = append(s, T{…})` (s a local or a field path): remember the literal appended last to s.
      if (r.type === 'call_expression' && calleeName(r) === 'append') {
        const args = argumentsOf(r);
        const lit = args.length === 2 ? literalOf(args[1]) : null;
        if (lit && args[0].text === l.text) appended.set(l.text.replace(/\s+/g, ''), lit);
        return;
      }
      if (n.type === 'assignment_statement' && l.type === 'selector_expression' && n.childForFieldName('operator')?.text === '=') {
        const o = unparen(l.childForFieldName('operand'));
        if (o?.type === 'identifier') push(`${o.text}.${l.childForFieldName('field')?.text}`, r);
        return;
      }
      if (l.type !== 'identifier') return;
      if (n.type !== 'short_var_declaration' || !declared.has(l.text)) return;
      const lit = literalOf(r);
      if (lit) { fieldsOf(lit, l.text); literalRecords.add(l.text); return; }
      // `o := &s[len(s)-1]` right after appending a literal to s.
      if (r.type === 'unary_expression' && r.childForFieldName('operator')?.text === '&') {
        const ix = unparen(r.childForFieldName('operand'));
        const sname = ix?.type === 'index_expression' ? unparen(ix.childForFieldName('operand'))?.text.replace(/\s+/g, '') : undefined;
        const index = ix?.childForFieldName('index')?.text.replace(/\s+/g, '');
        const last = sname ? appended.get(sname) : undefined;
        if (last && index === `len(${sname})-1`) { fieldsOf(last, l.text); literalRecords.add(l.text); }
      }
    });
  }
  return { fieldDefs, literalRecords };
}


/** Whether a call's outcome may differ between two calls with the same arguments (I/O, time, randomness, a queue). */
export function effectfulCall(call: Node): boolean {
  const name = calleeName(call);
  if (EFFECT_PACKAGES.test(name + '.') || EFFECT_PACKAGES.test(name)) return true;
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text ?? '' : '';
  const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  if (method && STREAM_METHODS.test(capitalised(method))) return true;
  if (!method && /^(read|recv|receive|next|scan|pop|poll|wait|fetch|pull|take)/i.test(name)) return true;
  return false;
}

/**
 * Whether `expr` at the top of every iteration is a function of the loop's state: it reads only
 * values the loop does not change, the state itself, and locals the loop computes from those,
 * through calls that are not effectful. Then the same state gives the same value.
 */
export function repeatsWithState(expr: Node, ls: LoopState, state: ReadonlySet<string>, seen = new Set<string>(), at: Node = expr, carriedIsState = false): boolean {
  let ok = true;
  const skip = new Set<number>();
  walkOwn(expr, (n) => {
    if (!ok || skip.has(n.id)) return;
    switch (n.type) {
      case 'func_literal': ok = false; return;
      case 'selector_expression': {
        // A field of a record built in this iteration: judged by what the field is set from.
        const o = unparen(n.childForFieldName('operand'));
        const f = n.childForFieldName('field')?.text;
        if (o?.type !== 'identifier' || !f || !ls.literalRecords.has(o.text) || ls.m.addressTaken.has(o.text) || ls.m.captured.has(o.text)) return;
        const key = `${o.text}.${f}`;
        if (seen.has(key)) { ok = false; return; }
        seen.add(key);
        for (const d of (ls.fieldDefs.get(key) ?? []).filter((d) => d.startIndex < at.startIndex)) {
          if (!repeatsWithState(d, ls, state, seen, d, carriedIsState)) { ok = false; break; }
        }
        seen.delete(key);
        skip.add(o.id);
        return;
      }
      case 'field_identifier':
        if (RETRY.test(n.text)) ok = false;
        return;
      case 'unary_expression':
        if (n.childForFieldName('operator')?.text === '<-') ok = false;
        return;
      case 'call_expression':
        if (effectfulCall(n) || !seesLoopValues(n, ls, state)) ok = false;
        else {
          // A method on something the loop changes may see that change.
          const fn = n.childForFieldName('function');
          const recv = fn?.type === 'selector_expression' ? baseName(fn.childForFieldName('operand')) : undefined;
          if (recv && ls.assigned.has(recv) && !state.has(recv)) ok = false;
        }
        return;
      case 'identifier': {
        const name = n.text;
        // Retry sentinels: the same call may succeed next time.
        if (RETRY.test(name)) { ok = false; return; }
        if (state.has(name) || !ls.assigned.has(name)) return;
        // Declared outside and assigned inside: carried from one iteration to the next. It repeats only
        // where the caller makes sure nothing changes it (a path that writes none of it).
        if (!ls.declared.has(name)) { if (!carriedIsState) ok = false; return; }
        if (ls.m.captured.has(name) || ls.m.addressTaken.has(name)) { ok = false; return; }
        if (seen.has(name)) { ok = false; return; }
        // A name declared in the body starts afresh each iteration: only definitions before the use reach it.
        const defs = (ls.defs.get(name) ?? []).filter((d) => !ls.declared.has(name) || d.startIndex < at.startIndex);
        if (defs.length === 0) { ok = false; return; }
        seen.add(name);
        for (const d of defs) {
          if (d.type === 'range_clause' || d.type === 'receive_statement' || d.type === 'inc_statement' || d.type === 'dec_statement' || d.type === 'assignment_statement') { ok = false; break; }
          if (!repeatsWithState(d, ls, state, seen, d, carriedIsState)) { ok = false; break; }
        }
        seen.delete(name);
        return;
      }
    }
  });
  return ok;
}

/**
 * Whether a call's arguments or receiver read the state or something the loop computes. A call that
 * sees only loop invariants is called again only because its answer changes (polling, a stream).
 */
function seesLoopValues(call: Node, ls: LoopState, state: ReadonlySet<string>): boolean {
  let sees = false;
  const fn = call.childForFieldName('function');
  const parts = [...argumentsOf(call), ...(fn?.type === 'selector_expression' ? [fn.childForFieldName('operand')!] : [])];
  for (const p of parts) {
    walkOwn(p, (n) => { if (!sees && n.type === 'identifier' && (state.has(n.text) || ls.assigned.has(n.text))) sees = true; });
    if (sees) return true;
  }
  // Conversions and builtins of constants are constants.
  return /^(len|cap|min|max|u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|string)$/.test(calleeName(call)) && parts.length > 0;
}

/**
 * Whether a statement (or expression) can change one of `bases`: assignments, ++/--, `&x`, methods on
 * it, passing a pointer-like value.
 */
export function changesAny(node: Node, bases: ReadonlySet<string>, m: FuncModel, weak?: ReadonlySet<string>): boolean {
  let changed = false;
  const types = ['assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement', 'range_clause', 'receive_statement', 'call_expression', 'unary_expression', 'func_literal', 'var_spec'];
  const nodes = [node, ...ownDescendants(node, types)];
  for (const n of nodes) {
    if (changed) break;
    switch (n.type) {
      case 'func_literal':
        if ([...bases].some((b) => mentionsName(n, b))) changed = true;
        break;
      case 'inc_statement': case 'dec_statement':
        if (bases.has(baseName(n.namedChild(0)) ?? '')) changed = true;
        break;
      case 'var_spec':
        if (n.childrenForFieldName('name').some((id) => id && bases.has(id.text))) changed = true;
        break;
      case 'assignment_statement': case 'short_var_declaration': case 'range_clause': case 'receive_statement':
        if (listItems(n.childForFieldName('left')).some((l) => bases.has(baseName(l) ?? ''))) changed = true;
        break;
      case 'unary_expression':
        if (n.childForFieldName('operator')?.text === '&' && bases.has(baseName(n.childForFieldName('operand')) ?? '')) changed = true;
        break;
      case 'call_expression': {
        const name = calleeName(n);
        if (name === 'len' || name === 'cap' || name === 'min' || name === 'max') break;
        const fn = n.childForFieldName('function');
        if (fn?.type === 'selector_expression') {
          const recv = baseName(fn.childForFieldName('operand'));
          // For `weak` names (what decisions compute from), a call whose result is used is the computation
          // itself; a call made for its effect (`g.Reset()`) is a change.
          if (recv && bases.has(recv) && !(weak?.has(recv) && n.parent?.type !== 'expression_statement')) { changed = true; break; }
        }
        for (const a of argumentsOf(n)) {
          const arg = unparen(a);
          if (!arg) continue;
          const b = baseName(arg);
          // A slice, map or pointer passed on can be written through; a copy of a value cannot change the original.
          if (b && bases.has(b) && !pointerFree(b, m) && !(weak?.has(b) && n.parent?.type !== 'expression_statement')) { changed = true; break; }
        }
        break;
      }
    }
  }
  return changed;
}

/** Whether a local is declared as a plain value or a slice: a callee given a copy cannot change it (or a slice's length). */
function pointerFree(name: string, m: FuncModel): boolean {
  const t = m.params.get(name)?.type ?? m.localTypes.get(name);
  return !!t && (/^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|string|bool)$/.test(t) || /^\[\]/.test(t));
}

function mentionsName(node: Node, name: string): boolean {
  let hit = false;
  walkOwn(node, (n) => { if (!hit && n.type === 'identifier' && n.text === name) hit = true; });
  return hit;
}

/**
 * Whether a decision reads data, not merely the loop's own counters: an element, a field, a call's
 * result, directly or through the locals it is computed from. A decision on counters alone usually
 * restates the loop condition (`if rest := n - i; rest > 0`), which the loop's own progress keeps true.
 */
export function readsData(expr: Node, ls: LoopState, seen = new Set<string>()): boolean {
  let data = false;
  walkOwn(expr, (n) => {
    if (data) return;
    if (n.type === 'index_expression' || n.type === 'selector_expression' || n.type === 'type_assertion_expression') data = true;
    else if (n.type === 'call_expression' && !/^(len|cap|min|max|u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64))$/.test(calleeName(n))) data = true;
    else if (n.type === 'identifier' && ls.declared.has(n.text) && !seen.has(n.text)) {
      seen.add(n.text);
      if ((ls.defs.get(n.text) ?? []).some((d) => readsData(d, ls, seen))) data = true;
    }
  });
  return data;
}
