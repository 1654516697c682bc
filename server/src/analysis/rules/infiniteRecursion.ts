// infinite-recursion: a function or method whose every path calls itself before returning.
import type { Node } from 'web-tree-sitter';
import { type Rule, spanOf } from '../analyzer';
import { funcModel } from '../funcModel';
import { capital, fitting, FIRST_SENTENCE_MAX, sentences } from '../words';
import { argumentsOf, brief, calleeName, isNoReturn, listItems, named, statementsOf, unparen, walk, escapeRegExp } from '../syntax';

/** `guard`: the call is reached only when this condition holds, and it reads nothing the call changes. */
type Status = { s: 'calls'; call: Node; via?: string; guard?: Node; negated?: boolean } | { s: 'leaves' } | { s: 'breaks' } | { s: 'falls' };
const FALLS: Status = { s: 'falls' };
const LEAVES: Status = { s: 'leaves' };
const BREAKS: Status = { s: 'breaks' };

/** How a self-call is recognised in one function. */
interface Self {
  name: string;
  receiver?: string;
  pointerReceiver: boolean;
  receiverType?: string;
  /** String() or Error(): fmt's printing verbs on the receiver call it again. */
  stringer: boolean;
  /** MarshalJSON(): json.Marshal of the receiver calls it again. */
  marshaler: boolean;
  /** A method: a bare call `M()` inside it names a package function or builtin, never the method. */
  method: boolean;
  /** The parameter names in order, for calls that pass them on unchanged. */
  params: string[];
  /** Names assigned anywhere in the function (a guard reading them may change between calls). */
  assigned: ReadonlySet<string>;
  copies: Set<string>;
}

export const infiniteRecursion: Rule = {
  id: 'infinite-recursion',
  title: 'Recursion with no way out',
  defaultSeverity: 'error',
  doc: `Recursion with no way out

A function or method whose every path calls itself (on the same receiver) before it can return,
including \`String()\` and \`Error()\` methods that hand their own receiver to fmt's printing verbs
(\`%v\`, \`%s\`, \`%q\`, \`%x\`, \`fmt.Sprint\`…), which call the method again.

Unlike a loop, recursion grows the goroutine's stack, not the heap: each call adds a frame until the
stack passes the runtime's limit (1 GB on 64-bit systems), and the program dies with
\`runtime: goroutine stack exceeds 1000000000-byte limit\` / \`fatal error: stack overflow\` and a
traceback. Fix: add a base case, or in \`String()\` convert the receiver to a type without the method
(\`type plain T; fmt.Sprintf("%v", plain(t))\`).`,
  run(pass) {
    for (const decl of pass.file.tree.rootNode.namedChildren) {
      if (!decl || (decl.type !== 'function_declaration' && decl.type !== 'method_declaration')) continue;
      const body = decl.childForFieldName('body');
      const name = decl.childForFieldName('name')?.text;
      if (!body || !name) continue;
      const self = selfOf(decl, name);
      if (!self) continue;
      // Only encoding/json calls MarshalJSON for json.Marshal; json v2 packages prefer MarshalJSONTo.
      if (self.marshaler && (!importsEncodingJSON(pass.file.tree.rootNode) || declaresMethod(pass.file.text, self.receiverType, 'MarshalJSONTo')
        || (name === 'MarshalText' && declaresMethod(pass.file.text, self.receiverType, 'MarshalJSON')))) self.marshaler = false;
      const text = body.text;
      if (!text.includes(`${name}(`) && !text.includes(`${name}[`) && !(self.stringer && text.includes('fmt.')) && !(self.marshaler && text.includes('Marshal'))) continue;
      const m = funcModel(decl);
      self.assigned = m.assigned;
      if (m.locals.has(name) && !self.receiver) continue; // shadowed
      if (self.receiver && m.assigned.has(self.receiver)) continue;
      for (const [local, ids] of m.locals) {
        const init = ids.length === 1 ? initOf(ids[0]) : undefined;
        if (self.receiver && init && unparen(init)?.text === (self.pointerReceiver ? `*${self.receiver}` : self.receiver)) self.copies.add(local);
      }
      const r = list(statementsOf(body), self);
      if (r.s !== 'calls') continue;
      for (const call of [r, ...otherSelfCalls(body, self, r.call)]) {
      const guard = r.guard;
      const who = `\`${self.receiver ? `${self.receiver}.` : ''}${name}\``;
      // How it calls itself, short ("`fmt.Sprintf` formats `m` with %v"); the whole chain is at the call.
      const via = call.via?.replace(/, which .*$/, '');
      const guarded = guard && `${r.negated ? `Unless \`${brief(guard.text, 30)}\`` : `Once \`${brief(guard.text, 30)}\` holds`}, ${who} calls itself with the same ${self.receiver ? 'receiver' : 'arguments'}`;
      // The longest first sentence that fits: with how it calls itself, then without, then shorter still.
      const firsts = guarded
        ? [...(via ? [`${guarded} (${via}), so the recursion never ends.`] : []), `${guarded}, so the recursion never ends.`]
        : [...(via ? [`${who} calls itself on every path before returning (${via}).`] : []),
          `${who} calls itself on every path before it can return, so the recursion never ends.`, `${who} calls itself on every path, so the recursion never ends.`];
      pass.report({
        rule: this.id,
        // Guarded: certain once the guard holds, but the guard may never hold (then the method is dead code).
        severity: guard ? 'warning' : 'error',
        message: sentences(fitting(FIRST_SENTENCE_MAX, ...firsts), 'It dies with `fatal error: stack overflow`, not an OOM kill.'),
        span: spanOf(call.call),
        related: [
          { span: spanOf(decl.childForFieldName('name')!), message: `\`${name}\` has no path that returns without calling itself: each call adds a stack frame until the goroutine stack passes its 1 GB limit` },
          ...(call.via ? [{ span: spanOf(call.call), message: capital(call.via) }] : []),
          ...(guard ? [{ span: spanOf(guard), message: `The guard reads nothing the call changes, so it ${r.negated ? 'fails' : 'holds'} again in the call` }] : []),
        ],
        fixes: [],
        facts: { functionName: name, functionSpan: spanOf(decl) },
      });
      }
    }
  },
};

