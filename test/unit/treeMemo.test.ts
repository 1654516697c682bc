// The rules' per-tree tables (function models, loop states, what loops change) live for one
// analysis pass: the language server and the CLI forget them when the pass ends, so an open file's
// tree does not keep a model of every function in it (a third of the heap, bench/memory.mjs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { analyzeFile } from '../../server/src/analysis/driver';
import { memoisedFor } from '../../server/src/analysis/treeMemo';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { AnalysisService } from '../../server/src/features/analysis';
import { PackageIndex } from '../../server/src/features/packageIndex';
import { createGoParser } from '../../server/src/parser';
import { defaultSettings } from '../../server/src/settings';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const source = `package demo

func getInterval() int { return 0 }

func handler(items []int) []int {
	interval := getInterval()
	var demos []int
	for i := 0; i < len(items); i += interval {
		demos = append(demos, i)
	}
	return demos
}

func sum(n int) int {
	t := 0
	for i := 0; i < n; i++ {
		t += i
	}
	return t
}
`;

test('a pass of the rules memoises per tree (what the callers must forget)', () => {
  const tree = parser.parse(source)!;
  try {
    const findings = analyzeFile({ path: 'demo.go', text: source, tree }, packageContextFrom([summarizeFile('demo.go', tree)]));
    assert.ok(findings.some((f) => f.rule === 'zero-step-loop'), JSON.stringify(findings.map((f) => f.rule)));
    assert.ok(memoisedFor(tree) > 0, 'the driver alone keeps its tables (the caller forgets them)');
  } finally {
    tree.delete();
  }
});

test('the language server forgets the tables when an analysis ends, and finds the same again after an edit', () => {
  const settings = { ...defaultSettings(), debounceMs: 0 };
  const service = new AnalysisService(parser, new PackageIndex(parser), { settings: () => settings, publish: () => undefined, log: () => undefined });
  const uri = 'untitled:demo.go';
  try {
    service.open(uri, undefined, 1, source);
    const first = service.current(uri)!;
    assert.ok(first.findings.some((f) => f.rule === 'zero-step-loop'));
    assert.equal(memoisedFor(service.treeOf(uri)!.tree), 0);
    // An edit in the loop's function: only that declaration is analysed again, with fresh tables.
    service.change(uri, 2, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '\t_ = 1\n' }]);
    const second = service.current(uri)!;
    assert.deepEqual(second.findings.map((f) => [f.rule, f.span.start.line]), first.findings.map((f) => [f.rule, f.span.start.line + (f.span.start.line >= 7 ? 1 : 0)]));
    assert.equal(memoisedFor(service.treeOf(uri)!.tree), 0);
  } finally {
    service.dispose();
  }
});
