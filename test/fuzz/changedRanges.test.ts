// IncrementalTree asks tree-sitter for changed ranges only when a syntax error was in the tree or is
// now: between two valid texts, each top-level declaration's parse is its own text's, so those the
// edits overlap are all that changed. This holds that claim on random edits of standard-library
// files (tokens that open comments, raw strings and blocks, split and join declarations): the
// declarations to analyse again are at least those that tree-sitter's changed ranges give.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Parser, Tree } from 'web-tree-sitter';
import { dirtyUnits } from '../../server/src/features/units';
import { createGoParser } from '../../server/src/parser';
import { IncrementalTree, type DirtyRange } from '../../server/src/trees';
import { seedFiles } from './corpus';
import { Random } from './random';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const TOKENS = ['\n', ' ', 'x', '}', '{', '(', ')', '/*', '*/', '`', '"', '//', ';', '\n\n', 'func f() {}\n', '}\n\nfunc g() {\n', 'var y = 1\n', ')\n', 'type T int\n', 'import "os"\n'];

/** What tree-sitter says changed between `old` (edited) and `next`, with the edit itself. */
function reference(old: Tree, next: Tree, edit: DirtyRange): DirtyRange[] {
  const ranges = next.getChangedRanges(old).map((r) => ({ startIndex: r.startIndex, endIndex: r.endIndex, startRow: r.startPosition.row, endRow: r.endPosition.row }));
  return [edit, ...ranges];
}

test('random edits: the declarations found changed cover those of tree-sitter\'s changed ranges (seed 20261203)', () => {
  const rng = new Random(20261203);
  const files = seedFiles().files.filter((f) => fs.statSync(f).size < 150_000);
  assert.ok(files.length > 0, 'seed files');
  const failures: string[] = [];
  const counts = { edits: 0, validBoth: 0, withErrors: 0, blanked: 0 };
  for (let k = 0; k < 120; k++) {
    const file = files[rng.int(files.length)];
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    for (let j = 0; j < 6; j++) {
      const line = rng.int(lines.length);
      const ch = rng.int(lines[line].length + 1);
      const len = rng.chance(0.4) ? Math.min(1 + rng.int(3), lines[line].length - ch) : 0;
      const insert = len > 0 ? '' : TOKENS[rng.int(TOKENS.length)];
      const change = { range: { start: { line, character: ch }, end: { line, character: ch + len } }, text: insert };
      const t = new IncrementalTree(parser, text, 1e9);
      const old = parser.parse(text)!;
      try {
        t.parsed();
        const [e] = t.applyChanges([change]);
        const { tree, dirty } = t.parsed();
        assert.ok(dirty, 'an incremental parse reports what changed');
        old.edit(e);
        // With a blank (errors that reach past the edited declaration: IncrementalTree keeps the rest
        // of the tree and blanks the declaration), what changed is between the old tree and ours.
        const next = t.hasBlanks ? undefined : parser.parse(t.getText(), old)!;
        const ref = dirtyUnits(next ?? tree, reference(old, next ?? tree, { startIndex: e.startIndex, endIndex: e.newEndIndex, startRow: e.startPosition.row, endRow: e.newEndPosition.row }));
        const ours = dirtyUnits(tree, dirty);
        counts.edits++;
        if (t.hasBlanks) counts.blanked++;
        if (tree.rootNode.hasError || old.rootNode.hasError) counts.withErrors++;
        else counts.validBoth++;
        const have = new Set(ours.units.map((u) => u.startIndex));
        // (A changed range can start on a token between declarations, a `;`: that is no declaration.)
        const missing = ref.units.filter((u) => u.node.isNamed && !have.has(u.startIndex)).map((u) => `${u.node.type} at line ${u.startRow + 1}`);
        if (missing.length > 0 || (ref.context && !ours.context)) failures.push(`${file}:${line + 1}:${ch} ${JSON.stringify(insert)} (deleting ${len}): missed ${missing.join(', ') || 'the package clause or imports'}`);
        next?.delete();
      } finally {
        old.delete();
        t.dispose();
      }
    }
  }
  assert.deepEqual(failures, []);
  // Both kinds of edit were tried, in numbers.
  assert.ok(counts.validBoth > 150 && counts.withErrors > 150 && counts.blanked > 20, JSON.stringify(counts));
});
