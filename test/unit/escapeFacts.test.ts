// The pure side of escape facts in the editor: relocating a run's facts to the current text,
// placing heap hints, and the words of tooltips, flows and the append note.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Finding } from '../../server/src/analysis/analyzer';
import type { EscapeFact } from '../../server/src/escape/types';
import { cachedHeapHints, heapFactsAt, heapHints, hintsInLines, hintsWithout, lineMapBetween, relocateFacts, TextLines, type EscapeView } from '../../server/src/features/escapeFacts';
import { appendHeapNote, flowMarkdown, heapFactsMarkdown, operand } from '../../server/src/features/escapeMarkdown';
import { createGoParser, type Parser } from '../../server/src/parser';

const fact = (line: number, column: number, kind: EscapeFact['kind'], name: string, extra: Partial<EscapeFact> = {}): EscapeFact => ({
  file: '/p/a.go', line, column, kind, name, source: 'compiler',
  message: kind === 'moved-to-heap' ? `moved to heap: ${name}` : kind === 'escapes' ? `${name} escapes to heap` : `${name} does not escape`,
  ...extra,
});

describe('relocating facts to the current text', () => {
  const old = ['a', 'b', 'c', 'd', 'e'].join('\n');
  test('lines before the edit stay, lines after shift, edited lines are dropped', () => {
    const map = lineMapBetween(old, ['a', 'b', 'X', 'Y', 'd', 'e'].join('\n'));
    assert.deepEqual([0, 1, 2, 3, 4].map(map), [0, 1, undefined, 4, 5]);
  });
  test('identical texts and pure insertions or deletions', () => {
    assert.deepEqual([0, 4].map(lineMapBetween(old, old)), [0, 4]);
    assert.deepEqual([0, 1, 2].map(lineMapBetween(old, ['new', ...old.split('\n')].join('\n'))), [1, 2, 3]);
    assert.deepEqual([0, 1, 2, 3].map(lineMapBetween(old, ['a', 'd', 'e'].join('\n'))), [0, undefined, undefined, 1]);
  });
  test('the same map as comparing the lines from both ends, over random texts and edits', () => {
    // The definition, by splitting both texts (what lineMapBetween computes without splitting).
    const byLines = (oldText: string, newText: string) => {
      const a = oldText.split('\n');
      const b = newText.split('\n');
      const shorter = Math.min(a.length, b.length);
      let prefix = 0;
      while (prefix < shorter && a[prefix] === b[prefix]) prefix++;
      let suffix = 0;
      while (suffix < shorter - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
      return (line: number) => (line < prefix ? line : line >= a.length - suffix && line < a.length ? line + b.length - a.length : undefined);
    };
    let seed = 7; // mulberry32
    const next = (n: number) => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const piece = (n: number) => Array.from({ length: n }, () => 'ab\n\r'[next(4)]).join('');
    for (let k = 0; k < 4000; k++) {
      // Long texts now and then, so that the compares go past a first chunk.
      const oldText = k % 50 === 0 ? piece(next(300_000)) : piece(next(40));
      let newText = oldText;
      for (let e = next(3); e >= 0; e--) {
        const at = next(newText.length + 1);
        newText = newText.slice(0, at) + piece(next(5)) + newText.slice(Math.min(newText.length, at + next(4)));
      }
      const want = byLines(oldText, newText);
      const got = lineMapBetween(k % 2 ? new TextLines(oldText) : oldText, newText);
      const count = oldText.split('\n').length;
      for (let line = 0; line < count; line++) {
        if (got(line) !== want(line)) assert.fail(`${JSON.stringify(oldText.slice(0, 80))} → ${JSON.stringify(newText.slice(0, 80))}: line ${line} maps to ${got(line)}, not ${want(line)}`);
      }
    }
  });
  test('facts and their flow steps in the same file move together', () => {
    const facts = [
      fact(1, 1, 'moved-to-heap', 'x', { reasons: [{ file: '/p/a.go', line: 5, column: 2, text: 'from &x (address-of)' }, { file: '/p/b.go', line: 5, column: 1, text: 'from f(x) (call parameter)' }] }),
      fact(3, 1, 'escapes', 'make([]int, n)'),
      fact(5, 1, 'moved-to-heap', 'y'),
    ];
    const moved = relocateFacts(facts, lineMapBetween(old, ['a', 'b', 'C', 'D', 'new', 'e'].join('\n')));
    assert.deepEqual(moved.map((f) => [f.name, f.line]), [['x', 1], ['y', 6]]);
    assert.deepEqual(moved[0].reasons?.map((r) => r.line), [6, 5], 'the step in a.go moves, the one in b.go does not');
  });
});

describe('heap hints', () => {
  let parser: Parser;
  before(async () => { parser = await createGoParser(); });
  after(() => parser.delete());
  const text = [
    'package p',
    '',
    'func f(n int) (*T, []byte, []T) {',
    '\tcfg := T{A: 1}',
    '\tb := make([]byte, n)',
    '\treturn &cfg, b, []T{',
    '\t\t{A: 2},',
    '\t}',
    '}',
  ].join('\n');

  test('after a variable or a one-line expression; before a literal that spans lines', () => {
    const tree = parser.parse(text)!;
    try {
      const hints = heapHints([
        fact(4, 2, 'moved-to-heap', 'cfg'),
        fact(5, 11, 'escapes', 'make([]byte, n)'),
        fact(5, 11, 'escapes', 'make([]byte, n)'),
        fact(6, 21, 'escapes', '[]T{...}'),
        fact(3, 8, 'does-not-escape', 'n'),
        fact(99, 1, 'escapes', 'stale'),
      ], tree);
      assert.deepEqual(hints.map((h) => [h.position, h.label, h.before]), [
        [{ line: 3, character: 4 }, '⇡heap', false],
        [{ line: 4, character: 21 }, '⇡heap', false],
        [{ line: 5, character: 17 }, '⇡heap', true],
      ]);
      assert.equal(hints[1].facts.length, 1, 'the same message twice is one fact');
      assert.equal(heapFactsAt(hints, { line: 4, character: 8 })?.facts[0].name, 'make([]byte, n)');
      assert.equal(heapFactsAt(hints, { line: 2, character: 0 }), undefined);
      const predicted = heapHints([fact(4, 2, 'moved-to-heap', 'cfg', { source: 'predicted' })], tree);
      assert.equal(predicted[0].label, '⇡heap?');
    } finally {
      tree.delete();
    }
  });

  test('a version\'s hints are made once; a range gets those on its lines; a kind can be left out', () => {
    const tree = parser.parse(text)!;
    try {
      const facts = [fact(4, 2, 'moved-to-heap', 'cfg'), fact(5, 11, 'escapes', 'make([]byte, n)'), fact(6, 21, 'escapes', '[]T{...}'), fact(6, 21, 'moved-to-heap', 'T')];
      const hints = cachedHeapHints(facts, tree, text);
      assert.deepEqual(hints, heapHints(facts, tree));
      assert.equal(cachedHeapHints(facts, tree, text), hints, 'the same facts and tree: the same hints');
      assert.deepEqual(hintsInLines(hints, 4, 5).map((h) => h.position.line), [4, 5]);
      assert.deepEqual(hintsInLines(hints, 0, 2), []);
      assert.deepEqual(hintsInLines(hints, 0, 100), hints);
      const without = hintsWithout(hints, 'escapes');
      assert.deepEqual(without.map((h) => h.facts.map((f) => f.name)), [['cfg'], ['T']]);
      assert.deepEqual(without, heapHints(facts.filter((f) => f.kind !== 'escapes'), tree), 'as if those facts were not there');
    } finally {
      tree.delete();
    }
  });
});

describe('tooltips and flows', () => {
  const link = (file: string, line: number): string => `file://${file}#L${line}`;
  test('flow operands in words', () => {
    assert.equal(operand('{heap}'), '**the heap**');
    assert.equal(operand('~r0'), 'the result');
    assert.equal(operand('~r1'), 'result 2');
    assert.equal(operand('~R0'), 'an inlined call\'s result');
    assert.equal(operand('.autotmp_3'), 'a temporary');
    assert.equal(operand('&{storage for make([]int, n)}'), 'a pointer to `make([]int, n)`');
    assert.equal(operand('&t'), '`&t`');
  });
  test('the flow as numbered steps with linked sub-steps', () => {
    assert.deepEqual(flowMarkdown([
      { file: '/p/a.go', line: 7, column: 2, text: 'flow: ~r0 = &t:' },
      { file: '/p/a.go', line: 8, column: 9, text: 'from &t (address-of)' },
      { file: '/p/a.go', line: 8, column: 2, text: 'from return &t (return)' },
    ], link), [
      '1. the result ← `&t`',
      '   - `&t` — address-of · [a.go:8](file:///p/a.go#L8)',
      '   - `return &t` — return · [a.go:8](file:///p/a.go#L8)',
    ]);
  });
  test('compiler and predicted tooltips', () => {
    const compiler = heapFactsMarkdown([fact(7, 2, 'moved-to-heap', 't', { why: 'return' })], { source: 'compiler' }, link);
    assert.match(compiler, /^\*\*⇡heap\*\* `moved to heap: t` — Go compiler/);
    assert.match(compiler, /\*\*Why:\*\* it is returned, so it outlives the call \(`return`\)\./);
    assert.doesNotMatch(compiler, /predicted/i);
    const predicted = heapFactsMarkdown([fact(7, 2, 'moved-to-heap', 't', { why: 'passed to fmt.Println', source: 'predicted' })], { source: 'predicted', predictedBecause: 'the workspace is not trusted' }, link);
    assert.match(predicted, /^\*\*⇡heap\?\*\* predicted: `moved to heap: t`/);
    assert.match(predicted, /\*\*Why:\*\* passed to fmt\.Println\./);
    assert.match(predicted, /_Predicted from the source because the workspace is not trusted; the Go compiler may decide otherwise\._/);
  });
});

describe('where an appended-to slice lives', () => {
  const text = [
    'package p',
    'func h(n int) {',
    '\tdemos := make([]Demo, 0, n)',
    '\tfor {',
    '\t\tdemos = append(demos, newDemo())',
    '\t}',
    '}',
  ].join('\n');
  const span = (a: number, b: number, endChar = 0) => ({ start: { line: a, character: 0 }, end: { line: b, character: endChar } });
  const finding = { rule: 'unbounded-append', span: span(4, 4, 34), facts: { functionSpan: span(1, 6), growth: { target: 'demos', kind: 'append', loop: span(3, 5) } } } as unknown as Finding;
  const view = (facts: EscapeFact[], source: EscapeView['source'] = 'compiler'): EscapeView => ({ uri: 'file:///p/a.go', source, facts });

  test('from the compiler: the first array and what each iteration allocates', () => {
    const note = appendHeapNote(finding, view([
      fact(3, 15, 'escapes', 'make([]Demo, 0, n)', { why: 'non-constant size' }),
      fact(5, 32, 'escapes', 'make([]byte, 0, 4096)', { why: 'call parameter' }),
    ]), text);
    assert.equal(note, '`demos`\' backing array: heap (compiler: the first array, `make([]Demo, 0, n)`, escapes to heap (non-constant size); each iteration also allocates `make([]byte, 0, 4096)` on the heap (call parameter))');
    const stack = appendHeapNote(finding, view([fact(3, 15, 'does-not-escape', 'make([]Demo, 0, n)')]), text);
    assert.match(stack ?? '', /the first array, `make\(\[\]Demo, 0, n\)`, does not escape, but every larger one append allocates is on the heap/);
    const silent = appendHeapNote(finding, view([fact(2, 8, 'does-not-escape', 'n')]), text);
    assert.match(silent ?? '', /compiler: append's larger arrays come from runtime\.growslice, always on the heap\)$/);
  });
  test('predicted, and nothing without facts or for other growth', () => {
    const predicted = appendHeapNote(finding, view([fact(5, 17, 'append-growth', 'demos', { why: 'append in a loop', source: 'predicted' })], 'predicted'), text);
    assert.equal(predicted, '`demos`\' backing array: heap (predicted: append in a loop)');
    assert.equal(appendHeapNote(finding, view([]), text), undefined);
    const mapGrowth = { ...finding, facts: { ...finding.facts, growth: { target: 'm', kind: 'map-insert', loop: span(3, 5) } } } as unknown as Finding;
    assert.equal(appendHeapNote(mapGrowth, view([fact(3, 15, 'escapes', 'x')]), text), undefined);
  });
});
