// Results do not depend on how the work is spread: --jobs 1 (in-process) and worker threads
// print the same bytes.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cleanPackage, go, makeTree, paramStepPackage, repoRoot, runCli, zeroStepPackage } from './cliHarness';

const tree = {
  'a/spin.go': zeroStepPackage('a'),
  'a/walk.go': paramStepPackage('a'),
  'b/consts.go': go('package b', '', 'const step = 0'),
  'b/loop.go': go('package b', '', 'func F(n int) []int {', '\tvar out []int', '\tfor i := 0; i < n; i += step {', '\t\tout = append(out, i)', '\t}', '\treturn out', '}'),
  'b/loop_test.go': go('package b_test', '', 'const step = 2', '', 'func G(n int) {', '\tfor i := 0; i < n; i += step {', '\t}', '}'),
  'c/ok.go': cleanPackage('c'),
  'c/d/stuck.go': go('package d', '', 'func Stuck(m int) {', '\ti := 0', '\tfor j := 0; j < m; i++ {', '\t}', '\t_ = i', '}'),
  'e/walk.go': paramStepPackage('e'),
  'f/spin.go': zeroStepPackage('f'),
};

describe('--jobs', () => {
  for (const format of ['json', 'text', 'sarif']) {
    it(`prints identical ${format} output for 1, 2 and 5 jobs`, async () => {
      const dir = makeTree(tree);
      const runs = await Promise.all(['1', '2', '5'].map((jobs) => runCli(['check', '--format', format, '--jobs', jobs, '.'], dir)));
      assert.ok(runs[0].stdout.includes('zero-step-loop'), runs[0].stdout);
      for (const r of runs) {
        assert.equal(r.stdout, runs[0].stdout);
        assert.equal(r.code, 1);
      }
    });
  }

  it('finds the same over the bundled examples with and without workers', async () => {
    const one = await runCli(['check', '--format', 'json', '--jobs', '1', 'examples'], repoRoot);
    const two = await runCli(['check', '--format', 'json', '--jobs', '2', 'examples'], repoRoot);
    assert.equal(two.stdout, one.stdout);
    const files = new Set((JSON.parse(one.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file));
    assert.ok(files.has(path.join('examples', 'incident', 'main.go')), [...files].join(', '));
  });
});
