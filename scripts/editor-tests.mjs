#!/usr/bin/env node
// Runs the extension's tests in a real editor and ends with an `N passed, N failed` line.
//
//   node scripts/editor-tests.mjs [--suite e2e|smoke|all] [--keep]
//
// e2e:   the mocha suite of test/e2e (compiled to out/test/e2e) inside the extension host, with the
//        real `vscode` API. With VSCODE_EXECUTABLE set, through @vscode/test-electron's runTests()
//        (never downloading VS Code); otherwise in code-server (scripts/install-code-server.sh)
//        driven by Debian's Chromium through playwright-core, the suite passed in the page's payload.
// smoke: a person's view: the .vsix of `npm run package` (or GO_OOM_LENS_VSIX) installed into
//        code-server, driven with Playwright (test/smoke); screenshots go to .test-artifacts/.
//
// Nothing is skipped: an editor that cannot start is a failure with its reason.
// Needs `npm run build` and `npx tsc -b` first (`npm run test:editor` does both).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ARTIFACTS, CODE_SERVER, codeServerEnv, echoLog, goEnv, withCodeServer, withTimeout, writeUserSettings } from './editor/codeServer.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.join(ROOT, 'test/e2e/fixtures/incident');
const E2E_INDEX = path.join(ROOT, 'out/test/e2e/index.js');
const SMOKE = path.join(ROOT, 'out/test/smoke/vsix.smoke.js');
const seconds = (name, dflt) => 1000 * Number(process.env[name] ?? dflt);
const E2E_TIMEOUT_MS = seconds('GO_OOM_LENS_E2E_TIMEOUT', 900);
const SMOKE_TIMEOUT_MS = seconds('GO_OOM_LENS_SMOKE_TIMEOUT', 300);

const { values: opts } = parseArgs({
  options: { suite: { type: 'string', default: 'all' }, keep: { type: 'boolean', default: false } },
});
if (!['e2e', 'smoke', 'all'].includes(opts.suite)) usage(`unknown suite ${opts.suite}`);

/** Every test's outcome, in order; a suite that cannot run at all adds one failed entry with the reason. */
const outcomes = [];
const record = (suite, title, error) => {
  outcomes.push({ suite, title, error });
  console.log(error ? `  ✗ [${suite}] ${title}\n      ${String(error).split('\n').join('\n      ')}` : `  ✓ [${suite}] ${title}`);
};

function usage(msg) {
  console.error(`${msg}\nusage: node scripts/editor-tests.mjs [--suite e2e|smoke|all] [--keep]`);
  process.exit(2);
}

/** Runs one suite; anything it throws is a failure of that suite, never a skip. */
async function suite(name, fn) {
  const t0 = Date.now();
  console.log(`\n== ${name} ==`);
  try {
    await fn((title, error) => record(name, title, error));
  } catch (err) {
    record(name, `${name} suite could not run`, err instanceof Error ? err.message : String(err));
  }
  console.log(`== ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s ==`);
}

