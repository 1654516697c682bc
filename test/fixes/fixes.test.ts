// Quick fixes on golden files: each fix of each finding in testdata/<case>.go is applied on its own;
// testdata/<case>.golden holds every result. Every result must be gofmt-clean (checked with gofmt).
// Regenerate the golden files with GOLDEN_UPDATE=1 after checking the differences by eye.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import type { Finding, TextChange } from '../../server/src/analysis/analyzer';
import { analyzeFile } from '../../server/src/analysis/driver';
import { fixesFor } from '../../server/src/analysis/fixes';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { createGoParser } from '../../server/src/parser';
import { gofmt } from './gofmt';

const testdata = path.resolve(__dirname, '..', '..', '..', 'test', 'fixes', 'testdata');
let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

/** Applies non-overlapping changes (0-based lines, UTF-16 columns). */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const at = (p: { line: number; character: number }): number => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...changes].sort((a, b) => at(b.span.start) - at(a.span.start));
  let out = text;
  for (const c of sorted) out = out.slice(0, at(c.span.start)) + c.newText + out.slice(at(c.span.end));
  return out;
}

function findingsOf(text: string, file: string): Finding[] {
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const source = { path: file, text, tree };
    const findings = analyzeFile(source, packageContextFrom([summarizeFile(file, tree)]));
    for (const f of findings) if (f.fixes.length === 0) f.fixes = fixesFor(f, source, packageContextFrom([summarizeFile(file, tree)]));
    return findings;
  } finally {
    tree.delete();
  }
}

const cases = fs.readdirSync(testdata).filter((n) => n.endsWith('.go')).sort();

for (const name of cases) {
  test(`fixes for ${name}`, () => {
    const file = path.join(testdata, name);
    const input = fs.readFileSync(file, 'utf8');
    assert.equal(gofmt(input), input, 'the input itself is gofmt-clean');
    const findings = findingsOf(input, file);
    const withFixes = findings.filter((f) => f.fixes.length > 0);
    assert.ok(withFixes.length > 0, `no finding with fixes in ${name}: ${JSON.stringify(findings.map((f) => f.rule))}`);
    const sections: string[] = [];
    for (const f of withFixes) {
      assert.equal(f.fixes.filter((x) => x.preferred).length, 1, `exactly one preferred fix for ${f.rule}`);
      for (const fix of f.fixes) {
        const out = applyChanges(input, fix.changes);
        assert.equal(gofmt(out), out, `"${fix.title}" leaves gofmt-clean code`);
        sections.push(`-- ${f.rule} (line ${f.span.start.line + 1}): ${fix.title}${fix.preferred ? ' [preferred]' : ''} --\n${out}`);
      }
    }
    const actual = sections.join('\n');
    const golden = file.replace(/\.go$/, '.golden');
    if (process.env.GOLDEN_UPDATE) fs.writeFileSync(golden, actual);
    assert.ok(fs.existsSync(golden), `${golden} is missing: run with GOLDEN_UPDATE=1`);
    assert.equal(actual, fs.readFileSync(golden, 'utf8'));
  });
}
