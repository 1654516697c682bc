// One document's text and tree-sitter tree, kept in step with incremental edits.
// Each change is applied to the text as it is after the previous change of the same batch, and
// replayed on the tree with `tree.edit()`; the tree is reparsed (incrementally) only when someone
// needs it. Rows count '\n' only, as tree-sitter does; columns and indices are UTF-16 code units.
import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';

/** An LSP-shaped content change: a range replaced by text, or (no range) the whole text. */
export interface ContentChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** A region of the current text that may have changed since the last `parsed()`. */
export interface DirtyRange { startIndex: number; endIndex: number; startRow: number; endRow: number }

export interface Parsed {
  tree: Tree;
  /** Changed regions since the previous call, in current coordinates; `undefined` means everything. */
  dirty: DirtyRange[] | undefined;
}

/** A document's text with a line index, and its tree. */
export class IncrementalTree {
  private text: string;
  private lineStarts: number[];
  private tree: Tree | undefined;
  private stale = true;
  private dirty: DirtyRange[] | undefined = undefined;

  constructor(private readonly parser: Parser, text: string) {
    this.text = text;
    this.lineStarts = lineStartsOf(text);
  }

  /** The current text. */
  getText(): string {
    return this.text;
  }

  /** Whether a tree is kept (until the next parse, or after dispose(), there is none). */
  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Applies content changes in order; returns the tree-sitter edits they made (also replayed on the tree). */
  applyChanges(changes: readonly ContentChange[]): Edit[] {
    const edits: Edit[] = [];
    for (const change of changes) {
      if (!change.range) {
        this.text = change.text;
        this.lineStarts = lineStartsOf(change.text);
        this.tree?.delete();
        this.tree = undefined;
        this.dirty = undefined;
        this.stale = true;
        edits.length = 0;
        continue;
      }
      // A reversed range is taken the other way round, as vscode-languageserver-textdocument (and so
      // the client's copy of the text) takes it.
      const { start, end } = change.range;
      const reversed = start.line > end.line || (start.line === end.line && start.character > end.character);
      const startIndex = this.offsetAt(reversed ? end : start);
      const oldEndIndex = Math.max(startIndex, this.offsetAt(reversed ? start : end));
      const edit: Edit = {
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + change.text.length,
        startPosition: this.pointAt(startIndex),
        oldEndPosition: this.pointAt(oldEndIndex),
        newEndPosition: advance(this.pointAt(startIndex), change.text),
      };
      this.replace(startIndex, oldEndIndex, change.text);
      this.tree?.edit(edit);
      if (!this.tree) this.dirty = undefined;
      else if (this.dirty) this.dirty = addDirty(this.dirty, edit);
      this.stale = true;
      edits.push(edit);
    }
    return edits;
  }

  /** The tree for the current text (reparsed incrementally when needed) and what changed since the last call. */
  parsed(): Parsed {
    if (this.stale || !this.tree) {
      const old = this.tree;
      const source = this.text;
      const next = this.parser.parse((i: number) => source.slice(i, i + 8192), old ?? null);
      if (!next) throw new Error('tree-sitter returned no tree');
      if (old && this.dirty) {
        for (const r of next.getChangedRanges(old)) {
          this.dirty = mergeDirty(this.dirty, { startIndex: r.startIndex, endIndex: r.endIndex, startRow: r.startPosition.row, endRow: r.endPosition.row });
        }
      }
      old?.delete();
      this.tree = next;
      this.stale = false;
    }
    const dirty = this.dirty;
    this.dirty = [];
    return { tree: this.tree, dirty };
  }

  /** Marks everything as changed (settings or package context changed). */
  invalidate(): void {
    this.dirty = undefined;
  }

  /** Marks whole rows of the current text as changed (their analysis is out of date). */
  markRows(startRow: number, endRow: number): void {
    if (!this.dirty) return;
    const last = this.lineStarts.length - 1;
    const from = Math.max(0, Math.min(startRow, last));
    const to = Math.max(from, Math.min(endRow, last));
    const endIndex = to + 1 <= last ? this.lineStarts[to + 1] - 1 : this.text.length;
    this.dirty = mergeDirty(this.dirty, { startIndex: this.lineStarts[from], endIndex, startRow: from, endRow: to });
  }

