// Escape facts in the editor: where a compiler run's facts are in the text as it is now, and which
// of them become heap hints. Pure: no LSP, no I/O.
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../analysis/analyzer';
import { factSpan } from '../escape/anchor';
import { isHeapKind, type EscapeFact, type EscapeSource } from '../escape/types';
import { posIn } from './functions';

/** The escape facts of one document, positioned in its current text. */
export interface EscapeView {
  uri: string;
  source: EscapeSource;
  facts: EscapeFact[];
  /** For predicted facts: why the compiler did not run (shown in tooltips). */
  predictedBecause?: string;
}

/** Maps a 0-based line of an old text to the new text; undefined when the line was edited. */
export type LineMap = (line: number) => number | undefined;

/** A text with the offsets its lines start at (made once per snapshot a line map starts from). */
export class TextLines {
  /** Offsets of the lines' first characters; starts[0] is 0. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  /** The 0-based line holding `offset` (the newlines before it). */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * The line map between two versions of a text: lines before the first difference keep their
 * number, lines after the last one shift, lines in between are gone. One edited region (the usual
 * case between two compiler runs) keeps every other fact; more regions drop a little more.
 *
 * The same map as comparing the texts' lines from both ends, without splitting them: the common
 * prefix and suffix are found by comparing slices (native compares, a few per 64k characters), and
 * lines are counted from `old`'s line offsets (made once per snapshot) and in the edited middle
 * only. Typing in a 2 MB file costs well under a millisecond here instead of two splits of it.
 */
export function lineMapBetween(old: string | TextLines, newText: string): LineMap {
  const lines = typeof old === 'string' ? new TextLines(old) : old;
  const a = lines.text;
  const b = newText;
  if (a === b) return (line) => line;
  const la = a.length;
  const lb = b.length;
  const shortest = Math.min(la, lb);
  const p = commonPrefix(a, b, shortest);
  // Lines wholly before the first difference; the last line of one text is also whole when the other goes on with a newline.
  let prefix = lines.lineOf(p);
  if ((p === la && p < lb && b.charCodeAt(p) === 10) || (p === lb && p < la && a.charCodeAt(p) === 10)) prefix++;
  const s = commonSuffix(a, b, shortest);
  // The line count of `b`: `a`'s, plus the newlines `b` has in place of `a`'s between a prefix and a suffix that do not overlap.
  const tail = Math.min(s, shortest - p);
  const aLines = lines.count;
  const bLines = aLines + newlines(b, p, lb - tail) - newlines(a, p, la - tail);
  // Lines wholly inside the common suffix: one after each of its newlines, and a first line both texts end with.
  let suffix = aLines - 1 - lines.lineOf(la - s);
  if ((s === la && b.charCodeAt(lb - s - 1) === 10) || (s === lb && a.charCodeAt(la - s - 1) === 10)) suffix++;
  suffix = Math.min(suffix, Math.min(aLines, bLines) - prefix);
  const delta = bLines - aLines;
  return (line) => (line < prefix ? line : line >= aLines - suffix && line < aLines ? line + delta : undefined);
}

/** Slices compared at once at most (doubling from a small first one: an edit is usually near). */
const MAX_CHUNK = 1 << 16;

/** The length of the longest common prefix of `a` and `b`, at most `limit`. */
function commonPrefix(a: string, b: string, limit: number): number {
  let at = 0;
  for (let step = 64; at < limit; step = Math.min(step * 2, MAX_CHUNK)) {
    const end = Math.min(at + step, limit);
    if (a.slice(at, end) === b.slice(at, end)) { at = end; continue; }
    let hi = end;
    while (hi - at > 16) {
      const mid = (at + hi) >> 1;
      if (a.slice(at, mid) === b.slice(at, mid)) at = mid;
      else hi = mid;
    }
    while (at < hi && a.charCodeAt(at) === b.charCodeAt(at)) at++;
    return at;
  }
  return limit;
}

/** The length of the longest common suffix of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  const la = a.length;
  const lb = b.length;
  const same = (from: number, to: number): boolean => a.slice(la - to, la - from) === b.slice(lb - to, lb - from);
  let at = 0;
  for (let step = 64; at < limit; step = Math.min(step * 2, MAX_CHUNK)) {
    const end = Math.min(at + step, limit);
    if (same(at, end)) { at = end; continue; }
    let hi = end;
    while (hi - at > 16) {
      const mid = (at + hi) >> 1;
      if (same(at, mid)) at = mid;
      else hi = mid;
    }
    while (at < hi && a.charCodeAt(la - 1 - at) === b.charCodeAt(lb - 1 - at)) at++;
    return at;
  }
  return limit;
}

/** The newlines in text[from, to). */
function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The facts of `file` moved to the current text; facts on edited lines are dropped (no longer valid). */
export function relocateFacts(facts: readonly EscapeFact[], map: LineMap): EscapeFact[] {
  const out: EscapeFact[] = [];
  for (const f of facts) {
    const line = map(f.line - 1);
    if (line === undefined) continue;
    const reasons = f.reasons?.map((r) => (r.file === f.file ? { ...r, line: (map(r.line - 1) ?? r.line - 1) + 1 } : r));
    out.push({ ...f, line: line + 1, ...(reasons ? { reasons } : {}) });
  }
  return out;
}

/** One inlay hint: the heap facts of one expression or variable. */
export interface HeapHint {
  /** 0-based position of the hint. */
  position: { line: number; character: number };
  /** Shown before the expression (it spans lines) rather than after it. */
  before: boolean;
  label: string;
  /** The span the facts are about (for hovers). */
  span: Span;
  facts: EscapeFact[];
}

/** The label of a heap hint: `⇡heap` from the compiler, `⇡heap?` when predicted. */
export function heapLabel(source: EscapeSource): string {
  return source === 'predicted' ? '⇡heap?' : '⇡heap';
}

/**
 * The heap hints of a document: one per expression or variable the facts put on the heap, after it
 * when it fits on one line, else before it (so the hint stays on the line the compiler names).
 * `text` is the tree's text (read only for facts without an expression to anchor on).
 */
export function heapHints(facts: readonly EscapeFact[], tree: Tree, text?: string): HeapHint[] {
  const groups = new Map<string, HeapHint>();
  const lineCount = tree.rootNode.endPosition.row + 1;
  let lines: string[] | undefined;
  const lineLength = (row: number): number => (lines ??= (text ?? tree.rootNode.text).split('\n'))[row]?.replace(/\r$/, '').length ?? 0;
  for (const f of facts) {
    if (!isHeapKind(f.kind) || f.line < 1 || f.line > lineCount) continue;
    const span = factSpan(f, tree) ?? pointSpan(f, lineLength(f.line - 1));
    const key = `${span.start.line}:${span.start.character}:${span.end.line}:${span.end.character}`;
    const hint = groups.get(key);
    if (hint) {
      if (!hint.facts.some((g) => g.message === f.message)) hint.facts.push(f);
      continue;
    }
    const oneLine = span.start.line === span.end.line;
    groups.set(key, { position: oneLine ? span.end : span.start, before: !oneLine, label: heapLabel(f.source), span, facts: [f] });
  }
  return [...groups.values()].sort((x, y) => x.position.line - y.position.line || x.position.character - y.position.character);
}

const hintCache = new WeakMap<readonly EscapeFact[], { tree: Tree; byRows: Map<string, HeapHint[]> }>();

/**
 * The heap hints of the top-level declarations that hold lines `first`…`last` (0-based): every
 * hint placed on those lines, and every hint whose span holds a position on them, since a fact's
 * expression lies inside its declaration. Made once per version's facts (their array) and tree and
 * per declarations: editors ask for the visible lines' hints after every keystroke, and only the
 * facts of those declarations are placed (a fact costs a walk of the tree).
 */
export function cachedHeapHints(facts: readonly EscapeFact[], tree: Tree, text: string, first = 0, last = Infinity): HeapHint[] {
  let seen = hintCache.get(facts);
  if (seen?.tree !== tree) {
    seen = { tree, byRows: new Map() };
    hintCache.set(facts, seen);
  }
  const [lo, hi] = last === Infinity && first === 0 ? [0, Infinity] : declarationRows(tree, first, last);
  const key = `${lo}:${hi}`;
  let hints = seen.byRows.get(key);
  if (!hints) {
    hints = heapHints(lo === 0 && hi === Infinity ? facts : facts.filter((f) => f.line - 1 >= lo && f.line - 1 <= hi), tree, text);
    seen.byRows.set(key, hints);
  }
  return hints;
}

/** Rows `first`…`last` widened to the top-level declarations that hold them (more rows are safe: the facts are only filtered). */
function declarationRows(tree: Tree, first: number, last: number): [number, number] {
  const root = tree.rootNode;
  const topAt = (row: number, column: number): Node | null => {
    const leaf = root.descendantForPosition({ row, column });
    return !leaf || leaf.id === root.id ? null : root.childWithDescendant(leaf);
  };
  const top = topAt(first, 0);
  const bottom = topAt(last, 1 << 30);
  return [Math.min(first, top?.startPosition.row ?? first), Math.max(last, bottom?.endPosition.row ?? last)];
}

/** The hints placed on lines `first`…`last` (hints are sorted by position). */
export function hintsInLines(hints: readonly HeapHint[], first: number, last: number): HeapHint[] {
  let lo = 0;
  let hi = hints.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hints[mid].position.line < first) lo = mid + 1;
    else hi = mid;
  }
  const out: HeapHint[] = [];
  for (let i = lo; i < hints.length && hints[i].position.line <= last; i++) out.push(hints[i]);
  return out;
}

/** The hints with the facts of one kind left out (hints left with none dropped). */
export function hintsWithout(hints: readonly HeapHint[], kind: EscapeFact['kind']): HeapHint[] {
  const out: HeapHint[] = [];
  for (const h of hints) {
    if (!h.facts.some((f) => f.kind === kind)) out.push(h);
    else {
      const facts = h.facts.filter((f) => f.kind !== kind);
      if (facts.length > 0) out.push({ ...h, facts });
    }
  }
  return out;
}

/** The heap facts whose expression or variable holds a position. */
export function heapFactsAt(hints: readonly HeapHint[], p: { line: number; character: number }): HeapHint | undefined {
  return hints.find((h) => posIn(p, h.span));
}

/** A fact without an expression to anchor on: its own position, kept inside its line (output may be garbage). */
function pointSpan(f: EscapeFact, lineLength: number): Span {
  const start = { line: f.line - 1, character: Math.max(0, Math.min(f.column - 1, lineLength)) };
  return { start, end: start };
}
