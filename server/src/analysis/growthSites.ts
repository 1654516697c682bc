// Where memory grows inside a loop that may never end: appends to a slice that outlives the
// iteration, inserts under changing keys into an outer map, string concatenation, builder writes.
import type { Node } from 'web-tree-sitter';
import type { GrowthFacts, Pass } from './analyzer';
import { spanOf } from './analyzer';
import { baseName, declarationOf as declOf, funcModel, type FuncModel } from './funcModel';
import { loopVerdicts, type LoopVerdict } from './loops';
import { argumentsOf, calleeName, listItems, ownDescendants, unparen } from './syntax';

export interface GrowthSite {
  node: Node;
  verdict: LoopVerdict;
  growth: GrowthFacts;
}

/** Every growth site inside a loop that may never end (memoised per pass). */
export function growthSites(pass: Pass): GrowthSite[] {
  return pass.memo('growth', () => {
    const out: GrowthSite[] = [];
    const seen = new Set<number>();
    for (const v of loopVerdicts(pass)) {
      const body = v.loop.childForFieldName('body');
      if (!body) continue;
      const m = funcModel(v.fn);
      for (const site of sitesIn(v, body, m)) {
        if (seen.has(site.node.id)) continue; // nested flagged loops: report once
        if (v.stall?.pathEnd && !onPath(site.node, v.stall.pathEnd, body)) continue;
        seen.add(site.node.id);
        out.push(site);
      }
    }
    return out;
  });
}

/**
 * For a loop that stalls on one path: whether a growth site runs on that path (before the path's
 * `continue`, and inside no branch the path does not enter). Growth elsewhere stops when the loop stalls.
 */
function onPath(site: Node, end: Node, body: Node): boolean {
  if (end.id !== body.id && site.startIndex >= end.startIndex) return false;
  for (let p = site.parent; p && p.id !== body.id; p = p.parent) {
    if ((p.type === 'block' || /_case$/.test(p.type)) && !(end.startIndex >= p.startIndex && end.endIndex <= p.endIndex)) return false;
  }
  return true;
}

/** Whether `x` (an identifier or field path) lives beyond one iteration of `loop`. */
function outlives(target: Node, loop: Node, m: FuncModel): boolean {
  if (target.type === 'selector_expression') {
    // `x.f` of an `x` declared inside the loop (`x := &T{}`) is new in every iteration.
    const b = baseName(target);
    return !b || !(m.locals.get(b) ?? []).some((d) => d.startIndex >= loop.startIndex && d.endIndex <= loop.endIndex) || m.params.has(b);
  }
  if (target.type !== 'identifier') return false;
  const decls = m.locals.get(target.text) ?? [];
  return !decls.some((d) => d.startIndex >= loop.startIndex && d.endIndex <= loop.endIndex);
}