  /** Offset of an LSP position; characters past the end of a line mean its end, lines past the end the text's end. */
  offsetAt(pos: { line: number; character: number }): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.lineStarts[pos.line];
    let end = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13 && end < this.text.length) end--;
    return start + Math.min(Math.max(pos.character, 0), end - start);
  }

  /** Row and column (UTF-16) of an offset. */
  pointAt(offset: number): Point {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - this.lineStarts[lo] };
  }

  /**
   * Frees the tree but keeps the text: the next `parsed()` parses from scratch. Edits not parsed
   * yet, or made before then, report everything as changed (without the old tree there is no diff).
   */
  release(): void {
    if (this.stale) this.dirty = undefined;
    this.dispose();
  }

  /** Frees the tree (WASM memory). */
  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }

  private replace(start: number, end: number, insert: string): void {
    this.text = this.text.slice(0, start) + insert + this.text.slice(end);
    const starts = this.lineStarts;
    const firstRow = this.pointAt(start).row;
    // Line starts after `start` up to `end` disappear; new ones come from the inserted text; later ones shift.
    let after = firstRow + 1;
    while (after < starts.length && starts[after] <= end) after++;
    const added: number[] = [];
    for (let i = insert.indexOf('\n'); i >= 0; i = insert.indexOf('\n', i + 1)) added.push(start + i + 1);
    const delta = insert.length - (end - start);
    const removed = after - (firstRow + 1);
    if (removed === added.length) {
      // The usual keystroke: as many lines as before (none added), so the index is updated in place.
      for (let i = 0; i < added.length; i++) starts[firstRow + 1 + i] = added[i];
    } else if (added.length <= 4096) {
      starts.splice(firstRow + 1, removed, ...added);
    } else {
      this.lineStarts = starts.slice(0, firstRow + 1).concat(added, starts.slice(after));
    }
    const shifted = this.lineStarts;
    if (delta !== 0) for (let i = firstRow + 1 + added.length; i < shifted.length; i++) shifted[i] += delta;
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The point reached from `start` after inserting `text`. */
function advance(start: Point, text: string): Point {
  const last = text.lastIndexOf('\n');
  if (last < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - last - 1 };
}

/** Maps earlier dirty ranges through a new edit, then adds the edit's own new range. */
export function addDirty(ranges: DirtyRange[], edit: Edit): DirtyRange[] {
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const rowDelta = edit.newEndPosition.row - edit.oldEndPosition.row;
  const out: DirtyRange[] = [];
  let merged: DirtyRange = { startIndex: edit.startIndex, endIndex: edit.newEndIndex, startRow: edit.startPosition.row, endRow: edit.newEndPosition.row };
  for (const r of ranges) {
    if (r.endIndex < edit.startIndex) out.push(r);
    else if (r.startIndex > edit.oldEndIndex) out.push({ startIndex: r.startIndex + delta, endIndex: r.endIndex + delta, startRow: r.startRow + rowDelta, endRow: r.endRow + rowDelta });
    else {
      // Overlaps the replaced text: the union, with the end mapped through the edit.
      const end = r.endIndex > edit.oldEndIndex ? r.endIndex + delta : edit.newEndIndex;
      const endRow = r.endIndex > edit.oldEndIndex ? r.endRow + rowDelta : edit.newEndPosition.row;
      merged = {
        startIndex: Math.min(merged.startIndex, r.startIndex),
        endIndex: Math.max(merged.endIndex, end),
        startRow: Math.min(merged.startRow, r.startRow),
        endRow: Math.max(merged.endRow, endRow),
      };
    }
  }
  return mergeDirty(out, merged);
}

/** Inserts a range, merging it with those it touches; the result is sorted. */
export function mergeDirty(ranges: DirtyRange[], add: DirtyRange): DirtyRange[] {
  const out: DirtyRange[] = [];
  let m = { ...add };
  for (const r of ranges) {
    if (r.endIndex < m.startIndex || r.startIndex > m.endIndex) out.push(r);
    else m = { startIndex: Math.min(m.startIndex, r.startIndex), endIndex: Math.max(m.endIndex, r.endIndex), startRow: Math.min(m.startRow, r.startRow), endRow: Math.max(m.endRow, r.endRow) };
  }
  out.push(m);
  return out.sort((a, b) => a.startIndex - b.startIndex);
}
