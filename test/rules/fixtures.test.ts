// analysistest-style rule fixtures: each directory of testdata/ is one Go package whose files carry
// `// want "rule-id[:severity]"` comments on the lines findings must be reported on. One test per
// directory; an unmatched want and an unexpected finding both fail it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { ruleIds } from '../../server/src/analysis/registry';
import { checkPackage } from '../../server/src/checkSources';
import { createGoParser } from '../../server/src/parser';
import { compareFindings, parseWants } from './want';

/** The fixtures live beside this file's source, not its compiled output (out/test/rules/). */
function testdataDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'rules', 'testdata');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`test/rules/testdata not found above ${__dirname}`);
  }
}

const root = testdataDir();
const cases = fs
  .readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const knownRules = new Set(ruleIds);

let parser: Parser;
before(async () => {
  parser = await createGoParser();
});
after(() => parser?.delete());

test('testdata holds fixture packages', () => {
  assert.ok(cases.length > 0, `no fixture directories in ${root}`);
});

for (const name of cases) {
  test(`fixture ${name}`, () => {
    const dir = path.join(root, name);
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.go'))
      .sort()
      .map((f) => ({ path: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
    assert.ok(files.length > 0, `${name}/ has no .go files`);

    const problems: string[] = [];
    for (const result of checkPackage(parser, files)) {
      const file = files.find((f) => f.path === result.path)!;
      const shown = `${name}/${path.basename(file.path)}`;
      const wants = parseWants(shown, file.text, knownRules);
      problems.push(...compareFindings(shown, wants, result.findings));
    }
    if (problems.length > 0) assert.fail(`${problems.length} mismatch(es) in ${name}/:\n  ${problems.join('\n  ')}`);
  });
}

// Fixture hygiene, when a Go toolchain is installed: gofmt-clean, and every package compiles
// (go vet is not used: it rightly reports the recursive String methods). Nothing is downloaded:
// the fixtures import only the standard library.
const goAvailable = spawnSync('go', ['version']).status === 0;
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod', GOWORK: 'off' };

test('fixtures are gofmt-clean', { skip: !goAvailable && 'go is not installed' }, () => {
  const r = spawnSync('gofmt', ['-l', '.'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '', `not gofmt-clean:\n${r.stdout}`);
});

test('fixtures compile', { skip: !goAvailable && 'go is not installed' }, () => {
  const r = spawnSync('go', ['build', './...'], { cwd: root, encoding: 'utf8', env: goEnv });
  assert.equal(r.status, 0, r.stderr);
});
