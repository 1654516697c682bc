// The -m / -m=2 log parser, on a log captured from Go 1.19 and on samples in the shapes later
// compilers print (Go 1.22: same shapes plus zero-copy notes; Go 1.25: small variable-size makes
// that stay on the stack, sizes folded to constants).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { byteColumnToUtf16, convertColumns, explainWhy, mapLogPaths, parseEscapeLog } from '../../server/src/escape/parse';
import type { EscapeFact } from '../../server/src/escape/types';

const fixtures = path.resolve(__dirname, '../../../test/escape/fixtures');
const read = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const cwd = path.resolve('/work/pkg');
const at = (facts: EscapeFact[], line: number, column: number, kind?: string): EscapeFact[] =>
  facts.filter((f) => f.line === line && f.column === column && (!kind || f.kind === kind));

describe('parseEscapeLog: Go 1.19 (captured)', () => {
  const log = parseEscapeLog(read('go1.19-m2.log'), { cwd });
  const main = path.join(cwd, 'main.go');

  it('reads the package header and resolves relative paths against cwd', () => {
    assert.deepEqual(log.packages, ['example.com/esc1']);
    assert.ok(log.facts.every((f) => f.file === main), 'every fact names the absolute file');
    assert.deepEqual(log.errors, []);
  });

  it('finds moved-to-heap with its flow', () => {
    const [t] = at(log.facts, 10, 2, 'moved-to-heap');
    assert.equal(t.name, 't');
    assert.equal(t.message, 'moved to heap: t');
    assert.equal(t.source, 'compiler');
    assert.equal(t.why, 'return');
    assert.deepEqual(t.reasons, [
      { file: main, line: 10, column: 2, text: 'flow: ~r0 = &t:' },
      { file: main, line: 11, column: 9, text: 'from &t (address-of)' },
      { file: main, line: 11, column: 2, text: 'from return &t (return)' },
    ]);
    const [x] = at(log.facts, 32, 2, 'moved-to-heap');
    assert.equal(x.name, 'x');
    assert.equal(x.why, 'captured by a closure');
  });

  it('finds escapes with the allocation reason (non-constant size, too large for stack)', () => {
    const [make] = at(log.facts, 21, 13, 'escapes');
    assert.equal(make.name, 'make([]byte, n)');
    assert.equal(make.why, 'non-constant size');
    const [big] = at(log.facts, 27, 11, 'escapes');
    assert.equal(big.name, 'make([]byte, 100 << 20)');
    assert.equal(big.why, 'too large for stack');
    const literal = at(log.facts, 34, 5, 'escapes');
    assert.equal(literal[0].name, 'func literal');
    // Two values printed at the same position are two facts.
    assert.deepEqual(at(log.facts, 33, 14, 'escapes').map((f) => f.name).sort(), ['"hi"', 'x']);
  });

  it('finds leaking params, with the result they leak to', () => {
    const [x] = at(log.facts, 14, 11, 'leaking-param');
    assert.equal(x.name, 'x');
    assert.equal(x.to, undefined);
    assert.equal(x.why, 'call parameter');
    const [p] = at(log.facts, 18, 9, 'leaking-param');
    assert.equal(p.name, 'p');
    assert.equal(p.to, '~r0');
    assert.equal(p.message, 'leaking param: p to result ~r0 level=0');
  });

  it('finds does-not-escape and drops inlining notes unless asked', () => {
    assert.deepEqual(at(log.facts, 36, 13).map((f) => [f.kind, f.name]), [['does-not-escape', 'make([]int, 10)']]);
    assert.deepEqual(at(log.facts, 38, 9).map((f) => [f.kind, f.name]), [['does-not-escape', '&T{}']]);
    assert.ok(!log.facts.some((f) => f.kind === 'other'));
    const withOther = parseEscapeLog(read('go1.19-m2.log'), { cwd, includeOther: true });
    assert.ok(withOther.facts.some((f) => f.kind === 'other' && f.message === 'inlining call to fmt.Println'));
  });

  it('counts the kinds', () => {
    const count = (kind: string): number => log.facts.filter((f) => f.kind === kind).length;
    assert.equal(count('moved-to-heap'), 3);
    assert.equal(count('escapes'), 7);
    assert.equal(count('leaking-param'), 2);
    assert.equal(count('does-not-escape'), 3);
  });
});

describe('parseEscapeLog: errors', () => {
  it('turns the compile errors of a failed run into structured errors', () => {
    const log = parseEscapeLog(read('go1.19-errors.log'), { cwd, failed: true });
    assert.deepEqual(log.errors, [
      { file: path.join(cwd, 'a.go'), line: 9, column: 9, message: 'undefined: undefinedThing' },
      { file: path.join(cwd, 'b.go'), line: 4, column: 24, message: 'cannot use "str" (untyped string constant) as int value in variable declaration' },
    ]);
    assert.deepEqual(log.facts, []);
  });

  it('keeps go-command lines and continuation lines', () => {
    const text = [
      'go: go.mod requires go >= 1.99 (running go 1.19.8; GOTOOLCHAIN=local)',
      '# example.com/m',
      './m.go:5:9: cannot use x (variable of type int) as string value in return statement',
      './m.go:7:2: too many return values',
      '\thave (number, nil)',
      '\twant ()',
    ].join('\n');
    const log = parseEscapeLog(text, { cwd, failed: true });
    assert.equal(log.errors.length, 3);
    assert.equal(log.errors[0].file, undefined);
    assert.match(log.errors[0].message, /^go: go\.mod requires/);
    assert.equal(log.errors[2].message, 'too many return values\nhave (number, nil)\nwant ()');
  });

  it('does not call informational lines errors when the command succeeded', () => {
    const log = parseEscapeLog('./m.go:3:6: some note a newer compiler prints\n', { cwd });
    assert.deepEqual(log.errors, []);
  });
});

