// Heap hints are placed per top-level declaration: the hints of a range of lines, and the hint
// under a position, must be those of placing every fact of the file. Facts are made up at the
// places the compiler reports (calls, literals, selectors, indexes, `&`, identifiers), in standard
// library files and in broken copies of them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Node, Tree } from 'web-tree-sitter';
import type { EscapeFact } from '../../server/src/escape/types';
import { cachedHeapHints, heapFactsAt, heapHints, hintsInLines } from '../../server/src/features/escapeFacts';
import { createGoParser, type Parser } from '../../server/src/parser';
import { seedFiles } from './corpus';
import { Random } from './random';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser.delete());

const anchors = new Set(['(', '{', '.', '[', '&', 'identifier', 'func', '+', '*']);

/** Made-up heap facts at every third anchor token of the tree. */
function madeUpFacts(tree: Tree): EscapeFact[] {
  const facts: EscapeFact[] = [];
  const cursor = tree.walk();
  let n = 0;
  for (;;) {
    const node: Node = cursor.currentNode;
    if (node.childCount === 0 && anchors.has(node.type) && n++ % 3 === 0) {
      const kind = n % 2 ? 'escapes' : 'moved-to-heap';
      facts.push({ file: '/p/a.go', line: node.startPosition.row + 1, column: node.startPosition.column + 1, kind, name: node.type, source: 'predicted', message: `${node.type} ${kind} ${n % 5}` });
    }
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) { cursor.delete(); return facts; }
  }
}

test('the hints of a range and under a position are those of the whole file', () => {
  const { files } = seedFiles();
  const random = new Random(12);
  let ranges = 0;
  for (const file of files.filter((_, i) => i % 25 === 0)) {
    const original = fs.readFileSync(file, 'utf8');
    // The file, and a copy with a few characters cut out (syntax errors, ERROR nodes at the top level).
    let broken = original;
    for (let k = 0; k < 4; k++) {
      const at = random.int(broken.length);
      broken = broken.slice(0, at) + broken.slice(at + 1 + random.int(8));
    }
    for (const text of [original, broken]) {
      const tree = parser.parse(text)!;
      try {
        const facts = madeUpFacts(tree);
        const whole = heapHints(facts, tree, text);
        const lines = tree.rootNode.endPosition.row + 1;
        for (let k = 0; k < 40; k++) {
          const first = random.int(lines);
          const last = Math.min(lines - 1, first + random.int(80));
          const got = hintsInLines(cachedHeapHints(facts, tree, text, first, last), first, last);
          assert.deepEqual(got, hintsInLines(whole, first, last), `${file}${text === broken ? ' (broken)' : ''}: lines ${first}-${last}`);
          const p = { line: first, character: random.int(40) };
          assert.deepEqual(heapFactsAt(cachedHeapHints(facts, tree, text, p.line, p.line), p), heapFactsAt(whole, p), `${file}: at ${p.line}:${p.character}`);
          ranges++;
        }
      } finally {
        tree.delete();
      }
    }
  }
  assert.ok(ranges >= 400, `${ranges} ranges compared`);
});
