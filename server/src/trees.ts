// One document's text and tree-sitter tree, kept in step with incremental edits.
// Each change is applied to the text as it is after the previous change of the same batch, and
// replayed on the tree with `tree.edit()`; the tree is reparsed (incrementally) only when someone
// needs it. Rows count '\n' only, as tree-sitter does; columns and indices are UTF-16 code units.
//
// A reparse has a time budget. tree-sitter's error recovery can take seconds on one keystroke (a
// syntax error near the top of a 6,400-line switch); when the budget runs out, the top-level
// declarations being edited are parsed as blank for now (their text replaced by spaces, lines
// kept: the rest of the tree is exact), and the real parse is finished later in slices
// (`completeParse`), on a parser of its own so that it can be resumed between other work. A reparse
// whose syntax errors reach past the declarations being edited (an unclosed bracket taking the
// declarations after it) is treated the same way.
import type { Edit, Node, Parser, Point, Tree } from 'web-tree-sitter';
import { parserLike } from './parser';

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

/** A reparse that takes longer than this is cancelled, and the declarations being edited are parsed as blank for now. */
export const PARSE_BUDGET_MS = 100;

/** A region of the current text that the tree has as spaces (a declaration whose reparse ran out of time). */
interface Blank { startIndex: number; endIndex: number }

/** The real parse of a tree with blanks, resumed slice by slice (its text and old tree fixed until it ends or an edit drops it). */
interface Completion { parser: Parser; old: Tree; text: string }

/** A document's text with a line index, and its tree. */
export class IncrementalTree {
  private text: string;
  private lineStarts: number[];
  private tree: Tree | undefined;
  private stale = true;
  private dirty: DirtyRange[] | undefined = undefined;
  /** Declarations the tree has as blank, in current coordinates (sorted, disjoint). */
  private blanks: Blank[] = [];
  private completion: Completion | undefined;
  /** What the edits since the last parse replaced, in current coordinates (whatever `dirty` says). */
  private edited: DirtyRange[] = [];
  /** The last completion changed the tree outside the blanks and was dropped: none until the next edit. */
  private refused = false;
  /** Made for the first completion, kept for the next ones. */
  private completionParser: Parser | undefined;
  /**
   * While there are blanks: the last tree without any, with the edits since. A reparse starts from
   * it, so the declaration that was blank reuses its old nodes (repairing broken syntax at the top
   * of rewriteAMD64.go's 6,400-line dispatcher parsed it from nothing: 50–80 ms).
   */
  private real: Tree | undefined;
  /**
   * While the tree is freed: its top-level declarations, moved with the edits since, so that a parse
   * from scratch is judged (`contained`) as a reparse from the tree would be.
   */
  private outline: Decl[] | undefined;
  /** The last treeText() with blanks, for the text and blanks it was made of. */
  private treeTextCache: { text: string; blanks: Blank[]; out: string } | undefined;
  /** Whether the current tree has a syntax error (true until there is a tree: changed ranges are then asked for). */
  private treeHasError = true;

  /** `budgetMs`: the time a reparse may take (tests: 0 cancels any reparse that gets that far). */
  constructor(private readonly parser: Parser, text: string, public budgetMs = PARSE_BUDGET_MS) {
    this.text = text;
    this.lineStarts = lineStartsOf(text);
  }

  /** The ranges the tree has as blank (after `parsed()`), in current coordinates. */
  get blankRanges(): readonly { startIndex: number; endIndex: number }[] {
    return this.blanks;
  }

  /** Whether the tree has declarations as blank (the real parse is to be finished with completeParse). */
  get hasBlanks(): boolean {
    return this.blanks.length > 0;
  }

  /** The current text. */
  getText(): string {
    return this.text;
  }

