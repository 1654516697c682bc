// The -m / -m=2 log parser on hand-written lines: errors, go-command lines, overlay paths, columns.
// The logs real compilers printed for the fixture packages are read by parseLogs.test.ts.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { byteColumnToUtf16, convertColumns, explainWhy, mapLogPaths, parseEscapeLog } from '../../server/src/escape/parse';
import type { EscapeFact } from '../../server/src/escape/types';

const cwd = path.resolve('/work/pkg');

describe('parseEscapeLog: errors', () => {
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
