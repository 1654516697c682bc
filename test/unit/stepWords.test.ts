// The words of zero-step and stuck-loop messages for every kind of update: what is 0 is the step
// for `+=`, `-=`, `t = t.Add(d)` and `s = s[n:]`, but the START value for `*=`, `<<=` and doubling
// (never "with `2` = 0" or "a step of 0" for `d *= 2`).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../../server/src/analysis/analyzer';
import { checkPackage } from '../../server/src/checkSources';
import { decisiveCause, withoutTail } from '../../server/src/analysis/words';
import { createGoParser } from '../../server/src/parser';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

/** The findings of one function body in a package with `time` imported. */
function findings(body: string): Finding[] {
  const text = `package p\n\nimport "time"\n\nvar _ = time.Second\n\nfunc sink(int) {}\n\n${body}\n`;
  return checkPackage(parser, [{ path: 'p.go', text }])[0].findings;
}

function messageOf(body: string, rule = 'zero-step-loop'): string {
  const fs = findings(body);
  const f = fs.find((x) => x.rule === rule);
  assert.ok(f, `no ${rule} finding; got: ${fs.map((x) => `${x.rule}: ${x.message}`).join(' | ') || 'none'}`);
  return f.message;
}

/** One function each, and the message its finding must have (a string exactly, or a pattern). */
const cases: Array<{ name: string; body: string; rule?: string; want: string | RegExp }> = [
  { name: '+=: the step is what can be 0, and the message says where it comes from', body: 'func f(n, step int) {\n\tfor i := 0; i < n; i += step {\n\t\tsink(i)\n\t}\n}', want: 'This loop may never end: `i` advances by `step`, which can be 0 (`step` is a parameter).' },
  { name: '-=: the step moves the variable back', body: 'func f(n, s int) {\n\tfor i := n; i > 0; i -= s {\n\t\tsink(i)\n\t}\n}', want: 'This loop may never end: `i` moves back by `s`, which can be 0 (`s` is a parameter).' },
  { name: '+= from a local call: the cause names the call and its line', body: 'var size int\n\nfunc getInterval() int { return size / 2 }\n\nfunc f(n int) {\n\tinterval := getInterval()\n\tfor i := 0; i < n; i += interval {\n\t\tsink(i)\n\t}\n}', want: 'This loop may never end: `i` advances by `interval`, which can be 0 (from `getInterval()`, line 14).' },
  { name: '*= from 0: the start is 0, not the factor', body: 'func f(n int) {\n\tfor i := 0; i < n; i *= 2 {\n\t\tsink(i)\n\t}\n}', want: 'This loop never ends: `i` starts at 0 (line 10), and `i *= 2` keeps it 0.' },
  { name: '*= from a start that can be 0: says the start can be 0', body: 'func f(lo, n, k int) {\n\tfor v := lo; v < n; v *= k {\n\t\tsink(v)\n\t}\n}', want: 'This loop may never end: `v` can start at 0 (`lo` is a parameter), and `v *= k` keeps it 0.' },
  { name: '*= by a factor that can be 1 (or 0): the factor stops changing the variable', body: 'func f(n, k int) {\n\tfor v := 1; v < n; v *= k {\n\t\tsink(v)\n\t}\n}', want: 'This loop may never end: `v *= k` stops changing `v` when `k` is 0 or 1 (`k` is a parameter).' },
  { name: '*= 1: leaves the variable unchanged', body: 'func f(n int) {\n\tfor v := 1; v < n; v *= 1 {\n\t\tsink(v)\n\t}\n}', want: 'This loop never ends: `v *= 1` leaves `v` unchanged.' },
  { name: '<<= from 0: the start is 0, not the shift', body: 'func f(n int) {\n\tfor v := 0; v < n; v <<= 1 {\n\t\tsink(v)\n\t}\n}', want: 'This loop never ends: `v` starts at 0 (line 10), and `v <<= 1` keeps it 0.' },
  { name: '<<= from a start that can be 0', body: 'func f(base, n int) {\n\tfor d := base; d < n; d <<= 1 {\n\t\tsink(d)\n\t}\n}', want: 'This loop may never end: `d` can start at 0 (`base` is a parameter), and `d <<= 1` keeps it 0.' },
  { name: '<<= by a shift that can be 0', body: 'func f(n, k int) {\n\tfor v := 1; v < n; v <<= k {\n\t\tsink(v)\n\t}\n}', want: 'This loop may never end: `v <<= k` stops changing `v` when `k` is 0 (`k` is a parameter).' },
  { name: 'v = v * k is worded like *=', body: 'func f(n int) {\n\tfor v := 0; v < n; v = v * 3 {\n\t\tsink(v)\n\t}\n}', want: 'This loop never ends: `v` starts at 0 (line 10), and `v = v * 3` keeps it 0.' },
  { name: 'doubling in a for {} from a start that can be 0: the start, not the factor', body: 'func f(start, need int) int {\n\tc := start\n\tfor {\n\t\tc *= 2\n\t\tif c >= need {\n\t\t\tbreak\n\t\t}\n\t}\n\treturn c\n}', want: /^This loop may never end: `c` can start at 0 \(.*\), and `c \*= 2` keeps it 0\.$/ },
  { name: 't = t.Add(d): the duration is what can be 0', body: 'func f(t, end time.Time, d time.Duration) {\n\tfor ; t.Before(end); t = t.Add(d) {\n\t\tsink(0)\n\t}\n}', want: 'This loop may never end: `t` advances by `d`, which can be 0 (`d` is a parameter).' },
  { name: 's = s[n:]: the slice shrinks by an amount that can be 0', body: 'func consumed([]byte) int\n\nfunc f(data []byte) {\n\tfor len(data) > 0 {\n\t\tn := consumed(data)\n\t\tdata = data[n:]\n\t}\n}', want: /^This loop may never end: `data` shrinks by `n`, which can be 0 \(from `consumed\(data\)`, line \d+\)\.$/ },
  { name: '++ of the wrong variable: the post statement is named, not a step', body: 'func f(n, cols int) {\n\tfor i := 0; i < n; i++ {\n\t\tfor j := 0; j < cols; i++ {\n\t\t\tsink(j)\n\t\t}\n\t}\n}', want: 'This loop never ends once entered: nothing in it changes `j` or `cols`, and nothing leaves it. Its post statement updates `i` instead: did you mean `j`?', rule: 'non-progressing-loop' },
];

