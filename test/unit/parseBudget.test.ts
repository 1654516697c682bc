// A reparse that runs out of time parses the declarations being edited as blank, keeps the rest
// of the tree exact, and finishes the real parse later in slices; a real parse that would swallow
// the declarations after the edited one is refused. Budget 0 makes every reparse run out of time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser, Tree } from 'web-tree-sitter';
import { createGoParser } from '../../server/src/parser';
import { IncrementalTree, type ContentChange } from '../../server/src/trees';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const functions = Array.from({ length: 20 }, (_, i) => [
  `func f${i}(items []int, step int) int {`,
  '\ttotal := 0',
  '\tfor i := 0; i < len(items); i += step {',
  `\t\ttotal += items[i] * ${i}`,
  '\t}',
  '\treturn total',
  '}',
].join('\n'));
const text = `package p\n\nimport "fmt"\n\n${functions.join('\n\n')}\n\nfunc main() { fmt.Println(f0(nil, 1)) }\n`;
const lineOf = (t: string, needle: string): number => t.split('\n').findIndex((l) => l.includes(needle));

/** Top-level function names with their spans. */
function declarations(tree: Tree): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of tree.rootNode.namedChildren) {
    if (n?.type === 'function_declaration') out.set(n.childForFieldName('name')!.text, `${n.startIndex}-${n.endIndex}:${n.toString()}`);
  }
  return out;
}

function fresh(t: string): string {
  return freshParse(t).tree;
}

