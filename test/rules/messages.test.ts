// Every diagnostic message over the rule fixtures and the examples fits a Problems row and Neovim's
// virtual text: a short, complete first sentence, a bounded whole, and no copy of what the related
// locations already say (the detail lives there).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../../server/src/analysis/analyzer';
import { FIRST_SENTENCE_MAX, MESSAGE_MAX, firstSentence } from '../../server/src/analysis/words';
import { checkPackage } from '../../server/src/checkSources';
import { createGoParser } from '../../server/src/parser';

/** The repository root, found above this file's compiled output. */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'test', 'rules', 'testdata'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`repository root not found above ${__dirname}`);
  }
}

/** Every package directory of the fixtures and the examples. */
function packages(): string[] {
  const root = repoRoot();
  return ['test/rules/testdata', 'examples'].flatMap((top) =>
    fs.readdirSync(path.join(root, top), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(root, top, d.name)));
}

let parser: Parser;
before(async () => {
  parser = await createGoParser();
});
after(() => parser?.delete());

function findingsOf(dir: string): Array<{ where: string; f: Finding }> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.go')).sort()
    .map((f) => ({ path: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  return checkPackage(parser, files).flatMap((r) =>
    r.findings.map((f) => ({ where: `${path.relative(repoRoot(), r.path)}:${f.span.start.line + 1} ${f.rule}`, f })));
}

test('the fixtures and examples have findings to measure', () => {
  const all = packages().flatMap(findingsOf);
  assert.ok(all.length > 100, `only ${all.length} findings`);
  for (const rule of ['zero-step-loop', 'non-progressing-loop', 'unbounded-append', 'unbounded-growth', 'infinite-recursion']) {
    assert.ok(all.some((x) => x.f.rule === rule), `no ${rule} finding`);
  }
});

for (const dir of packages()) {
  test(`messages of ${path.relative(repoRoot(), dir)} are short and do not repeat their related information`, () => {
    const problems: string[] = [];
    for (const { where, f } of findingsOf(dir)) {
      const first = firstSentence(f.message);
      // String length is UTF-16 code units, as LSP counts.
      if (first.length > FIRST_SENTENCE_MAX) problems.push(`${where}: first sentence is ${first.length} > ${FIRST_SENTENCE_MAX}: ${first}`);
      if (!/[.!?]$/.test(first)) problems.push(`${where}: first sentence is not complete: ${first}`);
      if (f.message.length > MESSAGE_MAX) problems.push(`${where}: message is ${f.message.length} > ${MESSAGE_MAX}: ${f.message}`);
      for (const r of f.related) {
        if (f.message.toLowerCase().includes(r.message.toLowerCase())) problems.push(`${where}: message repeats its related information "${r.message}"`);
      }
    }
    assert.deepEqual(problems, []);
  });
}

test('firstSentence ends at a full stop outside code, not at one inside backticks', () => {
  assert.equal(firstSentence('`a.b` grows. Then more.'), '`a.b` grows.');
  assert.equal(firstSentence('`x...` is `1.5`? Yes.'), '`x...` is `1.5`?');
  assert.equal(firstSentence('no stop'), 'no stop');
});
