// The fixed-seed slice of the incremental fuzzing: random LSP content changes through the server's
// AnalysisService must keep its text equal to the client's, keep every finding inside the text, and
// give the same findings (places, rules, severities, words) as a full pass over the same tree.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../../server/src/analysis/analyzer';
import { AnalysisService } from '../../server/src/features/analysis';
import { PackageIndex } from '../../server/src/features/packageIndex';
import { createGoParser } from '../../server/src/parser';
import { defaultSettings } from '../../server/src/settings';
import { seedFiles } from './corpus';
import { randomProgram } from './generate';
import { fullFindings, incrementalRun } from './incremental';
import { Random } from './random';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

test('random edits of random programs and standard-library files (seed 4242, 12 documents × 15 batches)', () => {
  const { files } = seedFiles();
  const rng = new Random(4242);
  const failures: string[] = [];
  for (let i = 0; i < 12; i++) {
    const r = rng.fork();
    const text = i % 2 === 0 ? randomProgram(r, r.between(3, 10)) : fs.readFileSync(r.pick(files), 'utf8').slice(0, 40_000);
    const result = incrementalRun(parser, text, r, 15, 5);
    if (result.problems.length > 0) failures.push(`document ${i}: ${result.problems.slice(0, 3).join(' | ')}`);
  }
  assert.deepEqual(failures, []);
});

test('a message that names a line follows an edit above it (the declaration is analysed again)', () => {
  const settings = { ...defaultSettings(), debounceMs: 0 };
  const service = new AnalysisService(parser, new PackageIndex(parser), { settings: () => settings, publish: () => undefined, log: () => undefined });
  const uri = 'untitled:lines.go';
  const text = 'package p\n\nfunc a() {\n\tx := 1\n\t_ = x\n}\n\nfunc b(items []int, k int) []int {\n\tvar out []int\n\tstep := k\n\tfor i := 0; i < len(items); i += step {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n';
  try {
    service.open(uri, undefined, 1, text);
    // The append's message names the loop's line; the zero step's related location names where `step` comes from.
    const growth = (xs: Finding[]) => xs.find((f) => f.rule === 'unbounded-append')!;
    const loop = (xs: Finding[]) => xs.find((f) => f.rule === 'zero-step-loop')!;
    assert.match(growth(service.current(uri)!.findings).message, /loop that may never end \(line 11\)/);
    assert.ok(loop(service.current(uri)!.findings).related.some((r) => /`step` comes from `k` \(line 10\)/.test(r.message)));
    service.change(uri, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '\n\n\n' }]);
    const moved = service.current(uri)!.findings;
    assert.equal(loop(moved).span.start.line, 13);
    assert.match(growth(moved).message, /loop that may never end \(line 14\)/);
    assert.ok(loop(moved).related.some((r) => /`step` comes from `k` \(line 13\)/.test(r.message)));
  } finally {
    service.dispose();
  }
});

test('an edit that changes what the package sees re-analyses the declarations that name it, as a full pass would', () => {
  const settings = { ...defaultSettings(), debounceMs: 0 };
  const full = (text: string): string[] => {
    const fresh = new AnalysisService(parser, new PackageIndex(parser), { settings: () => settings, publish: () => undefined, log: () => undefined });
    try {
      fresh.open('untitled:pkg.go', undefined, 1, text);
      return fresh.current('untitled:pkg.go')!.findings.map((f) => `${f.rule} ${f.severity} ${f.span.start.line}: ${f.message}`);
    } finally {
      fresh.dispose();
    }
  };
  const service = new AnalysisService(parser, new PackageIndex(parser), { settings: () => settings, publish: () => undefined, log: () => undefined });
  const uri = 'untitled:pkg.go';
  const text = 'package p\n\nconst base = 1\n\nconst width = base * 2\n\nfunc step() int { return 1 }\n\nfunc a(items []int) (out []int) {\n\tfor i := 0; i < len(items); i += step() {\n\t\tout = append(out, i)\n\t}\n\treturn\n}\n\nfunc b(items []int) (out []int) {\n\tfor i := 0; i < len(items); i += width {\n\t\tout = append(out, i)\n\t}\n\treturn\n}\n';
  // Each edit replaces the first occurrence of a text; after each, the findings equal a full pass's.
  // Taking `step`'s closing brace while it returns 0 (a's loop is then an error) and while it returns 2.
  const edits: Array<[string, string]> = [['return 1', 'return 0'], ['const base = 1', 'const base = 0'], ['func step() int { return 0 }', 'func step() int { return 0 '], ['return 0 ', 'return 0 }'],
    ['return 0', 'return 2'], ['func step() int { return 2 }', 'func step() int { return 2 '], ['return 2 ', 'return 2 }'], ['const base = 0', 'const base = 3']];
  try {
    service.open(uri, undefined, 1, text);
    let version = 1;
    for (const [from, to] of edits) {
      const now = service.current(uri)!.text;
      const at = now.indexOf(from);
      assert.ok(at >= 0, `${from} is in the text`);
      const before = now.slice(0, at).split('\n');
      const start = { line: before.length - 1, character: before[before.length - 1].length };
      service.change(uri, ++version, [{ range: { start, end: { line: start.line, character: start.character + from.length } }, text: to }]);
      const got = service.current(uri)!;
      const words = (xs: Finding[]): string[] => xs.map((f) => `${f.rule} ${f.severity} ${f.span.start.line}: ${f.message}`);
      // A full pass over the same tree; and a fresh service's, except while the brace taken from
      // `step` would make it swallow a and b: `step` is then blank, a and b are kept.
      const own = service.treeOf(uri)!;
      const what = `after ${JSON.stringify(from)} → ${JSON.stringify(to)}`;
      assert.deepEqual(words(got.findings), words(fullFindings(uri, own.text, own.tree, settings)), what);
      if (/return \d $/.test(to)) assert.ok(!/func step/.test(own.tree.rootNode.text) && /func a/.test(own.tree.rootNode.text), 'step is blank, a is there');
      else assert.deepEqual(words(got.findings), full(got.text), what);
    }
    // The zero the edits made and unmade was seen: `step()` returning 0 is certain.
    assert.ok(full(text.replace('return 1', 'return 0')).some((f) => f.startsWith('zero-step-loop error')), 'a constant 0 step is an error');
  } finally {
    service.dispose();
  }
});
