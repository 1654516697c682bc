// Quick fixes on golden files: each fix of each finding in testdata/<case>.go is applied on its own;
// testdata/<case>.golden holds every result. Every result must be gofmt-clean (checked with gofmt).
// Regenerate the golden files with GOLDEN_UPDATE=1 after checking the differences by eye.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { spanOf, type Finding } from '../../server/src/analysis/analyzer';
import { analyzeFile } from '../../server/src/analysis/driver';
import { fixesFor } from '../../server/src/analysis/fixes';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { createGoParser } from '../../server/src/parser';
import { applyChanges } from './apply';
import { gofmt } from './gofmt';

const testdata = path.resolve(__dirname, '..', '..', '..', 'test', 'fixes', 'testdata');
let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

function findingsOf(text: string, file: string): Finding[] {
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const source = { path: file, text, tree };
    const findings = analyzeFile(source, packageContextFrom([summarizeFile(file, tree)]));
    for (const f of findings) if (f.fixes.length === 0) f.fixes = fixesFor(f, source, packageContextFrom([summarizeFile(file, tree)]));
    return findings;
  } finally {
    tree.delete();
  }
}

const cases = fs.readdirSync(testdata).filter((n) => n.endsWith('.go')).sort();

for (const name of cases) {
  test(`fixes for ${name}`, () => {
    const file = path.join(testdata, name);
    const input = fs.readFileSync(file, 'utf8');
    assert.equal(gofmt(input), input, 'the input itself is gofmt-clean');
    const findings = findingsOf(input, file);
    const withFixes = findings.filter((f) => f.fixes.length > 0);
    assert.ok(withFixes.length > 0, `no finding with fixes in ${name}: ${JSON.stringify(findings.map((f) => f.rule))}`);
    const sections: string[] = [];
    for (const f of withFixes) {
      assert.equal(f.fixes.filter((x) => x.preferred).length, 1, `exactly one preferred fix for ${f.rule}`);
      for (const fix of f.fixes) {
        const out = applyChanges(input, fix.changes);
        assert.equal(gofmt(out), out, `"${fix.title}" leaves gofmt-clean code`);
        sections.push(`-- ${f.rule} (line ${f.span.start.line + 1}): ${fix.title}${fix.preferred ? ' [preferred]' : ''} --\n${out}`);
      }
    }
    const actual = sections.join('\n');
    const golden = file.replace(/\.go$/, '.golden');
    if (process.env.GOLDEN_UPDATE) fs.writeFileSync(golden, actual);
    assert.ok(fs.existsSync(golden), `${golden} is missing: run with GOLDEN_UPDATE=1`);
    assert.equal(actual, fs.readFileSync(golden, 'utf8'));
  });
}

/** The fix titles the builder offers for a zero-step finding on the `for` loop at `line` (1-based) of `text`. */
function titlesForLoop(text: string, line: number): string[] {
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const loop = tree.rootNode.descendantsOfType('for_statement').find((n) => n?.startPosition.row === line - 1);
    assert.ok(loop, `no for loop on line ${line}`);
    const span = spanOf(loop);
    const finding: Finding = { rule: 'zero-step-loop', severity: 'warning', message: '', span, related: [], fixes: [], facts: { loop: span } };
    return fixesFor(finding, { path: 'case.go', text, tree }, packageContextFrom([summarizeFile('case.go', tree)])).map((f) => f.title);
  } finally {
    tree.delete();
  }
}

test('a package constant step gets no fix (no clamp, guard or preallocation of a constant)', () => {
  const file = path.join(testdata, 'const_step.go');
  const titles = findingsOf(fs.readFileSync(file, 'utf8'), file).filter((f) => f.span.start.line + 1 <= 12).flatMap((f) => f.fixes.map((x) => x.title));
  assert.deepEqual(titles, []);
});

test('a closure does not clamp a variable of the function around it (but may return early)', () => {
  const text = 'package p\n\nfunc use(int) {}\n\nfunc outer(n int) func() {\n\tstep := n / 10\n\treturn func() {\n\t\tfor i := 0; i < n; i += step {\n\t\t\tuse(i)\n\t\t}\n\t}\n}\n';
  assert.deepEqual(titlesForLoop(text, 8), ['Return before the loop when `step` is not positive']);
});

test('a package variable step is tested, never clamped (other code reads it)', () => {
  const text = 'package p\n\nvar globalStep = 0\n\nfunc use(int) {}\n\nfunc f(n int) {\n\tfor i := 0; i < n; i += globalStep {\n\t\tuse(i)\n\t}\n}\n';
  assert.deepEqual(titlesForLoop(text, 8), ['Return before the loop when `globalStep` is not positive']);
});

test('a type-parameter step is not clamped to 1 (it may be a float)', () => {
  const text = 'package p\n\nfunc sum[T int | float64](n, step T) T {\n\tvar total T\n\tfor i := T(0); i < n; i += step {\n\t\ttotal += i\n\t}\n\treturn total\n}\n';
  assert.deepEqual(titlesForLoop(text, 5), ['Return before the loop when `step` is not positive']);
});

test('a loop that shares its line with other code gets no inserted guard (it would land before that code)', () => {
  const text = 'package p\n\nfunc use(int) {}\n\nfunc spin(n, step int) { for i := 0; i < n; i += step { use(i) } }\n';
  assert.deepEqual(titlesForLoop(text, 5), []);
});
