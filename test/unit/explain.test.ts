// Explanations built from real analysis results: the hover, the code lens document, the chart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../../server/src/analysis/analyzer';
import { analyzeFile } from '../../server/src/analysis/driver';
import { estimateGrowth, explanationMarkdown, hoverMarkdown, type ExplainContext } from '../../server/src/analysis/explain';
import { heapChartSvg } from '../../server/src/analysis/explainChart';
import { simulateAppend } from '../../server/src/analysis/growth';
import { packageContextFrom, summarizeFile, type PackageContext } from '../../server/src/analysis/values/summaries';
import { chooseGo } from '../../server/src/analysis/runtime/toolchainChoice';
import { createGoParser } from '../../server/src/parser';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const incident = `package main

import "time"

type Demo struct {
	ItemID  string
	Created time.Time
	Frames  []byte
}

func getInterval() int { return 0 }

func handler(items []string) []Demo {
	interval := getInterval()
	var demos []Demo
	for i := 0; i < len(items); i += interval {
		demos = append(demos, Demo{ItemID: items[i]})
	}
	return demos
}
`;

const recursion = `package main

import "fmt"

type Money struct{ Cents int64 }

func (m Money) String() string {
	return fmt.Sprintf("%v", m)
}

func depth(n int) int {
	return depth(n+1) + 1
}
`;

function analyse(text: string): { findings: Finding[]; ctx: ExplainContext } {
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const pkg: PackageContext = packageContextFrom([summarizeFile('main.go', tree)]);
    const findings = analyzeFile({ path: 'main.go', text, tree }, pkg);
    return { findings, ctx: { text, pkg, memoryLimitBytes: 1024 ** 3, link: (line) => `file:///main.go#L${line + 1}` } };
  } finally {
    tree.delete();
  }
}

