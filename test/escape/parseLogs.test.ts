// The -m=2 logs real compilers printed for the fixture packages (test/escape/fixtures/<pkg>/, recorded
// by record.mjs with Go 1.26 and Go 1.19): the parser must read the facts, reasons and flows of both,
// in Go 1.19's shapes (`x escapes to heap:`, `flow: a = b:`) and Go 1.24+'s (`… in F:`, `flow: a ← b:`).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseEscapeLog, type ParsedLog } from '../../server/src/escape/parse';
import type { EscapeFact } from '../../server/src/escape/types';

const fixtures = path.resolve(__dirname, '../../../test/escape/fixtures');
const VERSIONS = ['go1.19', 'go1.26'] as const;
type Version = (typeof VERSIONS)[number];

function load(pkg: string, version: Version, failed = false): { log: ParsedLog; dir: string } {
  const dir = path.join(fixtures, pkg);
  return { log: parseEscapeLog(fs.readFileSync(path.join(dir, `${version}-m2.log`), 'utf8'), { cwd: dir, failed }), dir };
}

/** `line:column kind name (why)` of the facts in the package's own files, heap kinds and leaks only. */
function summary(log: ParsedLog, dir: string): string[] {
  return log.facts.filter((f) => path.dirname(f.file) === dir && f.kind !== 'does-not-escape')
    .map((f) => `${f.line}:${f.column} ${f.kind} ${f.name}${f.to ? ` →${f.to}` : ''}${f.why ? ` (${f.why})` : ''}`);
}

const at = (facts: EscapeFact[], line: number, column: number, kind: string, name?: string): EscapeFact => {
  const found = facts.filter((f) => f.line === line && f.column === column && f.kind === kind && (!name || f.name === name));
  assert.equal(found.length, 1, `one ${kind} fact at ${line}:${column}`);
  return found[0];
};

/** The flow arrow each version prints: `=` up to Go 1.23, `←` from Go 1.24. */
const arrow = (v: Version): string => (v === 'go1.19' ? '=' : '←');

describe('real logs: example.com/esc1 (address returned, closure capture, fmt, sizes)', () => {
  const expected: Record<Version, string[]> = {
    'go1.19': [
      '10:2 moved-to-heap t (return)', '14:11 leaking-param x (call parameter)', '18:9 leaking-param p →~r0 (return)',
      '21:13 escapes make([]byte, n) (non-constant size)', '27:11 escapes make([]byte, 100 << 20) (too large for stack)',
      '32:2 moved-to-heap x (captured by a closure)', '35:11 moved-to-heap t (call parameter)',
      '33:14 escapes "hi" (call parameter)', '33:14 escapes x (call parameter)', '34:5 escapes func literal',
      '39:8 escapes make([]byte, n) (non-constant size)', '40:5 escapes make([]byte, 100 << 20) (too large for stack)',
    ],
    'go1.26': [
      '10:2 moved-to-heap t (return)', '14:11 leaking-param x (call parameter)', '15:17 escapes append', '18:9 leaking-param p →~r0 (return)',
      '21:13 escapes make([]byte, n) (return)', '25:6 moved-to-heap b (too large for stack)', '27:11 escapes make([]byte, 104857600) (too large for stack)',
      '32:2 moved-to-heap x (captured by a closure)', '35:11 moved-to-heap t (call parameter)', '40:5 moved-to-heap b (too large for stack)',
      '33:14 escapes "hi" (call parameter)', '33:20 escapes x (call parameter)', '34:5 escapes func literal', '35:6 escapes append',
      '40:5 escapes make([]byte, 104857600) (too large for stack)',
    ],
  };
  for (const v of VERSIONS) {
    it(`${v}: every fact, with its cause`, () => {
      const { log, dir } = load('esc1', v);
      assert.deepEqual(log.packages, ['example.com/esc1']);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(summary(log, dir), expected[v]);
      assert.ok(log.facts.every((f) => f.file === path.join(dir, 'main.go')), 'relative paths are resolved against cwd');
      const notOnHeap = log.facts.filter((f) => f.kind === 'does-not-escape').map((f) => `${f.line}:${f.column} ${f.name}`);
      assert.deepEqual(notOnHeap, ['33:13 ... argument', '36:13 make([]int, 10)', '38:9 &T{}', ...(v === 'go1.26' ? ['39:8 make([]byte, 3)'] : [])]);
    });

    it(`${v}: the flow of a returned address, step by step`, () => {
      const { log, dir } = load('esc1', v);
      const main = path.join(dir, 'main.go');
      assert.deepEqual(at(log.facts, 10, 2, 'moved-to-heap').reasons, [
        { file: main, line: 10, column: 2, text: `flow: ~r0 ${arrow(v)} &t:` },
        { file: main, line: 11, column: 9, text: 'from &t (address-of)' },
        { file: main, line: 11, column: 2, text: 'from return &t (return)' },
      ]);
      // The inlined newT's t reaches the heap through keep's parameter: three flows.
      const inlined = at(log.facts, 35, 11, 'moved-to-heap');
      assert.deepEqual(inlined.reasons?.filter((r) => r.text.startsWith('flow:')).map((r) => r.text), [
        `flow: ~${v === 'go1.19' ? 'R' : 'r'}0 ${arrow(v)} &t:`, `flow: x ${arrow(v)} ~${v === 'go1.19' ? 'R' : 'r'}0:`, `flow: {heap} ${arrow(v)} x:`,
      ]);
      assert.deepEqual(at(log.facts, 33, 14, 'escapes', '"hi"').reasons?.at(-1), { file: main, line: 33, column: 13, text: `from fmt.Fprintln(${v === 'go1.19' ? 'io.Writer(os.Stdout)' : 'os.Stdout'}, fmt.a...) (call parameter)` });
    });
  }

  it('go1.26: `append escapes to heap` gets the explanation printed for `append(global, x)`', () => {
    const { log, dir } = load('esc1', 'go1.26');
    assert.deepEqual(at(log.facts, 15, 17, 'escapes').reasons?.map((r) => r.text), [
      'flow: {heap} ← &{storage for append(global, x)}:', 'from append(global, x) (spill)', 'from global = append(global, x) (assign)',
    ]);
    assert.equal(at(log.facts, 15, 17, 'escapes').reasons?.[2].file, path.join(dir, 'main.go'));
  });

  it('keeps inlining notes only when asked', () => {
    for (const v of VERSIONS) {
      const { dir } = load('esc1', v);
      const text = fs.readFileSync(path.join(dir, `${v}-m2.log`), 'utf8');
      const other = parseEscapeLog(text, { cwd: dir, includeOther: true }).facts.filter((f) => f.kind === 'other').map((f) => f.message);
      assert.ok(other.includes('inlining call to fmt.Println'), v);
      assert.ok(other.some((m) => m.startsWith('main capturing by ref: x')), v);
    }
  });
});

