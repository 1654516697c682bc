// The three output formats of `check`: text (grep-friendly), json (exact keys, 1-based
// positions), sarif (SARIF 2.1.0 with a descriptor per rule).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/analysis/registry';
import { bytes, go, makeTree, parseJson, repoRoot, runCli, zeroStepPackage } from './cliHarness';
import { sarifProblems } from './sarifShape';

// A wide character before the loop on its line: columns count UTF-16 code units (𝔘 is two).
const wideLine = '\t/* 𝔘 */ for i := 0; i < 10; i += 0 {';
const wide = go('package wide', '', 'func Spin() {', wideLine, '\t}', '}');
const wideColumn = wideLine.indexOf('for') + 1;

const tree = {
  'app/spin.go': zeroStepPackage('app'),
  'app/wide.go': wide.replace('package wide', 'package app').replace('func Spin', 'func SpinWide'),
  'app/consts.go': go('package app', '', 'const stride = 0'),
  'app/stride.go': go('package app', '', 'func Stride(n int) {', '\tfor i := 0; i < n; i += stride {', '\t}', '}'),
  'dir with space/spin.go': zeroStepPackage('spaced'),
};

describe('text format', () => {
  it('prints path:line:col: severity: message [rule-id], related lines indented', async () => {
    const dir = makeTree(tree);
    const r = await runCli(['check', 'app'], dir);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    assert.ok(lines.length > 0);
    for (const line of lines) {
      if (line.startsWith('    ')) assert.match(line, /^ {4}\S.*:\d+:\d+: note: .+$/, line);
      else assert.match(line, /^app\/\w+\.go:\d+:\d+: (error|warning): .+ \[[a-z]+(-[a-z]+)*\]$/, line);
    }
    assert.ok(lines.includes(lines.find((l) => l.startsWith('app/spin.go:4:2: error: ') && l.endsWith('[zero-step-loop]')) ?? '<missing>'), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`app/wide.go:4:${wideColumn}: error: `)), r.stdout);
    assert.match(r.stderr, /^\d+ findings \(\d+ errors?, \d+ warnings?\) in 4 files, \d+\.\d s\n$/);
  });
});

describe('--stats', () => {
  it('adds one key=value line on stderr and leaves stdout alone (the second run is answered by the cache)', async () => {
    const dir = makeTree({ 'spin.go': zeroStepPackage('spin') });
    const plain = await runCli(['check', '--format', 'json', '.'], dir);
    const r = await runCli(['check', '--format', 'json', '--stats', '--jobs', '1', '.'], dir);
    assert.equal(r.stdout, plain.stdout);
    const size = fs.statSync(path.join(dir, 'spin.go')).size;
    assert.match(r.stderr, new RegExp(`^stats: files=1 bytes=${size} wall=\\d+\\.\\d\\ds cpu=\\d+\\.\\d\\ds maxrss=\\d+MB jobs=1 busy=\\d+\\.\\d\\ds cached=1/1\\n$`));
  });
});

