// Syntax the evaluator asks about (what a loop's condition is, which names a term reads, whether a
// range loop declares a name) and small operations on its values (widening, printing a range).
import type { Node } from 'web-tree-sitter';
import { listItems } from '../syntax';
import type { Value } from './domain';
import type { PackageContext } from './summaries';

const fieldTypes = new WeakMap<PackageContext, Map<string, string | null>>();

/** The type of struct field `name` in the package's type declarations, when every declaration of it agrees. */
export function fieldTypeIn(pkg: PackageContext, name: string): string | undefined {
  if (!name) return undefined;
  let cache = fieldTypes.get(pkg);
  if (!cache) fieldTypes.set(pkg, (cache = new Map()));
  if (!cache.has(name)) {
    let found: string | null | undefined;
    const line = new RegExp(`^\\s*(?:\\w+\\s*,\\s*)*${name}(?:\\s*,\\s*\\w+)*\\s+([^\\s/\`"]+)`, 'm');
    for (const t of pkg.types.values()) {
      if (!t.text.startsWith('struct')) continue;
      for (const l of t.text.split('\n')) {
        const m = line.exec(l);
        if (!m) continue;
        if (found !== undefined && found !== m[1]) found = null;
        else if (found === undefined) found = m[1];
      }
    }
    cache.set(name, found ?? null);
  }
  return cache.get(name) ?? undefined;
}


export function fmtRange(v: Value): string {
  if (v.lo === v.hi) return String(v.lo);
  return `${v.lo === -Infinity ? '−∞' : v.lo}…${v.hi === Infinity ? '∞' : v.hi}`;
}

export function widen(prev: Value, next: Value): Value {
  const lo = next.lo < prev.lo ? -Infinity : next.lo;
  const hi = next.hi > prev.hi ? Infinity : next.hi;
  const nonZero = next.nonZero && lo <= 0 && hi >= 0 ? true : undefined;
  return { ...next, lo, hi, nonZero };
}

export function same(a: Value | null | undefined, b: Value | null | undefined): boolean {
  if (!a || !b) return a === b;
  return a.lo === b.lo && a.hi === b.hi && !!a.nonZero === !!b.nonZero;
}


/** Whether the node's text mentions the identifier (a cheap over-approximation). */
export function mentions(node: Node, name: string): boolean {
  const text = node.text;
  let i = text.indexOf(name);
  while (i >= 0) {
    const before = i === 0 ? '' : text[i - 1];
    const after = text[i + name.length] ?? '';
    if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    i = text.indexOf(name, i + 1);
  }
  return false;
}

export function collectBases(e: Node): string[] {
  const out = new Set<string>();
  let budget = 500;
  const visit = (n: Node) => {
    if (--budget < 0) return;
    if (n.type === 'identifier') out.add(n.text);
    else if (n.type === 'selector_expression') { const o = n.childForFieldName('operand'); if (o) visit(o); }
    else for (const c of n.namedChildren) if (c && c.type !== 'field_identifier') visit(c);
  };
  visit(e);
  for (const b of ['len', 'cap', 'min', 'max']) out.delete(b);
  return [...out];
}

/** A for statement's condition expression (bare `for cond {}` or the for clause's condition). */
export function loopCondition(loop: Node): Node | null {
  for (const c of loop.namedChildren) {
    if (!c || c.type === 'block') continue;
    if (c.type === 'for_clause') return c.childForFieldName('condition');
    if (c.type === 'range_clause') return null;
    return c;
  }
  return null;
}

export function rangeDeclares(loop: Node, name: string): boolean {
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  if (!rc || !rc.children.some((c) => c?.type === ':=')) return false;
  return listItems(rc.childForFieldName('left')).some((l) => l.text === name);
}

export function rangeAssigns(loop: Node, name: string): boolean {
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  if (!rc || rc.children.some((c) => c?.type === ':=')) return false;
  return listItems(rc.childForFieldName('left')).some((l) => l.text === name);
}

