// The per-declaration predictor must give exactly predictEscapes' facts (same facts, same order)
// after every edit of a series, and must actually reuse work: most single-character edits inside a
// function body recompute only a few declarations.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { predictEscapes } from '../../server/src/escape/predict';
import { IncrementalPredictor } from '../../server/src/escape/predictIncremental';
import { createGoParser, type Parser } from '../../server/src/parser';
import { IncrementalTree } from '../../server/src/trees';
import { goroot, repoRoot } from '../fuzz/corpus';
import { randomProgram } from '../fuzz/generate';
import { Random } from '../fuzz/random';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

/** Sources with many escapes: standard-library files when Go is installed, else our fixtures. */
function sources(rng: Random): Array<{ name: string; text: string }> {
  const root = goroot();
  const std = root ? ['text/template/exec.go', 'fmt/print.go'].map((f) => path.join(root, 'src', f)) : [];
  const own = fs.readdirSync(path.join(repoRoot, 'examples')).filter((n) => n.endsWith('.go')).map((n) => path.join(repoRoot, 'examples', n));
  const files = [...std, ...own].filter((f) => fs.existsSync(f)).slice(0, 5);
  return [...files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') })), { name: 'random.go', text: randomProgram(rng, 8) }];
}

const CHARS = [' ', 'x', '1', '(', '\n', '}', '&', '*'];

test('after each of a series of random edits, the per-declaration predictor equals predictEscapes on the whole file', () => {
  const rng = new Random(2026);
  let incremental = 0;
  let edits = 0;
  for (const { name, text } of sources(rng)) {
    const doc = new IncrementalTree(parser, text);
    const predictor = new IncrementalPredictor();
    try {
      // One package context for the series, as the server keeps one while declarations stay the same.
      const pkg = packageContextFrom([summarizeFile(name, doc.parsed().tree)]);
      const options = { pkg, goVersion: '1.26', goos: 'linux', goarch: 'amd64' };
      for (let i = 0; i < 25; i++) {
        const t = doc.getText();
        const at = rng.int(t.length);
        const start = doc.pointAt(at);
        const remove = rng.chance(0.3) ? 1 : 0;
        const end = doc.pointAt(Math.min(t.length, at + remove));
        const insert = remove ? '' : rng.pick(CHARS);
        doc.applyChanges([{ range: { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } }, text: insert }]);
        const { tree } = doc.parsed();
        const got = predictor.predict({ path: name, tree, text: doc.getText() }, options, '');
        const want = predictEscapes({ path: name, tree }, options);
        assert.deepEqual(got, want, `${name}, edit ${i}: ${JSON.stringify(insert)} at ${start.row + 1}:${start.column + 1}`);
        edits++;
        if (!predictor.lastRun.full) incremental++;
      }
    } finally {
      doc.dispose();
    }
  }
  // Reuse must happen, or this test would not test the incremental path.
  assert.ok(incremental > edits / 3, `only ${incremental} of ${edits} predictions reused earlier work`);
});