describe('json format', () => {
  it('has exactly the documented keys, 1-based positions and stable order', async () => {
    const dir = makeTree(tree);
    const r = await runCli(['check', '--format', 'json', 'app'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const report = parseJson(r.stdout);
    assert.deepEqual(Object.keys(report), ['version', 'findings']);
    assert.equal(report.version, 1);
    for (const f of report.findings) {
      assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'related']);
      for (const rel of f.related) assert.deepEqual(Object.keys(rel), ['file', 'line', 'column', 'message']);
      assert.ok(f.line >= 1 && f.column >= 1 && f.endLine >= f.line);
    }
    const zero = report.findings.filter((f) => f.rule === 'zero-step-loop');
    assert.deepEqual(zero.map((f) => [f.file, f.line, f.column, f.severity]), [
      ['app/spin.go', 4, 2, 'error'],
      ['app/stride.go', 4, 2, 'error'],
      ['app/wide.go', 4, wideColumn, 'error'],
    ]);
    // The end is exclusive and after the start (the engine chooses how much of the loop it marks).
    assert.ok(zero[0].endLine > 4 || (zero[0].endLine === 4 && zero[0].endColumn > 2), JSON.stringify(zero[0]));
    assert.ok(zero[1].related.some((rel) => rel.file === 'app/consts.go' && rel.line === 3 && rel.column === 1), JSON.stringify(zero[1].related));
    const order = report.findings.map((f) => [f.file, f.line, f.column] as const);
    const sorted = [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    assert.deepEqual(order, sorted);
  });

  it('prints an empty list when nothing is found', async () => {
    const dir = makeTree({ 'ok.go': go('package ok') });
    const r = await runCli(['check', '--format', 'json', '.'], dir);
    assert.equal(r.stdout, '{"version":1,"findings":[]}\n');
    assert.equal(r.code, 0);
  });
});

describe('sarif format', () => {
  it('is a well-formed SARIF 2.1.0 log with a descriptor per rule', async () => {
    const dir = makeTree({ ...tree, 'app/bin.go': bytes('package app\n', [0]) });
    const r = await runCli(['check', '--format', 'sarif', '.'], dir);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as { $schema: string; version: string; runs: Array<Record<string, any>> };
    assert.deepEqual(sarifProblems(log), []);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; homepage?: string };
    assert.equal(run.tool.driver.name, 'go-oom-lens');
    assert.equal(run.tool.driver.version, manifest.version);
    if (manifest.homepage) assert.equal(run.tool.driver.informationUri, manifest.homepage);
    assert.deepEqual(run.tool.driver.rules.map((d: { id: string }) => d.id), allRules.map((rule) => rule.id));
    for (const [i, rule] of allRules.entries()) {
      const d = run.tool.driver.rules[i];
      assert.equal(d.shortDescription.text, rule.title);
      assert.equal(d.defaultConfiguration.level, rule.defaultSeverity);
      assert.ok(d.fullDescription.text.length > 0 && d.help.text.length > 0);
      assert.match(d.name, /^[A-Z][A-Za-z]+$/);
    }
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(fs.realpathSync(dir) + path.sep).href);
    const spin = run.results.find((x: any) => x.locations[0].physicalLocation.artifactLocation.uri === 'app/spin.go' && x.ruleId === 'zero-step-loop');
    assert.ok(spin, JSON.stringify(run.results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri)));
    assert.equal(spin.level, 'error');
    assert.equal(spin.ruleIndex, allRules.findIndex((rule) => rule.id === 'zero-step-loop'));
    assert.equal(spin.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    const json = parseJson((await runCli(['check', '--format', 'json', 'app/spin.go'], dir)).stdout).findings.find((f) => f.rule === 'zero-step-loop');
    assert.ok(json);
    assert.deepEqual(spin.locations[0].physicalLocation.region, { startLine: 4, startColumn: 2, endLine: json.endLine, endColumn: json.endColumn });
    const spaced = run.results.find((x: any) => x.locations[0].physicalLocation.artifactLocation.uri.startsWith('dir%20with%20space/'));
    assert.ok(spaced, 'a path with a space is percent-encoded');
    const stride = run.results.find((x: any) => x.ruleId === 'zero-step-loop' && x.locations[0].physicalLocation.artifactLocation.uri === 'app/stride.go');
    assert.ok(stride.relatedLocations.some((l: any) => l.physicalLocation.artifactLocation.uri === 'app/consts.go' && l.physicalLocation.region.startLine === 3));
    const notes = run.invocations[0].toolExecutionNotifications as Array<{ message: { text: string } }>;
    assert.ok(notes.some((n) => /bin\.go: skipped: binary file/.test(n.message.text)));
    assert.equal(run.invocations[0].executionSuccessful, true);
  });

  it('uses an absolute file URI for files outside the working directory', async () => {
    const dir = makeTree({ 'spin.go': zeroStepPackage('spin') });
    const elsewhere = makeTree({});
    const r = await runCli(['check', '--format', 'sarif', path.join(dir, 'spin.go')], elsewhere);
    const log = JSON.parse(r.stdout) as { runs: Array<{ results: any[] }> };
    assert.deepEqual(sarifProblems(log), []);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, pathToFileURL(path.join(dir, 'spin.go')).href);
  });

  it('the structural check rejects malformed logs', () => {
    const bad = {
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'x', rules: [{ id: 'a', shortDescription: {} }], colour: 'red' } },
        results: [
          { ruleId: 'b', ruleIndex: 0, level: 'fatal', message: {}, locations: [{ physicalLocation: { artifactLocation: { uri: 'a\\b.go' }, region: { startLine: 0 } } }] },
          { ruleId: 'a' },
        ],
      }],
    };
    const problems = sarifProblems(bad);
    for (const expected of [/colour/, /shortDescription: multiformatMessageString requires 'text'/, /ruleIndex: does not point/, /level: expected one of/, /message: message requires/, /uri: expected a URI/, /startLine: expected an integer/, /results\[1\]: result requires 'message'/]) {
      assert.ok(problems.some((p) => expected.test(p)), `${expected} in ${problems.join('\n')}`);
    }
    assert.notDeepEqual(sarifProblems({ version: '2.0.0', runs: [] }), []);
  });
});
