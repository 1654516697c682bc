// Unit tests of the fixture harness itself: a harness that cannot fail proves nothing.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Severity } from '../../server/src/analysis/analyzer';
import { compareFindings, parseWants } from './want';

const rules = new Set(['zero-step-loop', 'unbounded-append']);

function finding(line: number, rule: string, severity: Severity, message = 'msg'): Finding {
  const pos = { line, character: 1 };
  return { rule, severity, message, span: { start: pos, end: pos }, related: [], fixes: [], facts: {} };
}

test('parseWants reads several wants on one line, with and without severity', () => {
  const src = 'package p\n\nfunc f() {\n\tx = append(x, 1) // want "unbounded-append:warning" "zero-step-loop"\n}\n';
  assert.deepEqual(parseWants('a.go', src, rules), [
    { line: 3, rule: 'unbounded-append', severity: 'warning', text: 'unbounded-append:warning' },
    { line: 3, rule: 'zero-step-loop', severity: undefined, text: 'zero-step-loop' },
  ]);
});

test('parseWants ignores ordinary comments, including words that start with want', () => {
  assert.deepEqual(parseWants('a.go', '// wanted: nothing\n// we want nothing here? no: see below\nvar x int\n', rules).length, 0);
});

test('parseWants rejects malformed wants', () => {
  assert.throws(() => parseWants('a.go', 'x // want\n', rules), /a\.go:1: malformed want comment/);
  assert.throws(() => parseWants('a.go', 'x // want zero-step-loop\n', rules), /malformed want comment/);
  assert.throws(() => parseWants('a.go', 'x // want "zero-step-loop" trailing\n', rules), /malformed want comment/);
  assert.throws(() => parseWants('a.go', '\nx // want "zero-step-lop"\n', rules), /a\.go:2: want names unknown rule "zero-step-lop"/);
  assert.throws(() => parseWants('a.go', 'x // want "zero-step-loop:fatal"\n', rules), /unknown severity "fatal"/);
  assert.throws(() => parseWants('a.go', 'x // want "zero-step-loop:error:x"\n', rules), /malformed want/);
});

test('compareFindings accepts exactly matching findings', () => {
  const wants = parseWants('a.go', 'a\nb // want "zero-step-loop:error" "unbounded-append"\n', rules);
  assert.deepEqual(compareFindings('a.go', wants, [finding(1, 'unbounded-append', 'warning'), finding(1, 'zero-step-loop', 'error')]), []);
});

test('compareFindings reports unexpected findings and unmatched wants, 1-based', () => {
  const wants = parseWants('loops.go', 'a\nb // want "unbounded-append"\n', rules);
  assert.deepEqual(compareFindings('loops.go', wants, [finding(0, 'zero-step-loop', 'warning', 'step may be 0')]), [
    'loops.go:1: unexpected zero-step-loop:warning: step may be 0',
    'loops.go:2: no finding matched want "unbounded-append"',
  ]);
});

test('compareFindings fails on a severity mismatch and on a finding on the wrong line', () => {
  const wants = parseWants('a.go', 'a // want "zero-step-loop:error"\n', rules);
  const bad = compareFindings('a.go', wants, [finding(0, 'zero-step-loop', 'warning')]);
  assert.equal(bad.length, 2);
  assert.match(bad[0], /unexpected zero-step-loop:warning/);
  assert.match(bad[1], /no finding matched want "zero-step-loop:error" \(found on this line: zero-step-loop:warning\)/);
  assert.equal(compareFindings('a.go', wants, [finding(1, 'zero-step-loop', 'error')]).length, 2);
});

test('compareFindings counts: one want matches one finding', () => {
  const wants = parseWants('a.go', 'a // want "zero-step-loop"\n', rules);
  const twice = compareFindings('a.go', wants, [finding(0, 'zero-step-loop', 'error'), finding(0, 'zero-step-loop', 'error')]);
  assert.deepEqual(twice, ['a.go:1: unexpected zero-step-loop:error: msg']);
});

test('compareFindings gives strict wants first pick of the findings', () => {
  // Findings in an order where greedy matching would let the loose want take the error.
  const wants = parseWants('a.go', 'a // want "zero-step-loop" "zero-step-loop:error"\n', rules);
  assert.deepEqual(compareFindings('a.go', wants, [finding(0, 'zero-step-loop', 'error'), finding(0, 'zero-step-loop', 'warning')]), []);
});