function sitesIn(v: LoopVerdict, body: Node, m: FuncModel): GrowthSite[] {
  const loop = v.loop;
  const appends: Node[] = [];
  const inserts: Node[] = [];
  const concats: Node[] = [];
  const writes: Node[] = [];
  const resets = new Set<string>();
  const assignedInLoop = new Set<string>();
  ownDescendants(body, ['assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement', 'range_clause', 'call_expression']).forEach((n) => {
    if (n.type === 'assignment_statement') {
      const lefts = listItems(n.childForFieldName('left'));
      const rights = listItems(n.childForFieldName('right'));
      const op = n.childForFieldName('operator')?.text;
      lefts.forEach((l, i) => {
        const b = baseName(l);
        if (b) assignedInLoop.add(b);
        const r = unparen(rights[i] ?? null);
        if (op === '=' && r?.type === 'call_expression' && calleeName(r) === 'append' && argumentsOf(r)[0]?.text === l.text && lefts.length === 1) appends.push(n);
        else if (op === '=' && l.type === 'index_expression') inserts.push(n);
        else if (op === '+=' && l.type === 'identifier') concats.push(n);
        else if (op === '=' && l.type === 'identifier' && r?.type === 'binary_expression' && r.childForFieldName('operator')?.text === '+' && unparen(r.childForFieldName('left'))?.text === l.text) concats.push(n);
        else resets.add(l.text);
      });
    } else if (n.type === 'short_var_declaration') {
      for (const l of listItems(n.childForFieldName('left'))) assignedInLoop.add(l.text);
    } else if (n.type === 'inc_statement' || n.type === 'dec_statement') {
      const b = baseName(n.namedChild(0));
      if (b) assignedInLoop.add(b);
    } else if (n.type === 'range_clause') {
      for (const l of listItems(n.childForFieldName('left'))) assignedInLoop.add(l.text);
    } else if (n.type === 'call_expression') {
      const name = calleeName(n);
      if (/\.(WriteString|WriteByte|WriteRune|Write)$/.test(name) || /^fmt\.Fprint(f|ln)?$/.test(name)) writes.push(n);
      if (/\.(Reset|Truncate)$/.test(name)) resets.add(name.replace(/\.(Reset|Truncate)$/, ''));
      // `clear(m)` empties a map; `clear(s)` zeroes a slice's elements but keeps its length, so appends go on growing it.
      if (name === 'delete' || name === 'clear') { const a = argumentsOf(n)[0]; if (a && !(name === 'clear' && isSlice(a.text, m))) resets.add(a.text); }
    }
  });
  // What an endless iterator yields changes from one iteration to the next as far as anything here can tell.
  if (v.iterator) for (const l of listItems(loop.namedChildren.find((c) => c?.type === 'range_clause')?.childForFieldName('left') ?? null)) assignedInLoop.add(l.text);
  // Variables the stuck loop does not move still count as fixed keys.
  const stuck = new Set(v.updates.map((u) => u.variable));
  const out: GrowthSite[] = [];
  const loopSpan = spanOf(loop);
  for (const a of appends) {
    const target = listItems(a.childForFieldName('left'))[0];
    if (!outlives(target, loop, m) || resets.has(target.text)) continue;
    const call = unparen(listItems(a.childForFieldName('right'))[0])!;
    const args = argumentsOf(call);
    const spread = call.childForFieldName('arguments')?.text.trimEnd().endsWith('...)');
    out.push({
      node: a,
      verdict: v,
      growth: {
        target: target.text,
        kind: 'append',
        elementType: elementTypeOf(target, m),
        elementsPerIteration: spread ? undefined : args.length - 1,
        loop: loopSpan,
      },
    });
  }
  for (const ins of inserts) {
    const left = listItems(ins.childForFieldName('left'))[0];
    const mapNode = unparen(left.childForFieldName('operand'));
    const key = left.childForFieldName('index');
    if (!mapNode || !key || mapNode.type !== 'identifier' || !outlives(mapNode, loop, m) || resets.has(mapNode.text)) continue;
    if (!isMap(mapNode.text, m)) continue;
    if (!changes(key, assignedInLoop, stuck)) continue;
    out.push({ node: ins, verdict: v, growth: { target: mapNode.text, kind: 'map-insert', loop: loopSpan } });
  }
  for (const c of concats) {
    const target = listItems(c.childForFieldName('left'))[0];
    if (!outlives(target, loop, m) || resets.has(target.text)) continue;
    const rhs = unparen(listItems(c.childForFieldName('right'))[0] ?? null);
    if (!isString(target.text, m) && !/_string_literal$/.test(rhs?.type ?? '')) continue;
    out.push({ node: c, verdict: v, growth: { target: target.text, kind: 'string-concat', elementType: 'string', loop: loopSpan } });
  }
  for (const w of writes) {
    const name = calleeName(w);
    const target = name.startsWith('fmt.') ? (argumentsOf(w)[0]?.text ?? '').replace(/^&/, '') : name.replace(/\.\w+$/, '');
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(target) || resets.has(target)) continue;
    const ids = m.locals.get(target);
    const decl = declOf(target, m);
    if (!ids && !m.params.has(target)) continue;
    if (ids && ids.some((d) => d.startIndex >= loop.startIndex && d.endIndex <= loop.endIndex)) continue;
    const kind = `${decl.type ?? ''} ${decl.init?.text ?? ''}`;
    if (!/strings\.Builder|bytes\.Buffer|bytes\.NewBuffer/.test(kind)) continue;
    out.push({ node: w, verdict: v, growth: { target, kind: 'builder-write', elementType: 'byte', loop: loopSpan } });
  }
  return out;
}

function isMap(name: string, m: FuncModel): boolean {
  const d = declOf(name, m);
  return /^map\[/.test(d.type ?? '') || /^(make\(\s*)?map\[/.test(d.init?.text ?? '');
}

function isSlice(name: string, m: FuncModel): boolean {
  const d = declOf(name, m);
  return /^\[\]/.test(d.type ?? '') || /^(make\(\s*)?\[\]/.test(d.init?.text ?? '');
}

function isString(name: string, m: FuncModel): boolean {
  const d = declOf(name, m);
  if (d.type === 'string') return true;
  const init = d.init;
  return !!init && (/_string_literal$/.test(init.type) || /^(fmt\.Sprint|strings\.|string\()/.test(init.text));
}

/** A map key that differs between iterations: it reads something the loop assigns, or calls. */
function changes(key: Node, assigned: Set<string>, stuck: Set<string>): boolean {
  let found = false;
  let budget = 500;
  const visit = (n: Node) => {
    if (found || --budget < 0) return;
    if (n.type === 'call_expression') { found = true; return; }
    if (n.type === 'identifier' && assigned.has(n.text) && !stuck.has(n.text)) { found = true; return; }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(key);
  return found;
}

/** The element type of a slice from its declaration (`var demos []Demo`, `make([]T, …)`, `[]T{}`). */
function elementTypeOf(target: Node, m: FuncModel): string | undefined {
  if (target.type !== 'identifier') return undefined;
  const d = declOf(target.text, m);
  const fromType = (t?: string) => (t && t.startsWith('[]') ? t.slice(2) : undefined);
  if (d.type) return fromType(d.type);
  const init = d.init;
  if (!init) return undefined;
  if (init.type === 'composite_literal') return fromType(init.childForFieldName('type')?.text);
  if (init.type === 'call_expression' && calleeName(init) === 'make') return fromType(argumentsOf(init)[0]?.text);
  return undefined;
}
