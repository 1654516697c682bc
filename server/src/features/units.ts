// Re-analysing only what an edit touched. A unit is one top-level declaration (a function, a method,
// a var/const/type block). Units that overlap changed ranges are analysed again (on the file's tree,
// see analysis/incremental.ts) with the unchanged package context; findings of other units are kept
// and moved with the edits.
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding, Pos, Span } from '../analysis/analyzer';
import type { DirtyRange } from '../trees';
import { posBefore } from './functions';

export interface Unit { startIndex: number; endIndex: number; startRow: number; endRow: number; node: Node }

const contextTypes = new Set(['package_clause', 'import_declaration']);

/** Top-level declarations that overlap the dirty ranges; `context` is true when a package clause or import changed (or is in a changed syntax error). */
export function dirtyUnits(tree: Tree, dirty: readonly DirtyRange[]): { units: Unit[]; context: boolean } {
  const root = tree.rootNode;
  const units = new Map<number, Unit>();
  let context = false;
  for (const r of dirty) {
    let node = topLevelAt(root, r.startIndex);
    // Changes between declarations (blank lines, comments) land on the next declaration or none.
    while (node && node.startIndex <= r.endIndex) {
      if (contextTypes.has(node.type)) context = true;
      else if (node.type !== 'comment' && !units.has(node.startIndex)) {
        units.set(node.startIndex, unitOf(node));
      }
      node = node.nextNamedSibling;
    }
  }
  // A syntax error may have swallowed the package clause or an import; one inside a declaration is that declaration's.
  if (root.hasError && [...units.values()].some((u) => u.node.type === 'ERROR' && u.node.descendantsOfType([...contextTypes]).length > 0)) context = true;
  return { units: [...units.values()].sort((a, b) => a.startIndex - b.startIndex), context };
}

/**
 * The top-level declarations (besides `units`, comments, the package clause and imports) that
 * `pick` takes; it sees the node only (its start and type cost no call into the tree).
 */
export function otherUnits(tree: Tree, units: readonly Unit[], pick: (node: Node) => boolean): Unit[] {
  const taken = new Set(units.map((u) => u.startIndex));
  const out: Unit[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (!node || taken.has(node.startIndex) || node.type === 'comment' || contextTypes.has(node.type)) continue;
    if (pick(node)) out.push(unitOf(node));
  }
  return out;
}

function unitOf(node: Node): Unit {
  return { startIndex: node.startIndex, endIndex: node.endIndex, startRow: node.startPosition.row, endRow: node.endPosition.row, node };
}

/** The top-level node containing `index`, or the first one after it. */
function topLevelAt(root: Node, index: number): Node | null {
  let node: Node | null = root.descendantForIndex(index);
  while (node && node.parent && node.parent.id !== root.id) node = node.parent;
  if (!node || node.id === root.id) {
    // Between declarations: the first declaration that ends after the index.
    for (let c = root.firstNamedChild; c; c = c.nextNamedSibling) if (c.endIndex >= index) return c;
    return null;
  }
  // descendantForIndex may give the previous sibling when the index is in trailing whitespace.
  return node.endIndex < index ? node.nextNamedSibling : node;
}

/** Whether a finding (its main span) lies in one of the units' rows. */
export function inUnits(f: Finding, units: readonly Unit[]): boolean {
  const row = f.span.start.line;
  return units.some((u) => row >= u.startRow && row <= u.endRow);
}

/** A position edit in rows and UTF-16 columns (tree-sitter's Edit, by points). */
export interface PointEdit { start: Pos; oldEnd: Pos; newEnd: Pos }

/** Maps a position through an edit: before it unchanged, after it shifted, inside it to the edit's start. */
export function mapPos(p: Pos, e: PointEdit): Pos {
  if (posBefore(p, e.start) || same(p, e.start)) return p;
  if (posBefore(p, e.oldEnd)) return e.start;
  if (p.line === e.oldEnd.line) return { line: e.newEnd.line, character: e.newEnd.character + (p.character - e.oldEnd.character) };
  return { line: p.line + (e.newEnd.line - e.oldEnd.line), character: p.character };
}

function mapSpan(s: Span, e: PointEdit): Span {
  return { start: mapPos(s.start, e), end: mapPos(s.end, e) };
}

/** Whether a span and an edit's replaced text touch. */
export function touches(s: Span, e: PointEdit): boolean {
  return !posBefore(s.end, e.start) && !posBefore(e.oldEnd, s.start);
}

/** Every span of a finding in its own file (the main span, related, fixes, facts). */
export function spansOf(f: Finding): Span[] {
  const out = [f.span];
  for (const r of f.related) if (!r.file) out.push(r.span);
  for (const fix of f.fixes) for (const c of fix.changes) out.push(c.span);
  const facts = f.facts;
  for (const s of [facts.loop, facts.causeSpan, facts.functionSpan, facts.growth?.loop]) if (s) out.push(s);
  return out;
}

/** A copy of a finding with every same-file span moved through an edit. */
export function moveFinding(f: Finding, e: PointEdit): Finding {
  const facts = { ...f.facts };
  if (facts.loop) facts.loop = mapSpan(facts.loop, e);
  if (facts.causeSpan) facts.causeSpan = mapSpan(facts.causeSpan, e);
  if (facts.functionSpan) facts.functionSpan = mapSpan(facts.functionSpan, e);
  if (facts.growth) facts.growth = { ...facts.growth, loop: mapSpan(facts.growth.loop, e) };
  return {
    ...f,
    span: mapSpan(f.span, e),
    related: f.related.map((r) => (r.file ? r : { ...r, span: mapSpan(r.span, e) })),
    fixes: f.fixes.map((fix) => ({ ...fix, changes: fix.changes.map((c) => ({ ...c, span: mapSpan(c.span, e) })) })),
    facts,
  };
}

function same(a: Pos, b: Pos): boolean {
  return a.line === b.line && a.character === b.character;
}

/** The span of the top-level declaration that contains a position (the whole file when none does). */
export function unitSpanAt(tree: Tree, pos: Pos): Span {
  const root = tree.rootNode;
  let node: Node | null = root.descendantForPosition({ row: pos.line, column: pos.character });
  while (node && node.parent && node.parent.id !== root.id) node = node.parent;
  const n = node && node.id !== root.id ? node : root;
  return { start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column } };
}

/** Maps a span through an edit. */
export function moveSpan(s: Span, e: PointEdit): Span {
  return mapSpan(s, e);
}