/** A fresh parse of the text, as a string, and whether it has syntax errors. */
function freshParse(t: string): { tree: string; hasError: boolean } {
  const tree = parser.parse(t)!;
  try {
    return { tree: tree.rootNode.toString(), hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

const insertAt = (t: string, line: number, character: number, insert: string): { change: ContentChange; result: string } => {
  const lines = t.split('\n');
  lines[line] = lines[line].slice(0, character) + insert + lines[line].slice(character);
  return { change: { range: { start: { line, character }, end: { line, character } }, text: insert }, result: lines.join('\n') };
};

test('out of time: the edited declaration is blank, the others exact; completing gives the real tree', () => {
  const doc = new IncrementalTree(parser, text, 0);
  try {
    doc.parsed();
    const line = lineOf(text, 'total += items[i] * 7');
    const { change, result } = insertAt(text, line, 1, 'total++\n\t');
    doc.applyChanges([change]);
    const { tree, dirty } = doc.parsed();
    assert.equal(doc.getText(), result, 'the text is the real one');
    assert.ok(doc.hasBlanks);
    const expected = parser.parse(result)!;
    try {
      const got = declarations(tree);
      const want = declarations(expected);
      assert.deepEqual([...want.keys()].filter((k) => !got.has(k)), ['f7'], 'f7 alone is missing');
      for (const [name, span] of got) assert.equal(span, want.get(name), `${name} is as in a fresh parse`);
    } finally {
      expected.delete();
    }
    const f7 = { start: lineOf(text, 'func f7('), end: lineOf(text, 'func f8(') - 2 };
    assert.ok(dirty?.some((d) => d.startRow <= f7.start && d.endRow >= f7.end + 1), `the blank declaration is reported as changed: ${JSON.stringify(dirty)}`);
    // Lines added above it (after the import, between declarations): the blank moves with its declaration.
    const moved = insertAt(result, 3, 0, '// moved\n').result;
    doc.applyChanges([insertAt(result, 3, 0, '// moved\n').change]);
    const expectedMoved = parser.parse(moved)!;
    try {
      const got = declarations(doc.parsed().tree);
      const want = declarations(expectedMoved);
      assert.deepEqual([...want.keys()].filter((k) => !got.has(k)), ['f7']);
      for (const [name, span] of got) assert.equal(span, want.get(name), `${name} is as in a fresh parse, after the move`);
    } finally {
      expectedMoved.delete();
    }
    let state: string;
    while ((state = doc.completeParse(1e9)) === 'more');
    assert.equal(state, 'done');
    assert.equal(doc.hasBlanks, false);
    const after = doc.parsed();
    assert.equal(after.tree.rootNode.toString(), fresh(moved));
    assert.ok(after.dirty?.some((d) => d.startRow <= line + 1 && d.endRow >= line + 1), 'the completed declaration is reported as changed');
    assert.equal(doc.completeParse(1e9), 'none', 'nothing left to finish');
  } finally {
    doc.dispose();
  }
});

test('a real parse that swallows the declarations after the edit is refused until the next edit', () => {
  const doc = new IncrementalTree(parser, text, 0);
  try {
    doc.parsed();
    const line = lineOf(text, 'total += items[i] * 7');
    // An unclosed brace: the real parse takes the functions after f7 into it.
    const { change } = insertAt(text, line, 1, '{');
    doc.applyChanges([change]);
    const before = declarations(doc.parsed().tree);
    assert.ok(before.has('f19') && !before.has('f7'));
    let state: string;
    while ((state = doc.completeParse(1e9)) === 'more');
    assert.equal(state, 'none', 'refused');
    assert.ok(doc.hasBlanks);
    assert.deepEqual(declarations(doc.parsed().tree), before, 'the tree with the blank is kept');
    assert.equal(doc.completeParse(1e9), 'none', 'not tried again before an edit');
    // The edit undone: the declaration is whole again once completed.
    doc.applyChanges([{ range: { start: { line, character: 1 }, end: { line, character: 2 } }, text: '' }]);
    doc.parsed();
    while ((state = doc.completeParse(1e9)) === 'more');
    assert.equal(doc.hasBlanks, false);
    assert.equal(doc.getText(), text);
    assert.equal(doc.parsed().tree.rootNode.toString(), fresh(text));
  } finally {
    doc.dispose();
  }
});

test('a tree with a blank reparsed in time: the declaration is back, and reported as changed', () => {
  const doc = new IncrementalTree(parser, text, 0);
  try {
    doc.parsed();
    const { change, result } = insertAt(text, lineOf(text, 'total += items[i] * 7'), 1, 'total++\n\t');
    doc.applyChanges([change]);
    doc.parsed();
    assert.ok(doc.hasBlanks);
    // The next edit, in another function, with time to spare.
    doc.budgetMs = 1e9;
    const next = insertAt(result, lineOf(result, 'total += items[i] * 12'), 1, ' ');
    doc.applyChanges([next.change]);
    const { tree, dirty } = doc.parsed();
    assert.equal(doc.hasBlanks, false);
    assert.equal(tree.rootNode.toString(), fresh(next.result));
    const f7 = { start: lineOf(result, 'func f7('), end: lineOf(result, 'func f8(') - 2 };
    assert.ok(dirty?.some((d) => d.startRow <= f7.start && d.endRow >= f7.end), `f7 is reported as changed: ${JSON.stringify(dirty)}`);
  } finally {
    doc.dispose();
  }
});

test('repairing a blank declaration reparses it from the tree before it went blank, reusing its nodes', () => {
  const doc = new IncrementalTree(parser, text, 0);
  // The node of f7's `total := 0`, which the edit below does not touch.
  const firstStatement = (tree: Tree): number => {
    const f7 = tree.rootNode.namedChildren.find((n) => n?.type === 'function_declaration' && n.childForFieldName('name')?.text === 'f7');
    assert.ok(f7, 'f7 is in the tree');
    const statement = f7.childForFieldName('body')!.namedChild(0)!.namedChild(0)!;
    assert.equal(statement.type, 'short_var_declaration');
    return statement.id;
  };
  // A copy keeps the original nodes alive, so a node id seen again is that node, reused.
  const original = doc.parsed().tree.copy();
  try {
    const line = lineOf(text, 'total += items[i] * 7');
    const { change } = insertAt(text, line, 1, 'total++\n\t');
    doc.applyChanges([change]);
    doc.parsed();
    assert.ok(doc.hasBlanks, 'f7 is blank');
    // Another edit elsewhere while f7 is blank, then the first one undone with time to spare.
    doc.applyChanges([insertAt(doc.getText(), lineOf(doc.getText(), 'total += items[i] * 12'), 1, ' ').change]);
    doc.parsed();
    doc.budgetMs = 1e9;
    doc.applyChanges([{ range: { start: { line, character: 1 }, end: { line: line + 1, character: 1 } }, text: '' }]);
    const { tree, dirty } = doc.parsed();
    assert.equal(doc.hasBlanks, false);
    assert.equal(tree.rootNode.toString(), fresh(doc.getText()));
    assert.equal(firstStatement(tree), firstStatement(original), 'f7\'s first statement is the node parsed before f7 went blank');
    const f7 = lineOf(doc.getText(), 'func f7(');
    assert.ok(dirty?.some((d) => d.startRow <= f7 && d.endRow >= f7 + 5), `f7 is reported as changed: ${JSON.stringify(dirty)}`);
  } finally {
    original.delete();
    doc.dispose();
  }
});

test('with time to spare, a reparse is not cut short', () => {
  const doc = new IncrementalTree(parser, text);
  try {
    doc.parsed();
    const { change, result } = insertAt(text, lineOf(text, 'total += items[i] * 7'), 1, 'total++\n\t');
    doc.applyChanges([change]);
    assert.equal(doc.parsed().tree.rootNode.toString(), fresh(result));
    assert.equal(doc.hasBlanks, false);
  } finally {
    doc.dispose();
  }
});

// tree-sitter's error recovery may place ERROR nodes differently in an incremental and a fresh
// parse of the same broken text: broken texts are compared by their text only.
test('random edits out of time: whenever the tree is whole again, it is a fresh parse of the text', () => {
  // Mostly edits that keep the text valid, so that trees can be compared; some that break it.
  const snippets = [' ', '\n', 'x', '1', '\n\tx := 1\n', 'func g() {}\n', '{', '(', '"', '`', '/*', ''];
  let seed = 99;
  const next = (n: number): number => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const seen = { whole: 0, refused: 0, blank: 0 };
  const positionOf = (t: string, offset: number) => {
    const before = t.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  for (let run = 0; run < 30; run++) {
    const doc = new IncrementalTree(parser, text);
    let expected = text;
    let undo: { change: ContentChange; result: string } | undefined;
    try {
      doc.parsed();
      for (let step = 0; step < 16; step++) {
        let edit: { change: ContentChange; result: string };
        if (undo && next(3) > 0) {
          // Mostly, an edit is undone by the next one (as typing and deleting a character).
          edit = undo;
          undo = undefined;
        } else {
          const at = next(expected.length + 1);
          const cut = next(2) === 0 ? Math.min(expected.length - at, next(4)) : 0;
          const insert = cut > 0 ? '' : snippets[next(snippets.length)];
          const result = expected.slice(0, at) + insert + expected.slice(at + cut);
          edit = { change: { range: { start: positionOf(expected, at), end: positionOf(expected, at + cut) }, text: insert }, result };
          undo = { change: { range: { start: positionOf(result, at), end: positionOf(result, at + insert.length) }, text: expected.slice(at, at + cut) }, result: expected };
        }
        expected = edit.result;
        doc.applyChanges([edit.change]);
        // Out of time or not, edit by edit: a tree with blanks is also reparsed in time.
        doc.budgetMs = next(2) === 0 ? 0 : 1e9;
        doc.parsed();
        if (doc.hasBlanks) seen.blank++;
        if (next(3) > 0) {
          while (doc.completeParse(next(2) === 0 ? 1 : 1e9) === 'more');
          if (doc.hasBlanks) seen.refused++;
        }
        assert.equal(doc.getText(), expected);
        const want = freshParse(expected);
        if (!doc.hasBlanks && !want.hasError) {
          assert.equal(doc.parsed().tree.rootNode.toString(), want.tree, `run ${run} step ${step}`);
          seen.whole++;
        }
      }
    } finally {
      doc.dispose();
    }
  }
  assert.ok(seen.blank > 60 && seen.whole > 60 && seen.refused > 0, JSON.stringify(seen));
});
