// The fixed-seed slice of the analyzer fuzzing (bench/fuzz.mjs runs the long campaign): mutated
// standard-library files, random loop/append programs, pathological nesting, a binary file named
// `.go`. Properties only (no timings): nothing throws, no rule fails, code beyond the documented
// limits is skipped with a message, every position lies inside the document.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { analyzeFile, type Skipped } from '../../server/src/analysis/driver';
import { maxEvaluationSteps } from '../../server/src/analysis/values/evaluator';
import { maxNesting, nestingExceeds } from '../../server/src/analysis/nesting';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { createGoParser } from '../../server/src/parser';
import { binaryCases, deepCases, fuzzCases, type FuzzCase } from './campaign';
import { checkText } from './check';
import { binaryFile, seedFiles } from './corpus';
import { deepShapes } from './generate';
import { mutateBytes, mutateText } from './mutate';
import { Random } from './random';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

function failuresOf(cases: Iterable<FuzzCase>, limit = Infinity): string[] {
  const failures: string[] = [];
  let n = 0;
  for (const c of cases) {
    if (n++ >= limit) break;
    const r = checkText(parser, c.text);
    if (r.problems.length > 0) failures.push(`${c.name}: ${r.problems.slice(0, 3).join(' | ')}`);
  }
  return failures;
}

test('mutated standard-library files and random programs (seed 20261126, 120 cases)', () => {
  const { files } = seedFiles();
  assert.ok(files.length > 0, 'seed files');
  assert.deepEqual(failuresOf(fuzzCases(20261126, files), 120), []);
});

test('every nesting shape, just below the limit and thousands of levels deep', () => {
  assert.deepEqual(failuresOf(deepCases([maxNesting - 10, 2000])), []);
});

test('code nested beyond the limit is skipped with a message naming it; the rest of the file is analysed', () => {
  const deep = deepShapes.blocks(maxNesting + 50).replace('package p\n', '');
  const text = `package p\n\nfunc g(items []int, s int) []int {\n\tvar out []int\n\tfor i := 0; i < len(items); i += s {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n${deep}`;
  const { findings, skipped } = analyse(text);
  assert.equal(skipped.length, 1, JSON.stringify(skipped));
  assert.match(skipped[0].reason, new RegExp(`\`f\` is not analysed: it nests more than ${maxNesting} levels deep`));
  assert.equal(skipped[0].span.start.line, text.split('\n').findIndex((l) => l.startsWith('func f(')));
  assert.ok(findings.some((f) => f.rule === 'zero-step-loop' && f.span.start.line === 4), 'g is still analysed');
  assert.ok(findings.every((f) => f.span.start.line < skipped[0].span.start.line), 'nothing from f');
});

test('nesting: brackets, else-if chains and runs of labels count; strings, runes and comments do not', () => {
  assert.equal(nestingExceeds('{{{}}}', 0, 6, 3), -1);
  assert.equal(nestingExceeds('{{{{}}}}', 0, 8, 3), 3);
  assert.equal(nestingExceeds('([{(', 0, 4, 3), 3);
  const elseIfs = `if a {\n} else if b {\n} else if c {\n} else if d {\n}`;
  assert.equal(nestingExceeds(elseIfs, 0, elseIfs.length, 2), elseIfs.indexOf('c {') + 2, 'the block of the second else-if is 3 deep');
  const separate = `if a {\n} else {\n}\nif b {\n} else {\n}\nif c {\n} else if d {\n}`;
  assert.equal(nestingExceeds(separate, 0, separate.length, 2), -1, 'separate if-else statements do not add up');
  const labels = 'L1:\nL2:\nL3: for {}';
  assert.equal(nestingExceeds(labels, 0, labels.length, 2), labels.indexOf('L3'));
  assert.equal(nestingExceeds('x := m[a:b]; y := T{a: 1, b: 2}', 0, 31, 2), -1, 'slices and keys are not label runs');
  const quoted = `s := "{{{{(((("; r := '{'; c := \`[[[[\` // {{{{\n/* (((( */ x := 1`;
  assert.equal(nestingExceeds(quoted, 0, quoted.length, 2), -1);
  assert.equal(nestingExceeds('"unterminated {{{{\n{{{', 0, 22, 2), 21, 'an unterminated string ends at its line');
});

test('a function too long to reason about: its first loops are reported, the rest skipped with a message', () => {
  const loops = '\tfor i := 0; i < len(items); i += s {\n\t\tout = append(out, i)\n\t}\n'.repeat(2000);
  const text = `package p\n\nfunc huge(items []int, s int) []int {\n\tvar out []int\n${loops}\treturn out\n}\n`;
  const { findings, skipped } = analyse(text);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0].reason, new RegExp(`the loops of \`huge\` from line \\d+ on are not analysed: following its values takes more than ${maxEvaluationSteps.toLocaleString('en-US')} steps`));
  assert.ok(findings.length > 0 && findings.length < 4000, `some loops reported (${findings.length})`);
});

test('a binary file named .go (its first 64 KiB), read as Latin-1 and as lenient UTF-8', () => {
  assert.deepEqual(failuresOf(binaryCases(binaryFile(), 64 * 1024)), []);
});

test('invalid UTF-8 decoded leniently, NUL bytes, lone surrogates, CR and CRLF line ends, astral identifiers', () => {
  const rng = new Random(7);
  const base = deepShapes.blocks(3);
  const cases: FuzzCase[] = [];
  for (let i = 0; i < 30; i++) cases.push({ name: `bytes ${i}`, text: mutateBytes(rng, base) }, { name: `text ${i}`, text: mutateText(rng, base) });
  cases.push({ name: 'NULs', text: base.replace(/\n/g, '\n\u0000') }, { name: 'lone surrogates', text: base.replace(/s\b/g, 's\ud800') });
  assert.deepEqual(failuresOf(cases), []);
});

function analyse(text: string): { findings: ReturnType<typeof analyzeFile>; skipped: Skipped[] } {
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const skipped: Skipped[] = [];
    const errors: string[] = [];
    const findings = analyzeFile({ path: 'a.go', text, tree }, packageContextFrom([summarizeFile('a.go', tree)]), {
      onSkipped: (s) => skipped.push(s),
      onRuleError: (rule, e) => errors.push(`${rule}: ${String(e)}`),
    });
    assert.deepEqual(errors, []);
    return { findings, skipped };
  } finally {
    tree.delete();
  }
}