/** The other self-calls of a function already known to recurse on every path (each is a place to fix). */
function otherSelfCalls(body: Node, self: Self, first: Node): Array<{ call: Node; via?: string }> {
  const out: Array<{ call: Node; via?: string }> = [];
  walk(body, (n) => {
    if (n.type === 'func_literal' || n.type === 'go_statement' || n.type === 'defer_statement') return false;
    if (n.type !== 'call_expression' || n.id === first.id) return;
    const found = callIn(n, self);
    if (found?.s === 'calls' && found.call.id === n.id) out.push({ call: n, via: found.via });
  });
  return out;
}

function selfOf(decl: Node, name: string): Self | undefined {
  const params = (decl.childForFieldName('parameters')?.namedChildren ?? [])
    .flatMap((p) => (p ? p.childrenForFieldName('name') : []))
    .map((n) => n?.text ?? '_');
  const self: Self = { name, pointerReceiver: false, stringer: false, marshaler: false, method: decl.type === 'method_declaration', params, assigned: new Set(), copies: new Set() };
  if (decl.type === 'method_declaration') {
    const p = decl.childForFieldName('receiver')?.namedChild(0);
    const rname = p?.childForFieldName('name')?.text;
    const rtype = p?.childForFieldName('type');
    self.pointerReceiver = rtype?.type === 'pointer_type';
    self.receiverType = (self.pointerReceiver ? rtype?.namedChild(0)?.text : rtype?.text)?.replace(/\[.*$/, '');
    if (!rname || rname === '_') return self.receiverType ? { ...self } : undefined;
    self.receiver = rname;
    const params = decl.childForFieldName('parameters');
    const result = decl.childForFieldName('result');
    self.stringer = (name === 'String' || name === 'Error') && params?.namedChildCount === 0 && result?.text === 'string';
    // MarshalJSON, and MarshalText (which encoding/json calls when there is no MarshalJSON).
    self.marshaler = (name === 'MarshalJSON' || name === 'MarshalText') && params?.namedChildCount === 0 && /^\(\s*\[\]byte\s*,\s*error\s*\)$/.test(result?.text ?? '');
  }
  return self;
}

function initOf(id: Node): Node | undefined {
  const listNode = id.parent;
  const stmt = listNode?.type === 'expression_list' ? listNode.parent : undefined;
  if (stmt?.type !== 'short_var_declaration') return undefined;
  const lefts = listItems(stmt.childForFieldName('left'));
  const rights = listItems(stmt.childForFieldName('right'));
  return rights.length === lefts.length ? rights[lefts.findIndex((l) => l.id === id.id)] : undefined;
}

function list(stmts: Node[], self: Self): Status {
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    const r = stmt(s, self);
    if (r.s === 'leaves' && s.type === 'if_statement') {
      // `if t == nil { return }; t.M()`: past a guard on unchanged values, the rest repeats with the same values.
      const cond = s.childForFieldName('condition');
      if (cond && !s.childForFieldName('alternative') && !s.childForFieldName('initializer') && readsOnlyUnchanged(cond, self)) {
        const rest = list(stmts.slice(i + 1), self);
        if (rest.s === 'calls' && !rest.guard && passesOn(rest.call, self)) return { ...rest, guard: cond, negated: true };
      }
    }
    if (r.s !== 'falls') return r;
  }
  return FALLS;
}

