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
/** Edits that add, split or join top-level declarations. */
const PIECES = ['{', '"', '\nfunc added() *int { x := 1; return &x }\n', '\nvar G = new(int)\n', '\nconst K = 0\n', '\n}\nfunc split() {\n'];

interface Series { pieces: readonly string[]; freshContext: boolean }

/**
 * Runs 25 random edits over each source and compares the per-declaration predictor with
 * predictEscapes after each; returns how many predictions reused earlier work, of how many.
 */
function compareAfterEdits(seed: number, { pieces, freshContext }: Series): { incremental: number; edits: number } {
  const rng = new Random(seed);
  let incremental = 0;
  let edits = 0;
  for (const { name, text } of sources(rng)) {
    const doc = new IncrementalTree(parser, text);
    const predictor = new IncrementalPredictor();
    try {
      // One package context for the series, as the server keeps one while declarations stay the same,
      // or a new one after each edit, from the edited file, as the server makes when they change.
      let pkg = packageContextFrom([summarizeFile(name, doc.parsed().tree)]);
      for (let i = 0; i < 25; i++) {
        const t = doc.getText();
        const at = rng.int(t.length);
        const start = doc.pointAt(at);
        const remove = rng.chance(0.3) ? 1 + rng.int(freshContext ? 40 : 1) : 0;
        const end = doc.pointAt(Math.min(t.length, at + remove));
        const insert = remove ? '' : rng.pick(pieces);
        doc.applyChanges([{ range: { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } }, text: insert }]);
        const { tree } = doc.parsed();
        if (freshContext) pkg = packageContextFrom([summarizeFile(name, tree)]);
        const options = { pkg, goVersion: '1.26', goos: 'linux', goarch: 'amd64' };
        const got = predictor.predict({ path: name, tree, text: doc.treeText() }, options, '');
        const want = predictEscapes({ path: name, tree }, options);
        assert.deepEqual(got, want, `${name}, edit ${i}: ${JSON.stringify(insert)} at ${start.row + 1}:${start.column + 1}, ${remove} removed`);
        edits++;
        if (!predictor.lastRun.full) incremental++;
      }
    } finally {
      doc.dispose();
    }
  }
  return { incremental, edits };
}

test('after each of a series of random edits, the per-declaration predictor equals predictEscapes on the whole file', () => {
  const { incremental, edits } = compareAfterEdits(2026, { pieces: CHARS, freshContext: false });
  // Reuse must happen, or this test would not test the incremental path.
  assert.ok(incremental > edits / 3, `only ${incremental} of ${edits} predictions reused earlier work`);
});

test('edits that add, remove, split or join declarations, with a new package context each time, keep it equal and mostly incremental', () => {
  for (const seed of [7, 8, 9]) {
    const { incremental, edits } = compareAfterEdits(seed, { pieces: [...CHARS, ...PIECES], freshContext: true });
    // Only an import change, or a name that came or went while another declaration shares it, needs the whole file.
    assert.ok(incremental > edits * 0.8, `seed ${seed}: only ${incremental} of ${edits} predictions reused earlier work`);
  }
});

/** A package whose functions' escapes depend on other declarations: a package variable, a callee, a type. */
const DEPENDENT = `package p

var sink *int

type box struct{ p *int }

func keep(p *int) *int { return p }

func stores() { x := 1; sink = &x }

func passes() *int { y := 2; return keep(&y) }

func boxes() box { z := 3; return box{&z} }
`;

test('an edit that removes, renames or restores a declaration others depend on recomputes them, and only them', () => {
  // Each step replaces one text by another; the predictor must equal predictEscapes after each.
  const steps: Array<[string, string]> = [
    ['var sink *int', 'var sunk *int'], // `sink` no longer a package variable
    ['var sunk *int', 'var sink *int'],
    ['func keep(p *int) *int { return p }', ''], // the callee goes
    ['func stores()', 'func keep(p *int) *int { return p }\n\nfunc stores()'], // and comes back elsewhere
    ['type box struct{ p *int }', 'type box struct{ p *int; q int }'],
    ['func passes() *int {', 'func passes() *int {\n}\nfunc broken() {'], // splits a declaration
  ];
  const doc = new IncrementalTree(parser, DEPENDENT);
  const predictor = new IncrementalPredictor();
  try {
    const first = doc.parsed().tree;
    predictor.predict({ path: 'p.go', tree: first, text: doc.getText() }, { pkg: packageContextFrom([summarizeFile('p.go', first)]), goVersion: '1.26', goos: 'linux', goarch: 'amd64' }, '');
    for (const [from, to] of steps) {
      const text = doc.getText();
      const at = text.indexOf(from);
      assert.ok(at >= 0, `the step's text ${JSON.stringify(from)} is not in the file`);
      const start = doc.pointAt(at);
      const end = doc.pointAt(at + from.length);
      doc.applyChanges([{ range: { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } }, text: to }]);
      const { tree } = doc.parsed();
      const options = { pkg: packageContextFrom([summarizeFile('p.go', tree)]), goVersion: '1.26', goos: 'linux', goarch: 'amd64' };
      const got = predictor.predict({ path: 'p.go', tree, text: doc.getText() }, options, '');
      assert.deepEqual(got, predictEscapes({ path: 'p.go', tree }, options), `after ${JSON.stringify(from)} → ${JSON.stringify(to)}`);
      assert.equal(predictor.lastRun.full, false, `after ${JSON.stringify(from)} → ${JSON.stringify(to)}: a whole-file run`);
    }
  } finally {
    doc.dispose();
  }
});

test('a function that goes leaves the index: what its callers found through it is found again (one package context throughout)', () => {
  // The server keeps one package context while typing; a declaration that went (deleted, or parsed
  // as blank while its syntax is broken) must not leave its callers the facts it gave them.
  const text = `package p

type buf struct{ b []byte }

func newBuf() *buf { return &buf{} }

func text() string {
	p := newBuf()
	s := string(p.b)
	return s
}
`;
  const doc = new IncrementalTree(parser, text);
  const predictor = new IncrementalPredictor();
  try {
    const first = doc.parsed().tree;
    const options = { pkg: packageContextFrom([summarizeFile('p.go', first)]), goVersion: '1.26', goos: 'linux', goarch: 'amd64' };
    const before = predictor.predict({ path: 'p.go', tree: first, text: doc.treeText() }, options, '');
    assert.ok(before.some((f) => f.message === 'string(p.b) escapes to heap'), JSON.stringify(before));
    const gone = 'func newBuf() *buf { return &buf{} }';
    const start = doc.pointAt(text.indexOf(gone));
    const end = doc.pointAt(text.indexOf(gone) + gone.length);
    doc.applyChanges([{ range: { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } }, text: '' }]);
    const { tree } = doc.parsed();
    const got = predictor.predict({ path: 'p.go', tree, text: doc.treeText() }, options, '');
    assert.deepEqual(got, predictEscapes({ path: 'p.go', tree }, options));
    assert.equal(predictor.lastRun.full, false);
  } finally {
    doc.dispose();
  }
});