  /**
   * The text the current tree was parsed from (after `parsed()`): the current text, with the
   * declarations parsed as blank as spaces. Nodes' own text is this one's; what pairs a tree with
   * text slices (the escape predictor's declaration keys) must take this one.
   */
  treeText(): string {
    if (this.blanks.length === 0) return this.text;
    const c = this.treeTextCache;
    if (c && c.text === this.text && c.blanks === this.blanks) return c.out;
    const out = blankedText(this.text, this.blanks);
    this.treeTextCache = { text: this.text, blanks: this.blanks, out };
    return out;
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
    if (changes.length > 0) {
      this.dropCompletion();
      this.refused = false;
    }
    for (const change of changes) {
      if (!change.range) {
        this.text = change.text;
        this.lineStarts = lineStartsOf(change.text);
        this.tree?.delete();
        this.tree = undefined;
        this.dropReal();
        this.blanks = [];
        this.outline = undefined;
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
      this.real?.edit(edit);
      if (this.blanks.length > 0) this.blanks = mergeBlanks(moveBlanks(this.blanks, edit));
      if (this.outline) this.outline = moveBlanks(this.outline, edit);
      this.edited = addDirty(this.edited, edit);
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
      // A tree freed while it had blanks: they are parsed as blank first, then reparsed as below, so
      // that what is found does not depend on whether the tree was kept.
      const old = this.tree ?? (this.blanks.length > 0 ? this.parser.parse(reader(this.treeText())) ?? undefined : undefined);
      let next: Tree | null;
      // Blanks before or after this parse: the tree changed beyond the edits (see below).
      const hadBlanks = this.blanks.length > 0;
      let blanked = hadBlanks;
      if (!old) {
        next = this.parser.parse(reader(this.text), null);
        if (next && this.outline && !this.contained(next, this.outline)) {
          next = this.parseBlanking(this.outline);
          blanked = true;
        }
      } else if (this.real) {
        // Blanks: the reparse starts from the last tree without them, which has every node of the
        // blank declarations as they were before the edits that made them blank. (What changed
        // against the tree with blanks is asked for below.)
        next = this.parseWithin(this.parser, reader(this.text), this.real, this.budgetMs);
        if (next && !this.contained(next, this.real)) next = null;
        if (next) this.unblank();
        else {
          // Still out of time, or broken beyond the edited declarations: blank again, from the tree with blanks.
          for (const b of this.blanks) old.edit(this.sameLengthEdit(b));
          next = this.parseBlanking(old);
        }
      } else {
        // A freed tree's stand-in was parsed from the current text, edits included: what they broke
        // is judged against the outline the freed tree left (as it would have been against the tree).
        const judge: Tree | Decl[] = !this.tree && this.outline ? this.outline : old;
        // The declarations parsed as blank are text again for this parse.
        for (const b of this.blanks) old.edit(this.sameLengthEdit(b));
        next = this.parseWithin(this.parser, reader(this.text), old, this.budgetMs);
        if (next && !this.contained(next, judge)) next = null;
        if (next) this.unblank();
        else {
          // A tree without blanks is kept for the reparses to come.
          if (!hadBlanks) this.real = old.copy();
          next = this.parseBlanking(judge);
          blanked = true;
        }
      }
      if (this.blanks.length === 0) this.dropReal();
      if (!next) throw new Error('tree-sitter returned no tree');
      const hadError = this.treeHasError;
      this.treeHasError = next.rootNode.hasError;
      // Valid text before and after: each top-level declaration's parse is its own text's, so those
      // the edits overlap (already in dirty) are all that changed. tree-sitter's changed ranges are
      // asked for only when a syntax error was there or is now (error recovery can reshape what
      // follows): they walk every child of a node on the edit's path, 3 ms per keystroke in the
      // 3,200 cases of rewriteAMD64.go's dispatcher. test/fuzz/changedRanges.test.ts holds the claim.
      if (old && this.dirty && (hadError || this.treeHasError || blanked)) {
        for (const r of changedRanges(next, old)) this.dirty = mergeDirty(this.dirty, r);
      }
      this.outline = undefined;
      old?.delete();
      this.tree = next;
      this.stale = false;
      this.edited = [];
    }
    const dirty = this.dirty;
    this.dirty = [];
    return { tree: this.tree, dirty };
  }

  /**
   * Resumes the real parse of a tree with blanks for about `sliceMs`: 'done' when the tree is whole
   * again (the blanks are then reported as changed), 'more' when it is to be called again, 'none'
   * when there is nothing to finish: no blanks, edits not parsed yet (`parsed()` tries first), or a
   * real parse that changed the tree outside the blanks. That parse is dropped: a declaration that
   * parses only by swallowing the ones after it (an early syntax error in a long function) is kept
   * blank, and the rest of the file keeps its tree, until the next edit.
   */
  completeParse(sliceMs: number): 'done' | 'more' | 'none' {
    if (this.blanks.length === 0 || this.stale || !this.tree || this.refused) return 'none';
    if (!this.completion) {
      this.completionParser ??= parserLike(this.parser);
      const old = this.tree.copy();
      for (const b of this.blanks) old.edit(this.sameLengthEdit(b));
      this.completion = { parser: this.completionParser, old, text: this.text };
    }
    const c = this.completion;
    const next = this.parseWithin(c.parser, reader(c.text), c.old, sliceMs);
    if (!next) return 'more';
    this.completion = undefined;
    const changed = changedRanges(next, c.old);
    c.old.delete();
    if (!changed.every((r) => this.blanks.some((b) => r.startIndex >= b.startIndex && r.endIndex <= b.endIndex))) {
      next.delete();
      this.refused = true;
      return 'none';
    }
    this.tree.delete();
    this.tree = next;
    this.treeHasError = next.rootNode.hasError;
    this.unblank();
    this.dropReal();
    return 'done';
  }

  /** The blanks are parsed for real again: they are reported as changed (their declarations came back). */
  private unblank(): void {
    this.markBlanksDirty();
    this.blanks = [];
  }

  private dropReal(): void {
    this.real?.delete();
    this.real = undefined;
  }

  /** The blanks, as changed regions (their declarations went, or came back). */
  private markBlanksDirty(): void {
    if (!this.dirty) return;
    for (const b of this.blanks) this.dirty = mergeDirty(this.dirty, { startIndex: b.startIndex, endIndex: b.endIndex, startRow: this.pointAt(b.startIndex).row, endRow: this.pointAt(b.endIndex).row });
  }

  /**
   * Whether a parse's syntax errors stay inside what the edits touched (`editedDeclarations`, with the
   * blanks). An unclosed bracket, comment or raw string in one function makes tree-sitter take the
   * declarations after it into that function: such a parse is dropped (its tree deleted) and what
   * was edited is parsed as blank instead, as when time runs out. The rest of the file keeps its
   * tree and its findings (a whole-file pass at each such keystroke cost 70–90 ms in a 1,000-line
   * file), and the real parse is tried again when edits pause (refused while it still swallows the
   * declarations after it). The test: the nearest declarations before and after are in the new
   * tree as they were. `base`: the tree parsed from, or a freed tree's outline.
   */
  private contained(next: Tree, base: Tree | Decl[]): boolean {
    if (!next.rootNode.hasError) return true;
    const edited = this.editedDeclarations(base);
    // Nothing that could be blank (an edit in the package clause or the imports).
    if (!edited || edited.touched.length === 0) return true;
    const root = next.rootNode;
    for (const d of edited.neighbours) {
      const n = root.firstChildForIndex(d.startIndex);
      if (!n || n.startIndex !== d.startIndex || n.endIndex !== d.endIndex || n.type !== d.type) {
        next.delete();
        return false;
      }
    }
    return true;
  }

  /**
   * What the edits since the last parse touched, in `base`: each edited range with the top-level
   * declarations (comments too) it overlaps, as one span (tree-sitter moves a declaration that an
   * insertion at its first character precedes rather than growing it, so the inserted text must be
   * added), an edit between declarations on its own, and the blanks; with the nearest declarations
   * (not comments: a directive or doc comment stays whole while the function after it breaks)
   * before and after each run of them. Undefined when the package clause or an import is touched
   * (they decide what the file is: never blank).
   */
  private editedDeclarations(base: Tree | Decl[]): { touched: Decl[]; neighbours: Decl[] } | undefined {
    const decls = Array.isArray(base) ? outlineView(base) : treeView(base);
    const touched: Decl[] = this.blanks.map((b) => ({ ...b, type: 'blank' }));
    for (const r of this.edited) {
      if (this.blanks.some((b) => r.startIndex >= b.startIndex && r.endIndex <= b.endIndex)) continue;
      const hit = decls.overlapping(r.startIndex, r.endIndex);
      if (hit.some((d) => d.type === 'package_clause' || d.type === 'import_declaration')) return undefined;
      touched.push({
        startIndex: Math.min(r.startIndex, ...hit.map((d) => d.startIndex)),
        endIndex: Math.max(r.endIndex, ...hit.map((d) => d.endIndex)),
        type: 'edited',
      });
    }
    const neighbours: Decl[] = [];
    for (const run of mergeBlanks(touched)) {
      for (const d of [decls.before(run.startIndex), decls.after(run.endIndex)]) {
        if (d && !touched.some((t) => d.startIndex <= t.endIndex && d.endIndex >= t.startIndex)) neighbours.push(d);
      }
    }
    return { touched, neighbours };
  }

  /** A parse cancelled after `budgetMs` (null then, with the parser reset). */
  private parseWithin(parser: Parser, read: (i: number) => string, old: Tree, budgetMs: number): Tree | null {
    const deadline = performance.now() + budgetMs;
    const tree = parser.parse(read, old, { progressCallback: () => performance.now() >= deadline });
    if (!tree && parser !== this.completionParser) parser.reset();
    return tree;
  }

  /**
   * What the edits since the last parse touched (`editedDeclarations`) is parsed as spaces, with
   * what is already blank; when they touched the package clause or an import (which decide what
   * the file is), the parse runs to its end. `old`: the tree to reparse from (edited to know the
   * blanks), or a freed tree's outline (a parse from scratch).
   */
  private parseBlanking(old: Tree | Decl[]): Tree | null {
    const tree = Array.isArray(old) ? null : old;
    const edited = this.editedDeclarations(old);
    const blanks = edited ? edited.touched : [];
    if (!edited || blanks.length === 0) {
      this.unblank();
      return this.parser.parse(reader(this.text), tree);
    }
    this.blanks = mergeBlanks(blanks.map((d) => ({ startIndex: d.startIndex, endIndex: d.endIndex })));
    if (tree) for (const b of this.blanks) tree.edit(this.sameLengthEdit(b));
    this.markBlanksDirty();
    // Through treeText(), which keeps it: what reads the tree's text next (the escape predictor) asks for the same.
    return this.parser.parse(reader(this.treeText()), tree);
  }

  /** The edit that tells a tree the text of a blank's range is not what it parsed there (same length). */
  private sameLengthEdit(b: Blank): Edit {
    const start = this.pointAt(b.startIndex);
    const end = this.pointAt(b.endIndex);
    return { startIndex: b.startIndex, oldEndIndex: b.endIndex, newEndIndex: b.endIndex, startPosition: start, oldEndPosition: end, newEndPosition: end };
  }

  /** Forgets a real parse under way (the text changed under it). */
  private dropCompletion(): void {
    if (!this.completion) return;
    this.completion.parser.reset();
    this.completion.old.delete();
    this.completion = undefined;
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
   * Frees the tree but keeps the text (and which declarations are blank): the next `parsed()` parses
   * from scratch. Edits not parsed yet, or made before then, report everything as changed (without
   * the old tree there is no diff).
   */
  release(): void {
    if (this.stale) this.dirty = undefined;
    const blanks = this.blanks;
    const outline = this.tree ? outlineOf(this.tree) : this.outline;
    this.dispose();
    // The text of blank declarations still swallows the declarations after it: they stay blank.
    this.blanks = blanks;
    this.outline = outline;
  }

  /** Frees the tree (WASM memory). */
  dispose(): void {
    this.dropCompletion();
    this.completionParser?.delete();
    this.completionParser = undefined;
    this.tree?.delete();
    this.tree = undefined;
    this.blanks = [];
    this.outline = undefined;
    this.dropReal();
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

/** Reads a text in chunks for tree-sitter. */
/** tree-sitter's changed ranges between `old` (edited) and `next`, as dirty ranges. */
function changedRanges(next: Tree, old: Tree): DirtyRange[] {
  return next.getChangedRanges(old).map((r) => ({ startIndex: r.startIndex, endIndex: r.endIndex, startRow: r.startPosition.row, endRow: r.endPosition.row }));
}

function reader(text: string): (i: number) => string {
  return (i) => text.slice(i, i + 8192);
}

/** The text with the blanks' characters replaced by spaces (line breaks kept, so every position stays). */
function blankedText(text: string, blanks: readonly Blank[]): string {
  let out = '';
  let at = 0;
  for (const b of blanks) {
    out += text.slice(at, b.startIndex) + text.slice(b.startIndex, b.endIndex).replace(/[^\n\r]/g, ' ');
    at = b.endIndex;
  }
  return out + text.slice(at);
}

/** A top-level declaration (any named child of the root: comments too) by its place and type. */
interface Decl { startIndex: number; endIndex: number; type: string }

/** Top-level declarations near a range, in a tree or an outline. */
interface DeclView {
  /** Those that overlap [start, end], ends included. */
  overlapping(start: number, end: number): Decl[];
  /** The last one that ends before `index`, comments passed over. */
  before(index: number): Decl | undefined;
  /** The first one that starts after `index`, comments passed over. */
  after(index: number): Decl | undefined;
}

const declOf = (n: Node): Decl => ({ startIndex: n.startIndex, endIndex: n.endIndex, type: n.type });

/**
 * The root's children by index (`child(i)` walks them in C: a binary search costs a dozen calls).
 * Not `previousSibling`: in a tree with ERROR nodes it can step into them and back, and loop.
 */
function treeView(tree: Tree): DeclView {
  const root = tree.rootNode;
  return declView(root.childCount, (i) => {
    const c = root.child(i);
    return c && c.isNamed ? declOf(c) : c ? { ...declOf(c), unnamed: true } : undefined;
  });
}

/** The same answers from an outline (sorted), as from the tree it was taken from. */
function outlineView(decls: readonly Decl[]): DeclView {
  return declView(decls.length, (i) => decls[i]);
}

/** A view over `count` sorted, disjoint declarations (those marked unnamed are skipped in answers). */
function declView(count: number, at: (i: number) => (Decl & { unnamed?: boolean }) | undefined): DeclView {
  // The first declaration whose end is at or after `index`.
  const firstEndingFrom = (index: number): number => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((at(mid)?.endIndex ?? Infinity) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    overlapping(start, end) {
      const out: Decl[] = [];
      for (let i = firstEndingFrom(start); i < count; i++) {
        const d = at(i);
        if (!d || d.startIndex > end) break;
        if (!d.unnamed) out.push(d);
      }
      return out;
    },
    before(index) {
      for (let i = firstEndingFrom(index) - 1; i >= 0; i--) {
        const d = at(i);
        if (d && !d.unnamed && d.type !== 'comment') return d;
      }
      return undefined;
    },
    after(index) {
      for (let i = firstEndingFrom(index); i < count; i++) {
        const d = at(i);
        if (d && !d.unnamed && d.type !== 'comment' && d.startIndex > index) return d;
      }
      return undefined;
    },
  };
}

/** A tree's top-level named nodes (kept when the tree is freed). */
function outlineOf(tree: Tree): Decl[] {
  const out: Decl[] = [];
  for (let c = tree.rootNode.firstNamedChild; c; c = c.nextNamedSibling) out.push(declOf(c));
  return out;
}

/** Blanks sorted, overlapping ones merged. */
function mergeBlanks(blanks: Blank[]): Blank[] {
  const out: Blank[] = [];
  for (const b of [...blanks].sort((x, y) => x.startIndex - y.startIndex)) {
    const last = out[out.length - 1];
    if (last && b.startIndex <= last.endIndex) last.endIndex = Math.max(last.endIndex, b.endIndex);
    else out.push({ ...b });
  }
  return out;
}

/** Blanks moved through an edit; one the edit reaches into grows to hold the edit's new text. */
function moveBlanks<T extends Blank>(blanks: readonly T[], edit: Edit): T[] {
  if (blanks.length === 0) return [];
  const delta = edit.newEndIndex - edit.oldEndIndex;
  return blanks.map((b) => {
    if (b.endIndex < edit.startIndex) return b;
    if (b.startIndex > edit.oldEndIndex) return { ...b, startIndex: b.startIndex + delta, endIndex: b.endIndex + delta };
    return { ...b, startIndex: Math.min(b.startIndex, edit.startIndex), endIndex: Math.max(b.endIndex + delta, edit.newEndIndex) };
  });
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
