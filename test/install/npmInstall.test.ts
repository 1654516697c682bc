// The npm tarball as a user installs it (README "Install"): `npm pack`, then `npm install -g` into a
// prefix, `npx` of the tarball from an empty folder, and a project with it as a devDependency. Every
// run is offline, from a folder outside the repository, with a PATH that holds no node_modules.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, incidentDir, listFiles, lspHandshake, makeSandbox, repoRoot, rulePages, run, runOk } from './installHarness';

interface Finding { file: string; line: number; rule: string; severity: string; message: string }
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const tarballName = `${manifest.name}-${manifest.version}.tgz`;
const runtimeFiles = ['dist/cli.js', 'dist/cliWorker.js', 'dist/server.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-go.wasm'];
const ownCli = path.join(repoRoot, 'dist', 'cli.js');
const findingsOf = (stdout: string): Finding[] => (JSON.parse(stdout) as { findings: Finding[] }).findings;
const rulesOf = (fs: Finding[]): string[] => [...new Set(fs.map((f) => f.rule))].sort();

describe('the npm tarball, installed as a user would', { timeout: 300_000 }, () => {
  let sandbox: string;
  let env: NodeJS.ProcessEnv;
  let tarball: string;
  let incident: string;
  let expected: Finding[];
  let examples: string;

  before(() => {
    sandbox = makeSandbox('npm');
    env = cleanEnv(sandbox);
    // `npm pack` runs the prepack script (a production build into dist/) like a user's would.
    const packed = runOk('npm', ['pack', '--json', '--pack-destination', sandbox], repoRoot, env);
    tarball = path.join(sandbox, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
    examples = path.join(sandbox, 'examples');
    fs.cpSync(path.dirname(incidentDir), examples, { recursive: true });
    incident = path.join(examples, path.basename(incidentDir));
    // What the repository's own bundle reports on the same copy: the installed one must say the same.
    const own = run(process.execPath, [ownCli, 'check', incident, '--format', 'json'], sandbox, env);
    assert.equal(own.code, 1, own.stderr);
    expected = findingsOf(own.stdout);
    assert.deepEqual(rulesOf(expected), ['unbounded-append', 'zero-step-loop'], 'the incident example has its two findings');
  });
  after(() => { if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true }); });

  test('the tarball holds the bundles, the WASM, the rule pages and the docs, and nothing to install', () => {
    assert.equal(path.basename(tarball), tarballName);
    const unpacked = path.join(sandbox, 'unpacked');
    fs.mkdirSync(unpacked);
    runOk('tar', ['-xzf', tarball, '-C', unpacked], sandbox, env);
    const pkg = path.join(unpacked, 'package');
    assert.deepEqual(listFiles(pkg), [...runtimeFiles, ...rulePages(), 'GRAMMAR.md', 'README.md', 'package.json'].sort());
    const shipped = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) {
      assert.equal(shipped[field], undefined, `the tarball's package.json has no ${field}: its bundles need nothing at run time`);
    }
    assert.deepEqual(shipped.bin, { 'go-oom-lens': './dist/cli.js' });
    assert.match(fs.readFileSync(path.join(pkg, 'dist', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  describe('npm install -g --prefix', () => {
    let prefix: string;
    let bin: string;
    before(() => {
      prefix = path.join(sandbox, 'prefix');
      runOk('npm', ['install', '--global', '--offline', '--prefix', prefix, tarball], sandbox, env);
      bin = path.join(prefix, 'bin', 'go-oom-lens');
    });

    test('puts go-oom-lens on PATH: `check` finds the incident from a clean folder and exits 1; `--version` reads the installed manifest', () => {
      const cwd = fs.mkdtempSync(path.join(sandbox, 'cwd-'));
      const onPath = cleanEnv(sandbox, [path.dirname(bin)]);
      const r = run('go-oom-lens', ['check', incident, '--format', 'json'], cwd, onPath);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(findingsOf(r.stdout), expected);
      const version = runOk('go-oom-lens', ['--version'], cwd, onPath);
      assert.equal(version.stdout.trim(), manifest.version, 'the installed CLI reads its own package.json');
      assert.deepEqual(fs.readdirSync(cwd), [], 'nothing is written to the working folder');
    });

    test('`check --jobs 2` runs the installed worker threads (dist/cliWorker.js) and reports what one thread does', () => {
      assert.ok(fs.readdirSync(examples).length > 1, 'more than one package, so that the work is spread');
      const one = runOk(process.execPath, [ownCli, 'check', examples, '--format', 'json', '--jobs', '1'], sandbox, env, 1);
      const two = run(bin, ['check', examples, '--format', 'json', '--jobs', '2'], sandbox, env);
      assert.equal(two.code, 1, two.stderr);
      assert.deepEqual(findingsOf(two.stdout), findingsOf(one.stdout));
    });

    test('`go-oom-lens lsp --stdio` answers initialize and publishes the findings, linking the installed rule pages', async () => {
      const { init, published } = await lspHandshake(bin, ['lsp', '--stdio'], sandbox, env, path.join(incident, 'main.go'));
      assert.equal(init.serverInfo?.name, 'go-oom-lens');
      assert.deepEqual([...new Set(published.diagnostics.map((d) => String(d.code)))].sort(), rulesOf(expected));
      const installed = path.join(prefix, 'lib', 'node_modules', manifest.name);
      for (const d of published.diagnostics) {
        const href = d.codeDescription?.href ?? '';
        assert.ok(href.startsWith(`file://${installed}/docs/rules/`), `${d.code} links ${href}, not a page of the installed package`);
        assert.ok(fs.existsSync(new URL(href)), href);
      }
    });
  });

  test('`npx --yes <tarball> check` runs from an empty folder, offline, and leaves it empty', () => {
    const cwd = fs.mkdtempSync(path.join(sandbox, 'empty-'));
    const r = run('npx', ['--yes', '--offline', path.relative(cwd, tarball), 'check', incident, '--format', 'json'], cwd, env);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(findingsOf(r.stdout), expected);
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  test('a project with the tarball as a devDependency runs `npx go-oom-lens check ./...`', () => {
    const project = path.join(sandbox, 'project');
    fs.cpSync(incidentDir, project, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "service", "private": true }\n');
    runOk('npm', ['install', '--offline', '--save-dev', tarball], project, env);
    const r = run('npx', ['--offline', 'go-oom-lens', 'check', './...', '--format', 'json'], project, env);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(rulesOf(findingsOf(r.stdout)), rulesOf(expected));
    assert.deepEqual(findingsOf(r.stdout).map((f) => f.file), expected.map((f) => path.relative(incident, f.file)), 'node_modules is not walked');
  });
});