for (const c of cases) {
  test(c.name, () => {
    const m = messageOf(c.body, c.rule);
    if (typeof c.want === 'string') assert.equal(m, c.want);
    else assert.match(m, c.want);
    // Never the old words that called a factor or a shift the step.
    assert.doesNotMatch(m, /step of 0|with `\d+` = 0|`\d+`, which (is always|can be) 0/i);
  });
}

test('/= and >>= progress towards 0 and are not reported as zero steps', () => {
  const fs = findings('func f(n int) {\n\tfor i := n; i > 0; i /= 2 {\n\t\tsink(i)\n\t}\n\tfor j := n; j > 0; j >>= 1 {\n\t\tsink(j)\n\t}\n}');
  assert.deepEqual(fs.map((x) => x.rule), []);
});

test('the explanation facts carry the stuck update in one sentence, with its whole cause', () => {
  const f = findings('func f(n int) {\n\tfor i := 0; i < n; i *= 2 {\n\t\tsink(i)\n\t}\n}').find((x) => x.rule === 'zero-step-loop')!;
  assert.equal(f.facts.stuck, '`i` starts at 0 (line 10), and `i *= 2` keeps it 0.');
});

test('decisiveCause keeps the root of a chain and says "from" for the subject', () => {
  assert.equal(decisiveCause('`interval` comes from `getInterval()` (line 46) and nothing rules out 0', 'interval'), 'from `getInterval()`, line 46');
  assert.equal(decisiveCause('`step` comes from `n` (line 70); `n` comes from `strconv.Atoi(s)` (line 66); `strconv.Atoi(s)` decodes a number from the input, which can be 0', 'step'),
    '`strconv.Atoi(s)` decodes a number from the input');
  assert.equal(decisiveCause('`i` is set to 0 (line 5)', 'i'), 'line 5');
  assert.equal(decisiveCause('`zeroStep` is the constant 0 (consts.go:7)', 'zeroStep'), 'a constant, consts.go:7');
  assert.equal(decisiveCause('`a; b` is odd (x; y)'), '`a; b` is odd (x; y)');
  assert.equal(withoutTail('`d` is a difference and can be 0 (`h` is a parameter (really))'), '`d` is a difference and can be 0');
});