describe('parseEscapeLog: later Go versions', () => {
  it('Go 1.22: leak to a result at level -1, truncated explanations, autogenerated wrappers', () => {
    const log = parseEscapeLog(read('go1.22-m2.log'), { cwd });
    const jobs = path.join(cwd, 'jobs.go');
    const [name] = at(log.facts, 12, 13, 'leaking-param');
    assert.equal(name.to, '~r0');
    assert.equal(name.reasons?.length, 6);
    const [cycle] = at(log.facts, 44, 7, 'moved-to-heap');
    assert.equal(cycle.reasons?.at(-1)?.text, 'warning: truncated explanation due to assignment cycle; see golang.org/issue/35518');
    assert.deepEqual(at(log.facts, 26, 15).map((f) => f.why), ['non-constant size']);
    assert.deepEqual(at(log.facts, 33, 9).map((f) => f.name), ['string(b)']);
    assert.ok(!log.facts.some((f) => f.file !== jobs), 'autogenerated wrappers are not facts');
    assert.ok(!log.facts.some((f) => /zero-copy/.test(f.message)));
    assert.equal(log.facts.filter((f) => f.kind === 'moved-to-heap').length, 3);
  });

  it('Go 1.25: a variable-size make that does not escape stays on the stack', () => {
    const log = parseEscapeLog(read('go1.25-m2.log'), { cwd });
    assert.deepEqual(at(log.facts, 6, 13).map((f) => [f.kind, f.name]), [['does-not-escape', 'make([]byte, n)']]);
    const [grown] = at(log.facts, 12, 13, 'escapes');
    assert.equal(grown.why, 'return');
    assert.deepEqual(at(log.facts, 17, 10).map((f) => [f.kind, f.name]), [['does-not-escape', 'make([]byte, 128)']]);
    assert.equal(at(log.facts, 24, 13, 'escapes')[0].why, 'too large for stack');
    assert.deepEqual(at(log.facts, 28, 27).map((f) => [f.kind, f.name]), [['does-not-escape', 'q']]);
  });
});

describe('parseEscapeLog: Go 1.24+ explanation headers', () => {
  it('reads `escapes to heap in F:`, `leaks to r for F` and `←` flows as the same explanations', () => {
    const text = [
      './d.go:6:2: t escapes to heap in New:',
      './d.go:6:2:   flow: ~r0 ← &t:',
      './d.go:6:2:     from &t (address-of) at ./d.go:7:9',
      './d.go:6:2:     from return &t (return) at ./d.go:7:2',
      './d.go:6:2: moved to heap: t',
      './d.go:10:9: parameter p leaks to ~r0 for Keep with derefs=0:',
      './d.go:10:9:   flow: ~r0 ← p:',
      './d.go:10:9:     from return p (return) at ./d.go:11:2',
      './d.go:10:9: leaking param: p to result ~r0 level=0',
      '',
    ].join('\n');
    const log = parseEscapeLog(text, { cwd });
    const [t] = at(log.facts, 6, 2, 'moved-to-heap');
    assert.equal(t.why, 'return');
    assert.equal(t.reasons?.length, 3);
    const [p] = at(log.facts, 10, 9, 'leaking-param');
    assert.equal(p.to, '~r0');
    assert.equal(p.reasons?.length, 2);
  });
});

describe('overlay paths and columns', () => {
  it('maps overlay backing files back to the real files, in facts and in the raw log', () => {
    const backing = path.resolve('/tmp/overlay-1/0/main.go');
    const real = path.join(cwd, 'main.go');
    const text = `${backing}:10:2: t escapes to heap:\n${backing}:10:2:   flow: ~r0 = &t:\n${backing}:10:2:     from &t (address-of) at ${backing}:11:9\n${backing}:10:2: moved to heap: t\n`;
    const log = parseEscapeLog(text, { cwd, pathMap: new Map([[backing, real]]) });
    assert.equal(log.facts[0].file, real);
    assert.equal(log.facts[0].reasons?.[1].file, real);
    const shown = mapLogPaths(text, new Map([[backing, real]]), cwd);
    assert.ok(!shown.includes(backing));
    assert.ok(shown.startsWith(`.${path.sep}main.go:10:2: t escapes to heap:`));
  });

  it('converts the compiler\'s byte columns to UTF-16 columns', () => {
    assert.equal(byteColumnToUtf16('x := 1', 1), 1);
    assert.equal(byteColumnToUtf16('s := "é"; t := 2', 12), 11); // é is 2 bytes, 1 unit
    assert.equal(byteColumnToUtf16('a := "😀"; b := &T{}', 17), 15); // the emoji is 4 bytes, 2 units
    const file = path.join(cwd, 'u.go');
    const facts: EscapeFact[] = [{ file, line: 2, column: 12, kind: 'moved-to-heap', name: 't', message: 'moved to heap: t', source: 'compiler' }];
    const errors = [{ file, line: 2, column: 12, message: 'x' }];
    convertColumns(facts, errors, () => 'package u\ns := "é"; t := 2\n');
    assert.equal(facts[0].column, 11);
    assert.equal(errors[0].column, 11);
  });

  it('explains why from the flow: the allocation reason first, else the last step that is not plumbing', () => {
    const step = (text: string) => ({ file: 'f', line: 1, column: 1, text });
    assert.equal(explainWhy([step('flow: {heap} = &x:'), step('from x (spill)'), step('from make([]int, n) (non-constant size)')]), 'non-constant size');
    assert.equal(explainWhy([step('from &t (address-of)'), step('from return &t (return)')]), 'return');
    assert.equal(explainWhy([step('from x (spill)')]), undefined);
  });
});