function stmt(s: Node, self: Self): Status {
  switch (s.type) {
    case 'return_statement': {
      const c = callIn(s, self);
      return c ?? LEAVES;
    }
    case 'break_statement':
    case 'continue_statement':
      return s.namedChildCount > 0 ? LEAVES : BREAKS;
    case 'goto_statement':
      return LEAVES;
    case 'go_statement':
    case 'defer_statement':
      return FALLS;
    case 'expression_statement':
    case 'assignment_statement':
    case 'short_var_declaration':
    case 'var_declaration':
    case 'inc_statement':
    case 'dec_statement':
    case 'send_statement': {
      const c = callIn(s, self);
      if (c) return c;
      return isNoReturn(s) ? LEAVES : FALLS;
    }
    case 'block':
      return list(statementsOf(s), self);
    case 'labeled_statement': {
      const inner = s.namedChildren.find((c) => c && c.type !== 'label_name');
      const r = inner ? stmt(inner, self) : FALLS;
      return r.s === 'breaks' ? LEAVES : r;
    }
    case 'if_statement': {
      for (const f of ['initializer', 'condition']) {
        const part = s.childForFieldName(f);
        const c = part && callIn(part, self);
        if (c) return c;
      }
      const cons = s.childForFieldName('consequence');
      const alt = s.childForFieldName('alternative');
      const a = list(statementsOf(cons), self);
      const b = alt ? (alt.type === 'if_statement' ? stmt(alt, self) : list(statementsOf(alt), self)) : FALLS;
      const both = combine([a, b]);
      if (both.s !== 'calls' && a.s === 'calls' && !a.guard && !alt) {
        const cond = s.childForFieldName('condition');
        if (cond && !s.childForFieldName('initializer') && passesOn(a.call, self) && readsOnlyUnchanged(cond, self)) return { ...a, guard: cond };
      }
      return both;
    }
    case 'for_statement': {
      const clause = s.namedChildren.find((c) => c?.type === 'for_clause' || c?.type === 'range_clause');
      const bare = s.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'for_clause' && c.type !== 'range_clause');
      if (clause?.type === 'for_clause') {
        for (const f of ['initializer', 'condition']) {
          const part = clause.childForFieldName(f);
          const c = part && callIn(part, self);
          if (c) return c;
        }
      } else if (clause?.type === 'range_clause') {
        const right = clause.childForFieldName('right');
        const c = right && callIn(right, self);
        if (c) return c;
      } else if (bare) {
        const c = callIn(bare, self);
        if (c) return c;
      }
      const r = list(statementsOf(s.childForFieldName('body')), self);
      if (r.s === 'leaves') return LEAVES;
      if (!clause && !bare && r.s === 'calls') return r;
      return FALLS;
    }
    case 'expression_switch_statement':
    case 'type_switch_statement':
    case 'select_statement': {
      for (const f of ['initializer', 'value']) {
        const part = s.childForFieldName(f);
        const c = part && callIn(part, self);
        if (c) return c;
      }
      const results: Status[] = [];
      let hasDefault = false;
      for (const c of named(s)) {
        if (!/_case$/.test(c.type)) continue;
        if (c.type === 'default_case') hasDefault = true;
        const r = list(statementsOf(c), self);
        results.push(r.s === 'breaks' ? FALLS : r);
      }
      if (!hasDefault) results.push(FALLS);
      return combine(results);
    }
    default:
      return FALLS;
  }
}

/** Joins the outcomes of alternative paths: all must call for the whole to call. */
function combine(rs: Status[]): Status {
  if (rs.some((r) => r.s === 'leaves')) return LEAVES;
  if (rs.some((r) => r.s === 'breaks')) return BREAKS;
  if (rs.length > 0 && rs.every((r) => r.s === 'calls')) return rs[0];
  return FALLS;
}

