// The value domain and the evaluator: intervals, refinements, provenance.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { createGoParser } from '../../server/src/parser';
import { Evaluator } from '../../server/src/analysis/values/evaluator';
import { funcModel } from '../../server/src/analysis/funcModel';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { arith, exact, join, mayBeZero, range, refine, unknown } from '../../server/src/analysis/values/domain';

describe('intervals', () => {
  test('1 + a byte is never zero; a byte minus 1 may be', () => {
    const b = range(0, 255, 'byte');
    assert.equal(mayBeZero(arith('+', exact(1, ''), b, '')), false);
    assert.equal(mayBeZero(arith('-', b, exact(1, ''), '')), true);
  });
  test('division of a non-negative value may truncate to zero', () => {
    assert.equal(mayBeZero(arith('/', range(0, Infinity, ''), exact(4, ''), '')), true);
    assert.equal(mayBeZero(arith('/', range(8, Infinity, ''), exact(4, ''), '')), false);
  });
  test('x != 0 makes an unbounded value non-zero', () => {
    const v = refine(unknown('p'), '!=', exact(0, ''));
    assert.equal(mayBeZero(v), false);
    assert.equal(mayBeZero(refine(unknown('p'), '>=', exact(1, ''))), false);
    assert.equal(mayBeZero(refine(unknown('p'), '>', exact(-1, ''))), true);
  });
  test('join keeps the reason of the side that can be zero', () => {
    const j = join(exact(1, 'one'), exact(0, 'zero'))!;
    assert.equal(j.why, 'zero');
    assert.equal(mayBeZero(j), true);
  });
});

describe('evaluator', () => {
  let parser: Parser;
  before(async () => { parser = await createGoParser(); });

  /** The value of the identifier `probe` passed to use() in the function's body. */
  function probe(body: string, extra = ''): { lo: number; hi: number; zero: boolean; why: string } {
    const text = `package p\n${extra}\nfunc f(n int, step int, buf []byte, s string) {\n${body}\n}\nfunc use(int) {}\n`;
    const tree = parser.parse(text)!;
    try {
      const pkg = packageContextFrom([summarizeFile('a.go', tree)]);
      const fn = tree.rootNode.descendantsOfType('function_declaration').find((d) => d?.childForFieldName('name')?.text === 'f')!;
      const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c?.childForFieldName('function')?.text === 'use')!;
      const arg = call.childForFieldName('arguments')!.namedChild(0)!;
      const v = new Evaluator(funcModel(fn), pkg).valueAt(arg, call);
      return { lo: v.lo, hi: v.hi, zero: mayBeZero(v), why: v.why };
    } finally {
      tree.delete();
    }
  }

  test('a parameter may be zero, and the reason says so', () => {
    const v = probe('use(step)');
    assert.equal(v.zero, true);
    assert.match(v.why, /parameter/);
  });
  test('a dominating guard that returns rules zero out', () => {
    assert.equal(probe('if step <= 0 { return }\nuse(step)').zero, false);
    assert.equal(probe('if step < 1 { panic("bad") }\nuse(step)').zero, false);
  });
  test('a guard that does not leave keeps zero possible', () => {
    assert.equal(probe('if step <= 0 { println() }\nuse(step)').zero, true);
  });
  test('a clamp joins both paths', () => {
    assert.equal(probe('if step == 0 { step = 1 }\nuse(step)').zero, false);
    assert.equal(probe('if step == 0 { step = 0 }\nuse(step)').zero, true);
  });
  test('constants resolve, including iota and typed constants', () => {
    const v = probe('use(C)', 'type K int\nconst (\n A K = iota\n B\n C\n)');
    assert.deepEqual([v.lo, v.hi], [2, 2]);
  });
  test('a same-package function that always returns 0 is certainly 0', () => {
    const v = probe('x := zero()\nuse(x)', 'func zero() int { return 0 }');
    assert.deepEqual([v.lo, v.hi], [0, 0]);
    assert.match(v.why, /always returns 0/);
  });
  test('a byte read from input plus one is never zero', () => {
    assert.equal(probe('x := 1 + int(buf[0])\nuse(x)').zero, false);
    assert.equal(probe('x := int(buf[0])\nuse(x)').zero, true);
  });
  test('the loop condition holds inside the loop', () => {
    assert.equal(probe('for step > 0 {\nuse(step)\n}').zero, false);
  });
  test('a counter doubled in a loop stays positive (widening keeps the lower bound)', () => {
    assert.equal(probe('k := 1\nfor k < n {\nk *= 2\n}\nuse(k)').zero, false);
  });
  test('max(x, 1) is never zero', () => {
    assert.equal(probe('x := max(step, 1)\nuse(x)').zero, false);
  });
});
