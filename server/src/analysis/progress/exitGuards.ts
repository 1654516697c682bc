// "Exits that cannot fire when the state repeats": every way out of a loop (break, return, goto,
// panic) and the decisions that guard it. An exit whose guards read only the loop's state (and
// values the loop does not change) is taken in the first iteration or never, once a zero step
// leaves that state as it was. Only an exit that reads something that really changes saves the loop.
import type { Node } from 'web-tree-sitter';
import { isNoReturnCall } from '../values/facts';
import { calleeName, hasBreakFor, labelOf, ownDescendants, statementsOf } from '../syntax';
import { repeatsWithState, type LoopState } from './loopState';

export interface Exit {
  node: Node;
  /** Conditions (if conditions, switch values and case lists) between the exit and the loop, innermost first. */
  guards: Node[];
}

/** The loop's exits with their guards; undefined when one is unguarded (the loop runs once) or there are too many. */
const exitsOf = new WeakMap<LoopState, Exit[] | undefined>();

export function loopExits(ls: LoopState): Exit[] | undefined {
  if (!exitsOf.has(ls)) exitsOf.set(ls, findExits(ls));
  return exitsOf.get(ls);
}

function findExits(ls: LoopState): Exit[] | undefined {
  const out: Exit[] = [];
  const label = labelOf(ls.loop);
  let unguarded = false;
  const visit = (n: Node, inSwitch: boolean, inLoop: boolean) => {
    if (unguarded || out.length > 64) return;
    switch (n.type) {
      case 'func_literal':
        return;
      case 'return_statement': case 'goto_statement':
        record(n);
        return;
      case 'break_statement': {
        const l = n.namedChild(0)?.text;
        if (l ? l === label || !labelledInside(ls.body, l) : !inSwitch && !inLoop) record(n);
        return;
      }
      case 'continue_statement': {
        const l = n.namedChild(0)?.text;
        if (l && l !== label && !labelledInside(ls.body, l)) record(n);
        return;
      }
      case 'call_expression':
        if (isNoReturnCall(calleeName(n))) { record(n); return; }
        break;
    }
    const nestedLoop = n.type === 'for_statement';
    const nestedSwitch = n.type === 'expression_switch_statement' || n.type === 'type_switch_statement' || n.type === 'select_statement';
    for (const c of n.namedChildren) if (c) visit(c, inSwitch || nestedSwitch, inLoop || nestedLoop);
  };
  const record = (n: Node) => {
    const guards = guardsOf(n, ls.body);
    if (guards.length === 0) unguarded = true;
    out.push({ node: n, guards });
  };
  for (const c of ls.body.namedChildren) if (c) visit(c, false, false);
  if (unguarded || out.length > 64) return undefined;
  return out;
}

/** Whether every exit's guards are functions of `state`: with the state unchanged, no exit that was not taken can be taken. */
export function exitsRepeat(exits: Exit[], ls: LoopState, state: ReadonlySet<string>): boolean {
  return exits.every((e) => e.guards.some((g) => repeatsWithState(g, ls, state)) && e.guards.every((g) => repeatsWithState(g, ls, state) || isErrorCheck(g)));
}

/** `err != nil` and the like: a failure exit, not the loop's way of finishing its work. */
export function isErrorCheck(cond: Node): boolean {
  return /^\s*!?\s*\(?\s*\w*[eE]rr\w*\s*(!=|==)\s*nil\s*\)?\s*$/.test(cond.text) || /^\s*\w*[eE]rr\w*\s*!=\s*nil\s*&&/.test(cond.text);
}

function guardsOf(n: Node, body: Node): Node[] {
  const out: Node[] = [];
  let child = n;
  for (let p = n.parent; p && p.id !== body.id; child = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const cond = p.childForFieldName('condition');
      if (cond && child.id !== cond.id) out.push(cond);
    } else if (p.type === 'expression_case' || p.type === 'type_case') {
      const sw = p.parent;
      const value = sw?.childForFieldName('value');
      if (value) out.push(value);
      const list = p.childForFieldName('value') ?? p.namedChildren.find((c) => c?.type === 'expression_list');
      if (list && !value) out.push(list);
    } else if (p.type === 'default_case') {
      const value = p.parent?.childForFieldName('value');
      if (value) out.push(value);
    } else if (p.type === 'communication_case') {
      out.push(p); // a channel decides
    }
  }
  return out;
}

function labelledInside(body: Node, label: string): boolean {
  return body.descendantsOfType('label_name').some((l) => l?.text === label && l.parent?.type === 'labeled_statement');
}

/** Whether anything in the loop can leave it: break, return, goto, continue to an outer label, panic, os.Exit… */
export function hasExit(loop: Node): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return false;
  // Cheap first: a return, goto or own break among the body's own statements (the common shape).
  const self0 = labelOf(loop);
  for (const st of statementsOf(body)) {
    if (st.type === 'return_statement' || st.type === 'goto_statement') return true;
    if (st.type === 'break_statement') { const l = st.namedChild(0)?.text; if (!l || l === self0) return true; }
  }
  if (hasBreakFor(loop)) return true;
  const text = body.text;
  const types = ['return_statement', 'goto_statement'];
  if (/\b(break|continue)\s+\w/.test(text)) types.push('break_statement', 'continue_statement');
  // Only look at calls when a never-returning one may be there.
  if (/panic|Exit|Fatal|Goexit|throw|fatal|FailNow|Skip/.test(text)) types.push('call_expression');
  const self = labelOf(loop);
  return ownDescendants(body, types).some((n) => {
    switch (n.type) {
      case 'return_statement':
      case 'goto_statement':
        return true;
      case 'break_statement':
      case 'continue_statement': {
        const l = n.namedChild(0)?.text;
        return !!l && l !== self && !labelledInside(body, l);
      }
      default:
        return isNoReturnCall(calleeName(n));
    }
  });
}