describe('real logs: example.com/jobs (leaks, goroutines, ranges, conversions, cycles)', () => {
  const expected: Record<Version, string[]> = {
    'go1.19': [
      '13:13 leaking-param name', '14:2 moved-to-heap j (return)', '18:15 leaking-param names (captured by a closure)', '19:6 moved-to-heap i (captured by a closure)',
      '20:6 escapes func literal', '20:55 escapes (~R0).Name (call parameter)', '24:10 leaking-param-content jobs (call parameter)',
      '25:13 escapes make([]string, 0, len(jobs)) (non-constant size)', '31:27 escapes j.Name (call parameter)',
      '36:41 escapes string(b) (return)', '36:41 escapes string(b)', '43:6 moved-to-heap a (return)', '43:9 moved-to-heap b',
    ],
    'go1.26': [
      '13:13 leaking-param name', '14:2 moved-to-heap j (return)', '18:15 leaking-param names (captured by a closure)', '19:6 moved-to-heap i (captured by a closure)',
      '20:6 escapes func literal', '20:55 escapes (~r0).Name (call parameter)', '24:10 leaking-param-content jobs (call parameter)',
      '25:13 escapes make([]string, 0, len(jobs)) (return)', '30:15 escapes append (return)', '31:27 escapes j.Name (call parameter)',
      '36:41 escapes string(b) (return)', '36:42 escapes string(b)', '43:6 moved-to-heap a (return)', '43:9 moved-to-heap b',
    ],
  };
  for (const v of VERSIONS) {
    it(`${v}: every fact, with its cause`, () => {
      const { log, dir } = load('jobs', v);
      assert.deepEqual(summary(log, dir), expected[v]);
    });

    it(`${v}: leak blocks are chosen by their target; twins at one position keep their own block`, () => {
      const { log, dir } = load('jobs', v);
      const jobs = path.join(dir, 'jobs.go');
      // `parameter jobs leaks to {heap}` and `… to {storage for j.Name}`: the content leak is the {heap} one.
      assert.deepEqual(at(log.facts, 24, 10, 'leaking-param-content').reasons?.map((r) => r.text), [
        `flow: {temp} ${arrow(v)} jobs:`, `flow: j ${arrow(v)} *{temp}:`, 'from for loop (range-deref)', `flow: {heap} ${arrow(v)} *j:`, 'from j.Name (dot of pointer)', 'from append(out, j.Name) (call parameter)',
      ]);
      // No block of `names` goes to {heap} (both go to storage that escapes): all of them explain it.
      const names = at(log.facts, 18, 15, 'leaking-param');
      assert.equal(names.reasons?.filter((r) => r.text.startsWith('flow:')).length, 5);
      assert.equal(names.reasons?.at(-1)?.text, 'from names (captured by a closure)');
      const strings = log.facts.filter((f) => f.line === 36 && f.name === 'string(b)');
      assert.deepEqual(strings.map((f) => f.reasons?.length), [3, 3]);
      assert.deepEqual(strings.map((f) => f.reasons?.at(-1)?.text), ['from return string(b) (return)', 'from string(b) (interface-converted)']);
      assert.ok(strings.every((f) => f.reasons?.every((r) => r.file === jobs)));
    });

    it(`${v}: a store through a field reaches the heap through the returned variable`, () => {
      const { log } = load('jobs', v);
      assert.deepEqual(at(log.facts, 43, 9, 'moved-to-heap').reasons?.map((r) => r.text), [`flow: a ${arrow(v)} &b:`, 'from &b (address-of)', 'from a.next = &b (assign)']);
    });
  }

  it('go1.26: lines about generic code instantiated from GOROOT keep their absolute paths; autogenerated wrappers are dropped', () => {
    const dir = path.join(fixtures, 'jobs');
    const text = fs.readFileSync(path.join(dir, 'go1.26-m2.log'), 'utf8');
    const log = parseEscapeLog(text, { cwd: dir, includeOther: true, failed: true });
    const outside = log.facts.filter((f) => path.dirname(f.file) !== dir);
    assert.ok(outside.length > 0 && outside.every((f) => f.kind === 'other' && f.file.endsWith(path.join('sync', 'atomic', 'type.go'))));
    // `parameter atomic.x leaks to {heap} for (*Pointer[go.shape.struct { … }]).Swap with derefs=0:` is a header.
    assert.ok(!log.facts.some((f) => f.message.startsWith('parameter ')), 'leak headers whose function name has braces are headers');
    assert.ok(!log.facts.some((f) => f.file === '<autogenerated>'));
    assert.deepEqual(log.errors, []);
  });
});