/** The first self-call evaluated on every execution of `node` (not behind && / ||, not in a closure). */
function callIn(node: Node, self: Self): Status | undefined {
  let found: Status | undefined;
  walk(node, (n) => {
    if (found) return false;
    if (n.type === 'func_literal' || n.type === 'block') return false;
    if (n.type === 'binary_expression') {
      const op = n.childForFieldName('operator')?.text;
      if (op === '&&' || op === '||') {
        // Only the leftmost operand always runs; go down the chain without recursing on its length.
        let left = n.childForFieldName('left');
        while (left?.type === 'binary_expression' && /^(&&|\|\|)$/.test(left.childForFieldName('operator')?.text ?? '')) left = left.childForFieldName('left');
        if (left) found = callIn(left, self);
        return false;
      }
    }
    // `F[T](x)` with explicit type arguments: one argument parses as a conversion to the instantiated type.
    if (!self.method && n.type === 'type_conversion_expression') {
      const t = n.childForFieldName('type');
      if (t?.type === 'generic_type' && t.childForFieldName('type')?.text === self.name) { found = { s: 'calls', call: n }; return false; }
    }
    if (n.type === 'call_expression') {
      const callee = n.childForFieldName('function');
      const fn = callee?.type === 'index_expression' ? callee.childForFieldName('operand') : callee;
      if (!self.method && fn?.type === 'identifier' && fn.text === self.name) { found = { s: 'calls', call: n }; return false; }
      if (self.receiver && fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === self.name) {
        const operand = unparen(fn.childForFieldName('operand'));
        if (operand && isSelf(operand, self)) { found = { s: 'calls', call: n }; return false; }
      }
      if (self.stringer) {
        const via = formatsSelf(n, self);
        if (via) { found = { s: 'calls', call: n, via }; return false; }
      }
      if (self.marshaler) {
        const via = marshalsSelf(n, self);
        if (via) { found = { s: 'calls', call: n, via }; return false; }
      }
    }
  });
  return found;
}

function isSelf(n: Node, self: Self): boolean {
  const t = unparen(n);
  if (!t || !self.receiver) return false;
  if (t.text === self.receiver) return true;
  if (self.copies.has(t.text)) return true;
  if (t.type === 'unary_expression' && !self.pointerReceiver && t.text.replace(/\s/g, '') === `&${self.receiver}`) return true;
  // A literal of its own type has the method too (`T{…}` for a value receiver, `&T{…}` for either).
  const lit = t.type === 'unary_expression' && t.childForFieldName('operator')?.text === '&' ? unparen(t.childForFieldName('operand')) : t;
  if (lit?.type === 'composite_literal' && lit.childForFieldName('type')?.text === self.receiverType && (lit !== t || !self.pointerReceiver)) return true;
  if (t.type === 'call_expression' && calleeName(t) === self.receiverType) {
    const a = argumentsOf(t);
    return a.length === 1 && (a[0].text === self.receiver || (self.pointerReceiver && a[0].text === `*${self.receiver}`));
  }
  return false;
}

/** Whether the file imports encoding/json under the name `json`. */
function importsEncodingJSON(root: Node): boolean {
  // The import declarations' own search: in a declaration view the root searches only the chosen declarations.
  const specs = root.namedChildren.filter((d) => d?.type === 'import_declaration').flatMap((d) => d!.descendantsOfType('import_spec'));
  return specs.some((spec) => {
    const p = spec?.childForFieldName('path')?.text;
    const n = spec?.childForFieldName('name')?.text;
    return p === '"encoding/json"' && (!n || n === 'json');
  });
}

/**
 * Whether the file declares method `name` on `type` (read from the text: a declaration view of the
 * tree shows only the declarations being analysed).
 */
function declaresMethod(text: string, type: string | undefined, name: string): boolean {
  if (!type) return false;
  const t = escapeRegExp(type);
  return new RegExp(`^func\\s*\\(\\s*(?:\\w+\\s+)?\\*?\\s*${t}\\b[^)]*\\)\\s*${name}\\s*\\(`, 'm').test(text);
}

/** Whether a self-call passes the receiver (checked by callIn) and every parameter on unchanged, in order. */
function passesOn(call: Node, self: Self): boolean {
  const args = argumentsOf(call);
  if (call.childForFieldName('function')?.type !== 'selector_expression' && self.receiver) return false;
  if (args.length !== self.params.length) return false;
  return args.every((a, i) => unparen(a)?.text === self.params[i] && !self.assigned.has(self.params[i]));
}

