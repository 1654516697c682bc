// Loops that never end but grow nothing hang; loops that grow are OOM-killed: the lens, the page
// and the hover say which, for a small package and over every fixture and example.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../../server/src/analysis/analyzer';
import { explanationMarkdown, hoverMarkdown, type ExplainContext } from '../../server/src/analysis/explain';
import { outcomeOf } from '../../server/src/analysis/explainHang';
import { chooseGo } from '../../server/src/analysis/runtime/toolchainChoice';
import { checkPackage } from '../../server/src/checkSources';
import type { Analysed } from '../../server/src/features/analysis';
import { lensTitles, provideCodeLenses } from '../../server/src/features/codeLens';
import { explainFunction } from '../../server/src/features/explainFunction';
import { createGoParser } from '../../server/src/parser';
import { defaultSettings } from '../../server/src/settings';
import { everyAnalysed } from './everyHover';
import { spinSource } from './spinSource';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const source = `${spinSource('main')}
func collect(n int, step int) []int {
	var out []int
	for i := 0; i < n; i += step {
		out = append(out, i)
	}
	return out
}

func both(n int, step int) []int {
	var out []int
	for i := 0; i < n; i += step {
		out = append(out, i)
	}
	t := 0
	for j := 0; j < n; j += step {
		t += j
	}
	return out
}
`;

function analysed(text = source): Analysed {
  const [r] = checkPackage(parser, [{ path: '/w/main.go', text }]);
  return { uri: 'file:///w/main.go', version: 1, text, findings: r.findings, pkg: r.pkg };
}
const lineOf = (text: string, s: string): number => text.split('\n').findIndex((l) => l.includes(s));
const ctxOf = (a: Analysed, go = chooseGo({ hasGoMod: true, goLine: '1.26', installed: 'go1.26.0' })): ExplainContext => ({ text: a.text, pkg: a.pkg, memoryLimitBytes: 1024 ** 3, link: (l) => `file:///w/main.go#L${l + 1}`, go });

test('lens titles: "Why this hangs" over a loop that grows nothing, "Why OOM" over one that grows, both over both', () => {
  const a = analysed();
  const titles = (fn: string) => provideCodeLenses(a, undefined, defaultSettings()).filter((l) => l.range.start.line === lineOf(source, `func ${fn}(`)).map((l) => l.command?.title).sort();
  assert.deepEqual(titles('spin'), [lensTitles.hang]);
  assert.deepEqual(titles('collect'), [lensTitles.oom]);
  assert.deepEqual(titles('both'), [lensTitles.oom, lensTitles.hang].sort());
});

