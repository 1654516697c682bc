// Quick fixes are built when a code action (or an explanation) asks for them, not at every
// keystroke: the analysis leaves them empty, withFixes fills in those asked for, keeps them while
// the package context is the same and builds them again when it changed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { AnalysisService } from '../../server/src/features/analysis';
import { PackageIndex } from '../../server/src/features/packageIndex';
import { createGoParser } from '../../server/src/parser';
import { defaultSettings } from '../../server/src/settings';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const settings = { ...defaultSettings(), debounceMs: 0 };
const text = [
  'package p',
  '',
  'const width = 4',
  '',
  'func first(items []int, a int) (out []int) {',
  '\tfor i := 0; i < len(items); i += a {',
  '\t\tout = append(out, items[i])',
  '\t}',
  '\treturn',
  '}',
  '',
  'func second(items []int, b int) (out []int) {',
  '\tfor j := 0; j < len(items); j += b {',
  '\t\tout = append(out, items[j])',
  '\t}',
  '\treturn',
  '}',
  '',
].join('\n');

test('fixes are built for the findings asked about, once per package context', () => {
  const s = new AnalysisService(parser, new PackageIndex(parser), { settings: () => settings, publish: () => undefined, log: () => undefined });
  const uri = 'untitled:fixes.go';
  try {
    s.open(uri, undefined, 1, text);
    const loops = s.current(uri)!.findings.filter((f) => f.rule === 'zero-step-loop');
    assert.equal(loops.length, 2);
    assert.deepEqual(loops.map((f) => f.fixes.length), [0, 0], 'the analysis builds none');
    s.withFixes(uri, [loops[1]]);
    assert.equal(loops[0].fixes.length, 0, 'only those asked for');
    assert.ok(loops[1].fixes.length > 0, 'the second loop has fixes');
    assert.ok(loops[1].fixes.some((f) => f.preferred));
    assert.ok(loops[1].fixes.every((f) => f.changes.every((c) => c.span.start.line >= 11)), 'fixes of the second function');
    const built = loops[1].fixes;
    s.withFixes(uri, [loops[1]]);
    assert.equal(loops[1].fixes, built, 'kept while the package context is the same');
    // An edit in the first function: the second's finding is kept (moved), the package context stays.
    s.change(uri, 2, [{ range: { start: { line: 5, character: 1 }, end: { line: 5, character: 1 } }, text: ' ' }]);
    const kept = s.current(uri)!.findings.find((f) => f.rule === 'zero-step-loop' && f.span.start.line === 12)!;
    s.withFixes(uri, [kept]);
    assert.ok(kept.fixes.length > 0);
    // The constant changes: what the package sees changed; fixes are built in the new context.
    s.change(uri, 3, [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 15 } }, text: '8' }]);
    const after = s.current(uri)!;
    const again = after.findings.find((f) => f.rule === 'zero-step-loop' && f.span.start.line === 12)!;
    const before = again.fixes;
    s.withFixes(uri, [again]);
    assert.ok(again.fixes.length > 0);
    assert.notEqual(again.fixes, before, 'built again (not the ones moved with the edits)');
    // Findings of another version (or none of this document) are left alone.
    const stale = { ...loops[0], fixes: [] };
    s.withFixes(uri, [stale]);
    assert.equal(stale.fixes.length, 0);
  } finally {
    s.dispose();
  }
});
