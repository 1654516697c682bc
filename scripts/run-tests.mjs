// Runs every test suite (unit, rules, CLI, protocol, escape analysis, grammar, then the editor
// suites) and ends with one "N passed, N failed" line. Exits non-zero if anything failed or
// could not run; nothing is skipped silently.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outTest = path.join(root, 'out', 'test');
const artifacts = path.join(root, '.test-artifacts');
mkdirSync(artifacts, { recursive: true });

// `install` packs and installs the npm tarball and the .vsix, whose builds leave dist/ in production
// form: it runs last (dist/ is rebuilt after it), and hands its .vsix to the smoke suite
// (GO_OOM_LENS_VSIX) so that it is packaged once.
const nodeSuites = ['unit', 'rules', 'fixes', 'cli', 'lsp', 'escape', 'runtime', 'facts', 'profile', 'syntaxes', 'hostile', 'fuzz', 'editors', 'install'];
const shared = mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-run-tests-'));
process.on('exit', () => rmSync(shared, { recursive: true, force: true }));
const sharedVsix = path.join(shared, 'go-oom-lens.vsix');
const suiteEnv = { install: { GO_OOM_LENS_VSIX_OUT: sharedVsix } };
let passed = 0;
let failed = 0;
const problems = [];

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

for (const suite of nodeSuites) {
  const files = testFiles(path.join(outTest, suite));
  if (files.length === 0) continue;
  const tap = path.join(artifacts, `${suite}.tap`);
  console.log(`\n=== ${suite} (${files.length} files) ===`);
  const r = spawnSync(process.execPath, [
    '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ], { cwd: root, stdio: 'inherit', env: { ...process.env, ...suiteEnv[suite] } });
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  passed += p;
  failed += f;
  if (r.status !== 0 && f === 0) { failed++; problems.push(`${suite}: the test process exited with ${r.status ?? r.signal}`); }
  if (f > 0) problems.push(`${suite}: ${f} failed`);
}

// The install suite's packaging left a minified dist/ without source maps: the e2e suite gets the
// development build it had before, as `npm test` made it.
if (testFiles(path.join(outTest, 'install')).length > 0) {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { failed++; problems.push(`rebuilding dist/ after the install suite failed (${r.status ?? r.signal})`); }
}

// The editor suites (code-server + Chromium, or VS Code via @vscode/test-electron).
const editor = path.join(root, 'scripts', 'editor-tests.mjs');
if (existsSync(editor)) {
  console.log('\n=== editor ===');
  const env = existsSync(sharedVsix) && !process.env.GO_OOM_LENS_VSIX ? { ...process.env, GO_OOM_LENS_VSIX: sharedVsix } : process.env;
  const r = spawnSync(process.execPath, [editor], { cwd: root, env, encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout ?? '');
  const m = [...(r.stdout ?? '').matchAll(/(\d+) passed, (\d+) failed/g)];
  for (const x of m) { passed += Number(x[1]); failed += Number(x[2]); }
  if (r.status !== 0) {
    problems.push(`editor: exited with ${r.status ?? r.signal}`);
    if (m.length === 0 || m.every((x) => x[2] === '0')) failed++;
  }
}

console.log('');
for (const p of problems) console.log(`- ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