test('the page of a spinning loop: it hangs, what runs, what a probe, a deadline and a timeout see, how to find it', () => {
  const a = analysed();
  const page = explainFunction(a, undefined, lineOf(source, 'func spin('), defaultSettings());
  assert.ok(page);
  assert.equal(page.title, 'spin: why this hangs');
  const md = page.markdown;
  for (const expected of [
    /^# Why `spin` hangs instead of crashing/,
    /_Numbers for Go 1\.26's runtime/,
    // The loop's own cause: which value is 0 and where it comes from.
    /`step` comes from `getStep\(\)` \(\[line 7\]\(file:\/\/\/w\/main\.go#L7\)\)/,
    /When it is 0: with `step` = 0, `i \+= step` leaves `i` unchanged, so `i < n` never changes/,
    /`spin` never returns/,
    /one CPU core at 100 %/,
    /Memory stays flat/,
    /since Go 1\.14 the scheduler preempts a goroutine that has run for 10 ms/,
    /\*\*Liveness probe:\*\* an HTTP probe answered by another goroutine keeps passing/,
    /`ctx\.Done\(\)` is closed and `ctx\.Err\(\)` returns `context\.DeadlineExceeded`/,
    /`http\.TimeoutHandler` answers `503 Service Unavailable`/,
    /\/debug\/pprof\/goroutine\?debug=2/,
    /`kill -QUIT <pid>`.*exit with status 2/,
    /\/debug\/pprof\/profile\?seconds=10/,
  ]) assert.match(md, expected);
  for (const absent of [/growslice/, /OOM-killed/, /SIGKILL/, /memory limit of/, /## How append grows/]) assert.doesNotMatch(md, absent);
});

test('before Go 1.14 the page says a loop without calls freezes the process at the next GC', () => {
  const a = analysed();
  const spin = a.findings.filter((f) => f.facts.functionName === 'spin');
  const md = explanationMarkdown('spin', spin, ctxOf(a, chooseGo({ hasGoMod: true, goLine: '1.13', installed: 'go1.13.15' })));
  assert.match(md, /In Go 1\.13 a goroutine is preempted only at function calls/);
  assert.match(md, /the whole process freezes/);
  assert.doesNotMatch(md, /since Go 1\.14 the scheduler preempts/);
});

test('the page of a growing loop is the OOM page, with no hang section; a function with both has both', () => {
  const a = analysed();
  const oom = explainFunction(a, undefined, lineOf(source, 'func collect('), defaultSettings());
  assert.equal(oom?.title, 'collect: why OOM, not stack overflow');
  assert.match(oom?.markdown ?? '', /# Why `collect` is OOM-killed/);
  assert.match(oom?.markdown ?? '', /growslice/);
  assert.doesNotMatch(oom?.markdown ?? '', /hangs instead of crashing|Liveness probe/);
  const both = explainFunction(a, undefined, lineOf(source, 'func both('), defaultSettings());
  assert.equal(both?.title, 'both: why OOM, not stack overflow; why this hangs');
  assert.match(both?.markdown ?? '', /# Why `both` is OOM-killed[\s\S]*# Why `both` hangs instead of crashing/);
  // Each loop is in its own section: the spinning one (line 28) only under "hangs".
  const [oomPart, hangPart] = (both?.markdown ?? '').split('# Why `both` hangs');
  assert.doesNotMatch(oomPart, /\[line 28\]/);
  assert.match(hangPart, /\[line 28\]/);
});

test('the hover of a spinning loop says it hangs, not OOM', () => {
  const a = analysed();
  const loop = a.findings.find((f) => f.facts.functionName === 'spin' && f.rule === 'zero-step-loop') as Finding;
  const md = hoverMarkdown([loop], [], ctxOf(a));
  assert.match(md, /\*\*How it ends:\*\* (if the loop never ends, )?it hangs: the goroutine never returns, one core at 100 %, memory flat — no OOM kill/);
  assert.match(md, /Full explanation: the code lens “Why this hangs” above `spin`/);
  assert.doesNotMatch(md, /growslice|SIGKILL|What grows/);
});

test('multiplying or shifting from 0: the start value is what is 0, not the factor', () => {
  const text = `package main

func grow(n int) int {
	c := 0
	for v := 0; v < n; v *= 2 {
		c++
	}
	for d := 0; d < n; d <<= 1 {
		c++
	}
	return c
}
`;
  const a = analysed(text);
  const said = a.findings.filter((f) => f.rule === 'zero-step-loop').map((f) => hoverMarkdown([f], [], ctxOf(a)));
  assert.equal(said.length, 2, JSON.stringify(a.findings.map((f) => f.rule)));
  assert.match(said[0], /with `v` = 0 at the start, `v \*= 2` leaves it 0, so `v < n` never changes/);
  assert.match(said[1], /with `d` = 0 at the start, `d <<= 1` leaves it 0/);
  for (const s of said) assert.doesNotMatch(s, /with `[12]` = 0/);
});

test('over every fixture and example: a "Why this hangs" lens opens a page without OOM, a "Why OOM" lens one with it', () => {
  let hang = 0;
  let oom = 0;
  for (const a of everyAnalysed(parser)) {
    for (const lens of provideCodeLenses(a, undefined, defaultSettings())) {
      const page = explainFunction(a, undefined, lens.range.start.line, defaultSettings());
      assert.ok(page, `${a.uri}:${lens.range.start.line + 1} opens nothing`);
      const where = `${a.uri}:${lens.range.start.line + 1} "${lens.command?.title}"`;
      if (lens.command?.title === lensTitles.hang) {
        hang++;
        assert.match(page.markdown, /hangs instead of crashing/, where);
        assert.match(page.title, /why this hangs/, where);
      }
      if (lens.command?.title === lensTitles.oom) {
        oom++;
        assert.match(page.markdown, /is OOM-killed, not stopped by a stack overflow/, where);
      }
    }
    // A page's OOM section never lists a loop that grows nothing, and its hang section never one that grows.
    for (const f of a.findings) {
      if (f.rule === 'infinite-recursion' || f.facts.growth) continue;
      const outcome = outcomeOf(f, a.findings);
      const grows = a.findings.some((g) => g.facts.growth && g.facts.growth.loop.start.line === (f.facts.loop ?? f.span).start.line);
      assert.equal(outcome, grows ? 'oom' : 'hang', `${a.uri}:${f.span.start.line + 1}`);
    }
  }
  assert.ok(hang > 10 && oom > 10, `hang lenses ${hang}, OOM lenses ${oom}`);
});

test('a loop that grows stays "Why OOM" when the growth rule is switched off', () => {
  const a = analysed();
  const settings = defaultSettings();
  settings.rules['unbounded-append'] = 'off';
  const fn = lineOf(source, 'func collect(');
  assert.deepEqual(provideCodeLenses(a, undefined, settings).filter((l) => l.range.start.line === fn).map((l) => l.command?.title), [lensTitles.oom]);
  const page = explainFunction(a, undefined, fn, settings);
  assert.equal(page?.title, 'collect: why OOM, not stack overflow');
  assert.match(page?.markdown ?? '', /# Why `collect` is OOM-killed/);
});