test('the hover on the incident loop says where the zero comes from, what it does and what grows', () => {
  const { findings, ctx } = analyse(incident);
  const loop = findings.find((f) => f.rule === 'zero-step-loop');
  const grow = findings.find((f) => f.rule === 'unbounded-append');
  assert.ok(loop && grow, JSON.stringify(findings.map((f) => f.rule)));
  // A client that shows no diagnostic gets the message once and where the value comes from, linked.
  const md = hoverMarkdown([loop], [grow], ctx, { withMessage: true });
  assert.match(md, /getInterval/);
  assert.match(md, /`interval` comes from `getInterval\(\)` \(\[line 14\]\(file:\/\/\/main\.go#L14\)\)/);
  // Where the diagnostic (and its related location) is shown above, the hover does not say it again.
  assert.doesNotMatch(hoverMarkdown([loop], [grow], ctx), /getInterval/);
  assert.match(md, /with `interval` = 0, `i \+= interval` leaves `i` unchanged, so `i < len\(items\)` never changes/);
  assert.match(md, /1 × `Demo` = 64 B per iteration/);
  assert.match(md, /after about [\d,]+ iterations/);
});

test('the growth estimate uses the Go layout of the appended type and append\'s growth', () => {
  const { findings, ctx } = analyse(incident);
  const est = estimateGrowth(findings.find((f) => f.rule === 'unbounded-append')!, ctx);
  assert.equal(est?.layout?.size, 64);
  assert.equal(est?.bytesPerIteration, 64);
  const plan = simulateAppend(64, true, 1, 1024 ** 3);
  assert.equal(est?.plan?.limitIteration, plan.limitIteration);
  // 1 GiB of 64-byte elements is 16.8 M; the last growth that fits leaves the array well below that.
  assert.ok(plan.limitIteration! > 5_000_000 && plan.limitIteration! < 16_777_216, String(plan.limitIteration));
});

test('the code lens document explains OOM vs stack overflow with sizes, growth, a chart and versions', () => {
  const { findings, ctx } = analyse(incident);
  const md = explanationMarkdown('handler', findings, ctx);
  for (const expected of [
    /# Why `handler` is OOM-killed, not stopped by a stack overflow/,
    /\*\*64 B\*\* each/,
    /\| `ItemID` \| `string` \| 0 \| 16 \|/,
    /\| `Frames` \| `\[\]byte` \| 40 \| 24 \|/,
    /fewer than 256 elements doubles/,
    /Go 1\.18/,
    /8 KiB pages/,
    /!\[Heap vs\. iterations[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/,
    /SIGKILL/,
    /exit status 137/,
    /GOMEMLIMIT.*Go 1\.19/,
    /2 KiB/,
  ]) assert.match(md, expected);
});

test('recursion gets the stack-overflow story with the exact runtime message', () => {
  const { findings, ctx } = analyse(recursion);
  const rec = findings.filter((f) => f.rule === 'infinite-recursion');
  assert.ok(rec.length >= 1, JSON.stringify(findings.map((f) => f.rule)));
  const md = explanationMarkdown('depth', rec, ctx);
  assert.match(md, /runtime: goroutine stack exceeds 1000000000-byte limit/);
  assert.match(md, /fatal error: stack overflow/);
  assert.match(md, /512 MiB/);
  assert.match(md, /exit status 2/);
  assert.match(md, /250,000,000 on 32-bit/);
  assert.doesNotMatch(md, /OOM-killed, not stopped/);
});

test('the chart is an SVG with the limit, the heap steps and the flat stack', () => {
  const plan = simulateAppend(16, true, 1, 1024 ** 3);
  const svg = heapChartSvg(plan, 1024 ** 3, 'names ([]string)');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
  assert.match(svg, /memory limit 1 GiB/);
  assert.match(svg, /goroutine stack: flat at 2 KiB/);
  assert.match(svg, /SIGKILL \(exit 137\) at iteration [\d,]+/);
  assert.match(svg, /names \(\[\]string\)/);
  assert.equal((svg.match(/<svg/g) ?? []).length, 1);
});

// The case: a `go 1.19` module built by Go 1.19, a slice of pointer-holding 24-byte structs.
const pointerStructs = `package main

type entry struct {
	next *entry
	a, b uint64
}

func collect() {
	var items []entry
	for {
		items = append(items, entry{})
	}
}
`;

const go119 = chooseGo({ hasGoMod: true, goLine: '1.19', installed: 'go1.19.8' });
const go126 = chooseGo({ hasGoMod: true, goLine: '1.19', installed: 'go1.26.8' });

test('the page and the hover name the Go release their numbers are for', () => {
  const { findings, ctx } = analyse(pointerStructs);
  const page = explanationMarkdown('collect', findings, { ...ctx, go: go119 });
  assert.match(page, /^# Why `collect`[^\n]*\n\n_Numbers for Go 1\.19's runtime: the installed go1\.19\.8 builds it/);
  assert.match(page, /## Go 1\.19's rules/);
  assert.match(page, /declared variables up to 10 MiB/);
  const hover = hoverMarkdown(findings, [], { ...ctx, go: go126 });
  assert.match(hover, /\*\*Go version:\*\* Go 1\.26: the installed go1\.26\.8 builds it \(the module's `go 1\.19` line asks for no newer Go\)/);
  assert.match(hover, /Go 1\.26's `growslice` moves it to ever larger heap arrays, past 1 GiB after about [\d,]+ iterations/);
  // Without a choice the page still says which release it assumed.
  assert.match(explanationMarkdown('collect', findings, ctx), /Numbers for Go 1\.26's runtime: neither an installed go nor a go\.mod says which Go builds it: assumed/);
});

test('Go 1.19 has no allocation header: capacity 32 at iteration 17, where Go 1.26 gives 37', () => {
  const { findings, ctx } = analyse(pointerStructs);
  const old = explanationMarkdown('collect', findings, { ...ctx, go: go119 });
  const now = explanationMarkdown('collect', findings, { ...ctx, go: go126 });
  assert.match(old, /\| 17 \| 32 \| 768 B \|/);
  assert.match(now, /\| 17 \| 37 \| 888 B \|/);
  assert.match(old, /Growth with Go 1\.19's rules/);
  assert.match(old, /Go 1\.19 keeps no header in the object/);
  assert.match(now, /In Go 1\.26 an object with pointers larger than 512 B also keeps 8 bytes/);
  const limit = (md: string) => Number(/After about ([\d,]+) iterations/.exec(md)?.[1].replace(/,/g, ''));
  assert.ok(limit(old) > 0 && limit(now) > 0 && limit(old) !== limit(now), `${limit(old)} vs ${limit(now)}`);
});

test('a slice that stays in its function starts in the 32-byte stack buffer from Go 1.25', () => {
  const text = pointerStructs.replace('a, b uint64', '').replace(/entry/g, 'ref').replace('next *ref', 'p *int');
  const { findings, ctx } = analyse(text);
  const local = { ...ctx, sliceUse: () => 'local' as const };
  const at = (minor: string) => explanationMarkdown('collect', findings, { ...local, go: chooseGo({ hasGoMod: true, goLine: minor, installed: `go${minor}.0` }) });
  assert.match(at('1.25'), /\| 1 \| 4 \| 32 B \(stack buffer\) \| — \|\n\| 5 \| 8 \| 64 B \| 64 B \|/);
  assert.match(at('1.24'), /\| 1 \| 1 \| 8 B \| 8 B \|/);
  // Without the compiler's word the slice is taken to escape.
  assert.match(explanationMarkdown('collect', findings, { ...ctx, go: go126 }), /\| 1 \| 1 \| 8 B \| 8 B \|/);
});

test('loop variables kept by append: one per iteration from go 1.22, one for the whole loop before', () => {
  const text = `package main

func keep(n int) []*int {
	step := 0
	var out []*int
	for i, j := 0, 0; i < n; i += step {
		out = append(out, &j)
	}
	return out
}
`;
  const { findings, ctx } = analyse(text);
  const grow = findings.filter((f) => f.facts.growth);
  assert.ok(grow.length > 0, JSON.stringify(findings.map((f) => f.rule)));
  const page = (goLine: string) => explanationMarkdown('keep', findings, { ...ctx, go: chooseGo({ hasGoMod: true, goLine, installed: 'go1.26.8' }) });
  assert.match(page('1.22'), /\*\*Loop variables:\*\* each element keeps its address \(`j`\); with the module's go 1\.22 line every iteration has its own loop variables/);
  assert.match(page('1.21'), /\*\*Loop variables:\*\* each element keeps its address \(`j`\); with the module's go 1\.21 line the loop has one set of variables/);
  assert.match(hoverMarkdown(grow, [], { ...ctx, go: go119 }), /- \*\*Loop variables:\*\* .*go 1\.19 line/);
});