describe('real logs: example.com/buffers (sizes, results, interfaces)', () => {
  const expected: Record<Version, string[]> = {
    'go1.19': [
      '4:13 escapes make([]byte, n) (non-constant size)', '12:13 escapes make([]byte, n) (non-constant size)', '17:10 escapes make([]byte, size) (non-constant size)',
      '20:33 escapes make([]byte, n) (non-constant size)', '23:11 escapes make([]byte, 1 << 20) (too large for stack)', '27:11 leaking-param p →~r0 (return)', '32:2 escapes v',
    ],
    // Go 1.25+: small variable-size makes get a stack buffer, constant locals are folded into sizes.
    'go1.26': [
      '12:13 escapes make([]byte, n) (return)', '23:11 escapes make([]byte, 1048576) (too large for stack)', '27:11 leaking-param p →~r0 (return)', '32:9 escapes v',
    ],
  };
  for (const v of VERSIONS) {
    it(`${v}: every fact, with its cause`, () => {
      const { log, dir } = load('buffers', v);
      assert.deepEqual(summary(log, dir), expected[v]);
      const stack = log.facts.filter((f) => f.kind === 'does-not-escape').map((f) => `${f.line}:${f.column} ${f.name}`);
      assert.deepEqual(stack, [...(v === 'go1.26' ? ['4:13 make([]byte, n)', '17:10 make([]byte, 128)', '20:33 make([]byte, 16)'] : []), '27:14 q', '35:11 xs', '37:32 ... argument']);
      assert.deepEqual(at(log.facts, 32, v === 'go1.19' ? 2 : 9, 'escapes').reasons?.map((r) => r.text), [`flow: {heap} ${arrow(v)} &{storage for v}:`, 'from v (spill)', 'from sink = v (assign)']);
    });
  }
});

describe('real logs: example.com/broken (compile errors)', () => {
  for (const v of VERSIONS) {
    it(`${v}: a failed run's errors are structured, with no facts`, () => {
      const { log, dir } = load('broken', v, true);
      assert.deepEqual(log.errors, [
        { file: path.join(dir, 'a.go'), line: 9, column: 13, message: 'undefined: undefinedThing' },
        { file: path.join(dir, 'b.go'), line: 4, column: 14, message: 'cannot use "str" (untyped string constant) as int value in variable declaration' },
      ]);
      assert.deepEqual(log.facts, []);
    });
  }
});