function need(file, hint) {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: ${hint}`);
}

// ---------------------------------------------------------------- e2e

async function runE2E(report) {
  need(path.join(ROOT, 'dist/extension.js'), 'run `npm run build` (the client is bundled there)');
  need(path.join(ROOT, 'dist/server.js'), 'run `npm run build` (the server is bundled there)');
  need(E2E_INDEX, 'run `npx tsc -b` (compiles test/e2e)');
  const results = path.join(tempRoot(), 'e2e-results.json');
  const env = { GO_OOM_LENS_E2E_RESULTS: results, ...goEnv() };
  let stopped;
  await withTempDir('e2e', async (tmp) => {
    const ws = copyFixture(tmp);
    if (process.env.VSCODE_EXECUTABLE) {
      await runWithTestElectron(tmp, ws, env);
    } else {
      await withCodeServer(tmp, env, async ({ origin, page, exit }) => {
        const remote = (p) => `vscode-remote://${new URL(origin).host}${p}`;
        const payload = [
          ['extensionDevelopmentPath', remote(ROOT)],
          ['extensionTestsPath', remote(E2E_INDEX)],
          ['skipWelcome', 'true'],
          ['skipReleaseNotes', 'true'],
        ];
        await page.goto(`${origin}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
        const code = await withTimeout(exit, E2E_TIMEOUT_MS, 'the e2e suite to finish (codeAutomationExit)');
        console.log(`  (the workbench exited with code ${code})`);
      });
    }
  }).catch((err) => { stopped = err; });
  // Report what ran even when the editor died or timed out half-way; then why it stopped.
  const got = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : undefined;
  for (const t of got?.results ?? []) report(t.title, t.state === 'failed' ? t.error ?? 'failed' : undefined);
  if (stopped) throw stopped;
  if (!got) throw new Error('the suite wrote no results: the extension host did not run test/e2e/index.js (see the log above)');
  if (!got.finished) throw new Error('the suite did not finish: the extension host stopped before mocha ended (see the log above)');
  if (!got.results.length) throw new Error('the suite ran no test');
}

async function runWithTestElectron(tmp, ws, env) {
  const { runTests } = await import('@vscode/test-electron');
  const exe = process.env.VSCODE_EXECUTABLE;
  if (!fs.existsSync(exe)) throw new Error(`VSCODE_EXECUTABLE=${exe} does not exist`);
  console.log(`  VS Code: ${exe} (@vscode/test-electron)`);
  writeUserSettings(path.join(tmp, 'user'));
  const run = runTests({
    vscodeExecutablePath: exe,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: E2E_INDEX,
    extensionTestsEnv: env,
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', path.join(tmp, 'user'), '--extensions-dir', path.join(tmp, 'ext')],
  });
  try {
    const code = await withTimeout(run, E2E_TIMEOUT_MS, 'VS Code to finish the e2e suite');
    console.log(`  (VS Code exited with code ${code})`);
  } catch (err) {
    // A failing test makes runTests reject with the exit code; the results file tells which.
    if (err?.name === 'TestRunFailedError' || typeof err?.code === 'number') console.log(`  (${err.message})`);
    else {
      killChildren();
      throw err;
    }
  }
}

/** Ends the processes this runner started that are still running (VS Code after a timeout), by pid. */
function killChildren() {
  const children = (pid) => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1] === String(pid); } catch { return false; }
  }).map(Number);
  const tree = (pid) => children(pid).flatMap((c) => [c, ...tree(c)]);
  for (const pid of tree(process.pid)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}

// ---------------------------------------------------------------- smoke

async function runSmoke(report) {
  need(SMOKE, 'run `npx tsc -b` (compiles test/smoke)');
  const { smokeSteps } = await import(pathToFileURL(SMOKE).href);
  await withTempDir('smoke', async (tmp) => {
    const vsix = process.env.GO_OOM_LENS_VSIX ?? packageVsix(tmp);
    const ext = path.join(tmp, 'ext');
    const install = spawnSync(process.execPath, [CODE_SERVER, '--install-extension', vsix, '--extensions-dir', ext,
      '--user-data-dir', path.join(tmp, 'user')], { env: codeServerEnv(tmp, {}), encoding: 'utf8', timeout: 120_000 });
    if (install.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${install.status ?? install.signal}):\n${install.stdout}${install.stderr}`);
    const installed = fs.readdirSync(ext).filter((d) => d.startsWith('go-oom-lens.go-oom-lens-'));
    if (!installed.length) throw new Error(`the .vsix did not install into ${ext}: ${install.stdout}`);
    console.log(`  installed ${installed.join(', ')} from ${path.relative(ROOT, vsix) || vsix}`);
    const ws = copyFixture(tmp);
    await withCodeServer(tmp, goEnv(), async ({ origin, page }) => {
      await page.goto(`${origin}/?folder=${encodeURIComponent(ws)}`);
      const deadline = Date.now() + SMOKE_TIMEOUT_MS;
      const steps = smokeSteps({ page, artifacts: ARTIFACTS });
      let broken;
      for (const step of steps) {
        if (broken) { report(step.title, `not run: an earlier step failed (${broken})`); continue; }
        try {
          const left = deadline - Date.now();
          await withTimeout(step.run(), Math.max(left, 1), `step "${step.title}" (smoke budget ${SMOKE_TIMEOUT_MS / 1000} s)`);
          report(step.title);
        } catch (err) {
          if (!step.independent) broken = step.title;
          await page.screenshot({ path: path.join(ARTIFACTS, 'smoke-failure.png') }).catch(() => {});
          report(step.title, `${err instanceof Error ? err.message : err} (screenshot: .test-artifacts/smoke-failure.png)`);
        }
      }
    }, { extensionsDir: ext });
  });
}

/** Builds the .vsix with the project's `npm run package`, into the temp dir. */
function packageVsix(tmp) {
  const out = path.join(tmp, 'go-oom-lens.vsix');
  const r = spawnSync('npm', ['run', 'package', '--silent', '--', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`\`npm run package -- --out ${out}\` failed (${r.status ?? r.signal}); set GO_OOM_LENS_VSIX to use a built .vsix:\n${(r.stdout + r.stderr).slice(-3000)}`);
  }
  console.log(`  packaged ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`);
  return out;
}

// ---------------------------------------------------------------- temp dirs

let temp;
function tempRoot() {
  temp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-editor-'));
  return temp;
}

/** A fresh folder for one editor run, removed afterwards unless --keep. */
async function withTempDir(name, fn) {
  const dir = fs.mkdtempSync(path.join(tempRoot(), `${name}-`));
  try {
    return await fn(dir);
  } finally {
    if (opts.keep) console.log(`  kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
process.on('exit', () => { if (temp && !opts.keep) fs.rmSync(temp, { recursive: true, force: true }); });

/** A throwaway copy of the incident's workspace, so tests may edit and save. */
function copyFixture(tmp) {
  const ws = path.join(tmp, 'incident');
  fs.cpSync(FIXTURE, ws, { recursive: true });
  return ws;
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(echoLog, { force: true });
  if (opts.suite !== 'smoke') await suite('e2e', runE2E);
  if (opts.suite !== 'e2e') await suite('smoke', runSmoke);
  const failed = outcomes.filter((o) => o.error).length;
  console.log(`\neditor tests took ${((Date.now() - started) / 1000).toFixed(1)} s; artefacts in ${path.relative(ROOT, ARTIFACTS)}/`);
  if (failed) console.log(`failed:\n${outcomes.filter((o) => o.error).map((o) => `  [${o.suite}] ${o.title}`).join('\n')}`);
  console.log(`${outcomes.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exit(await main());
