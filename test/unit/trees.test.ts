// The incremental tree must always equal a fresh parse of the same text, whatever the edits.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { createGoParser } from '../../server/src/parser';
import { IncrementalTree, type ContentChange } from '../../server/src/trees';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const seedText = `package demo

import "fmt"

// Sums évery ☃ value — with non-ASCII 𝒳 text.
func handler(items []int) []int {
	interval := getInterval()
	var demos []int
	for i := 0; i < len(items); i += interval {
		demos = append(demos, i)
	}
	s := "tab\\tand \\"quotes\\""
	fmt.Println(s)
	return demos
}
`;

const snippets = ['x', '\n', '\t', '{', '}', '(', ')', ' := ', 'for ', 'i += 0', '"', '//', '/*', '*/', 'é', '☃', '𝒳', '\r\n', 'func f() {}\n', 'append(a, b)', ''];

/** A small deterministic PRNG so failures can be replayed from the seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** LSP position (rows split at '\n' only, UTF-16 columns) of an offset. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** A random change against `text`; never splits a surrogate pair. */
function randomChange(text: string, next: () => number): { change: ContentChange; result: string } {
  const pick = (): number => {
    let o = Math.floor(next() * (text.length + 1));
    if (o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o])) o--;
    // LSP positions never fall between the '\r' and '\n' of a line break.
    if (o > 0 && text[o - 1] === '\r' && text[o] === '\n') o--;
    return o;
  };
  let a = pick();
  let b = next() < 0.5 ? a : pick();
  if (b < a) [a, b] = [b, a];
  if (b - a > 40) b = a + 40;
  if (b < text.length && b > 0 && /[\uDC00-\uDFFF]/.test(text[b])) b++;
  if (b > 0 && text[b - 1] === '\r' && text[b] === '\n') b++;
  const insert = snippets[Math.floor(next() * snippets.length)];
  return {
    change: { range: { start: positionOf(text, a), end: positionOf(text, b) }, text: insert },
    result: text.slice(0, a) + insert + text.slice(b),
  };
}

test('incremental trees equal fresh parses after random edit batches', () => {
  let compared = 0;
  let blank = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const next = rng(seed);
    const doc = new IncrementalTree(parser, seedText);
    let expected = seedText;
    try {
      for (let step = 0; step < 25; step++) {
        // Several changes in one notification: each against the text after the previous one.
        const batch: ContentChange[] = [];
        const count = 1 + Math.floor(next() * 3);
        for (let k = 0; k < count; k++) {
          const { change, result } = randomChange(expected, next);
          batch.push(change);
          expected = result;
        }
        doc.applyChanges(batch);
        assert.equal(doc.getText(), expected, `text after seed ${seed} step ${step}`);
        // Reparse only sometimes, so edits also pile up on a tree between parses.
        if (next() < 0.6 || step === 24) {
          const { tree } = doc.parsed();
          // A declaration blank (its syntax errors reached past it): test/unit/parseBudget.test.ts's.
          if (doc.hasBlanks) {
            blank++;
            continue;
          }
          compared++;
          const fresh = parser.parse(expected);
          assert.ok(fresh);
          try {
            assert.equal(tree.rootNode.toString(), fresh.rootNode.toString(), `tree after seed ${seed} step ${step}`);
            assert.deepEqual(tree.rootNode.endPosition, fresh.rootNode.endPosition);
          } finally {
            fresh.delete();
          }
        }
      }
    } finally {
      doc.dispose();
    }
  }
  assert.ok(compared > 300 && blank > 0, JSON.stringify({ compared, blank }));
});

test('dirty ranges cover every edit, mapped through later edits', () => {
  const doc = new IncrementalTree(parser, seedText);
  try {
    doc.parsed();
    const line = seedText.split('\n').findIndex((l) => l.includes('i += interval'));
    doc.applyChanges([{ range: { start: { line, character: 1 }, end: { line, character: 1 } }, text: '\n\n' }]);
    doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// x\n' }]);
    const { dirty } = doc.parsed();
    assert.ok(dirty && dirty.length >= 2);
    const rows = dirty.map((d) => [d.startRow, d.endRow]);
    assert.ok(rows.some(([s, e]) => s <= line + 1 && e >= line + 1), `the first edit, moved one line down: ${JSON.stringify(rows)}`);
    assert.ok(rows.some(([s]) => s === 0), 'the second edit');
  } finally {
    doc.dispose();
  }
});

test('a change without a range replaces the text', () => {
  const doc = new IncrementalTree(parser, seedText);
  try {
    doc.parsed();
    doc.applyChanges([{ text: 'package p\n' }]);
    const { tree, dirty } = doc.parsed();
    assert.equal(dirty, undefined);
    assert.equal(tree.rootNode.toString(), '(source_file (package_clause (package_identifier)))');
  } finally {
    doc.dispose();
  }
});

test('positions past the end of a line or the text are clamped', () => {
  const doc = new IncrementalTree(parser, 'ab\r\ncd\n');
  assert.equal(doc.offsetAt({ line: 0, character: 99 }), 2);
  assert.equal(doc.offsetAt({ line: 1, character: 1 }), 5);
  assert.equal(doc.offsetAt({ line: 9, character: 0 }), 7);
  assert.deepEqual(doc.pointAt(5), { row: 1, column: 1 });
  doc.dispose();
});

test('the line index follows 20,000 random edits, keystrokes and pastes of thousands of lines alike', () => {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const t = new IncrementalTree(parser, 'a\nbb\n\nccc\n'.repeat(50));
  const pieces = ['', 'x', '\n', 'y\nz', '\n\n', 'qqqqq\n', '\n'.repeat(5000)];
  for (let k = 0; k < 20_000; k++) {
    const now = t.getText();
    const a = Math.floor(rnd() * (now.length + 1));
    const b = Math.min(now.length, a + Math.floor(rnd() * (rnd() < 0.005 ? 3000 : 3)));
    const text = pieces[Math.floor(rnd() * (k % 500 === 0 ? pieces.length : pieces.length - 1))];
    const ps = t.pointAt(a);
    const pe = t.pointAt(b);
    t.applyChanges([{ range: { start: { line: ps.row, character: ps.column }, end: { line: pe.row, character: pe.column } }, text }]);
    const want = now.slice(0, a) + text + now.slice(b);
    assert.equal(t.getText(), want, `edit ${k}: text`);
    const starts = [0];
    for (let i = want.indexOf('\n'); i >= 0; i = want.indexOf('\n', i + 1)) starts.push(i + 1);
    assert.equal(t.lineCount, starts.length, `edit ${k}: lines`);
    for (const row of [0, ps.row, Math.min(ps.row + 1, starts.length - 1), starts.length - 1]) {
      assert.equal(t.offsetAt({ line: row, character: 0 }), starts[row], `edit ${k}: start of line ${row}`);
    }
  }
});