/** Whether a guard reads only the receiver and parameters as whole values (`t != nil`, `n > 0`), none of them reassigned. */
function readsOnlyUnchanged(cond: Node, self: Self): boolean {
  const allowed = new Set([...(self.receiver ? [self.receiver] : []), ...self.params]);
  let ok = true;
  let reads = 0;
  walk(cond, (n) => {
    if (!ok) return false;
    if (!n.isNamed) return;
    switch (n.type) {
      case 'identifier':
        if (n.text === 'nil' || n.text === 'true' || n.text === 'false') return;
        if (!allowed.has(n.text) || self.assigned.has(n.text)) ok = false;
        else reads++;
        return;
      case 'binary_expression': case 'unary_expression': case 'parenthesized_expression':
      case 'int_literal': case 'interpreted_string_literal': case 'raw_string_literal': case 'nil': case 'true': case 'false':
        return;
      default:
        ok = false;
        return false;
    }
  });
  return ok && reads > 0;
}

/** `json.Marshal(h)` inside `MarshalJSON`: encoding/json sees the Marshaler again and calls the method. */
function marshalsSelf(call: Node, self: Self): string | undefined {
  const name = calleeName(call);
  if (name !== 'json.Marshal' && name !== 'json.MarshalIndent') return undefined;
  const arg = unparen(argumentsOf(call)[0] ?? null);
  if (!arg || !self.receiver) return undefined;
  // A pointer receiver's method is not in the method set of the value `*h`; json.Marshal(h) still has it.
  const hit = self.pointerReceiver ? arg.text === self.receiver : isSelf(arg, self);
  return hit ? `\`${name}\` encodes \`${arg.text}\`, which still implements ${self.name === 'MarshalText' ? 'encoding.TextMarshaler' : 'json.Marshaler'}, so it calls \`${self.receiver}.${self.name}()\` again` : undefined;
}

const PRINT = /^fmt\.(S|F)?print(ln)?$/i;
const PRINTF = /^fmt\.(Sprintf|Printf|Fprintf|Errorf)$/;

/** When a fmt call formats the receiver with a verb that calls String()/Error(), says how. */
function formatsSelf(call: Node, self: Self): string | undefined {
  const name = calleeName(call);
  const args = argumentsOf(call);
  const method = `${self.receiver}.${self.name}()`;
  if (PRINT.test(name) && /^fmt\.(Sprint|Sprintln|Print|Println|Fprint|Fprintln)$/.test(name)) {
    const first = name.startsWith('fmt.F') ? 1 : 0;
    const hit = args.slice(first).find((a) => isSelf(a, self));
    return hit ? `\`${name}\` formats \`${hit.text}\` with %v, which calls \`${method}\` again` : undefined;
  }
  if (!PRINTF.test(name)) return undefined;
  const fi = name === 'fmt.Fprintf' ? 1 : 0;
  const format = args[fi];
  if (!format || !/_string_literal$/.test(format.type)) return undefined;
  const verbs = verbsOf(format.text.slice(1, -1));
  for (const { arg, verb, sharp } of verbs) {
    const a = args[fi + 1 + arg];
    if (!a || !isSelf(a, self)) continue;
    if ('vsqxX'.includes(verb) && !(verb === 'v' && sharp)) return `\`${name}\` formats \`${a.text}\` with %${verb}, which calls \`${method}\` again`;
  }
  return undefined;
}

/** The verbs of a format string and the argument index each consumes. */
export function verbsOf(format: string): Array<{ arg: number; verb: string; sharp: boolean }> {
  const out: Array<{ arg: number; verb: string; sharp: boolean }> = [];
  let arg = 0;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    i++;
    if (format[i] === '%') continue;
    let sharp = false;
    while (i < format.length && '+-# 0'.includes(format[i])) { if (format[i] === '#') sharp = true; i++; }
    const parseIndex = () => {
      const m = /^\[(\d+)\]/.exec(format.slice(i));
      if (m) { arg = Number(m[1]) - 1; i += m[0].length; }
    };
    parseIndex();
    if (format[i] === '*') { arg++; i++; } else while (/\d/.test(format[i] ?? '')) i++;
    if (format[i] === '.') {
      i++;
      parseIndex();
      if (format[i] === '*') { arg++; i++; } else while (/\d/.test(format[i] ?? '')) i++;
    }
    parseIndex();
    const verb = format[i];
    if (!verb) break;
    out.push({ arg, verb, sharp });
    arg++;
  }
  return out;
}
