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
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = path.join(ROOT, '.test-artifacts');
const FIXTURE = path.join(ROOT, 'test/e2e/fixtures/incident');
const E2E_INDEX = path.join(ROOT, 'out/test/e2e/index.js');
const SMOKE = path.join(ROOT, 'out/test/smoke/vsix.smoke.js');
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR ?? path.join(ROOT, '.cache/code-server');
const CODE_SERVER = path.join(CODE_SERVER_DIR, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const seconds = (name, dflt) => 1000 * Number(process.env[name] ?? dflt);
const E2E_TIMEOUT_MS = seconds('GO_OOM_LENS_E2E_TIMEOUT', 900);
const SMOKE_TIMEOUT_MS = seconds('GO_OOM_LENS_SMOKE_TIMEOUT', 300);
const START_TIMEOUT_MS = 60_000;

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

// ---------------------------------------------------------------- code-server + Chromium

/**
 * Starts code-server in `tmp` and a headless Chromium page wired to the workbench's test hooks,
 * calls `fn`, and stops both (by process group) however `fn` ends.
 */
async function withCodeServer(tmp, env, fn, { extensionsDir = path.join(tmp, 'ext') } = {}) {
  need(CODE_SERVER, 'run `bash scripts/install-code-server.sh`');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  writeUserSettings(path.join(tmp, 'user'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const logFile = path.join(ARTIFACTS, `code-server-${path.basename(tmp).split('-')[0]}.log`);
  const log = fs.openSync(logFile, 'w');
  const server = spawn(process.execPath, [CODE_SERVER, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', path.join(tmp, 'user'), '--extensions-dir', extensionsDir, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--disable-proxy',
    '--ignore-last-opened'], { env: codeServerEnv(tmp, env), stdio: ['ignore', log, log], detached: true });
  let browser;
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve(code ?? signal)));
  const onSignal = () => { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } };
  interrupted.add(onSignal);
  try {
    await waitForHealth(origin, exited, logFile);
    console.log(`  code-server ${origin} (pid ${server.pid}, log ${path.relative(ROOT, logFile)})`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: START_TIMEOUT_MS })
      .catch((err) => { throw new Error(`Chromium (${CHROMIUM}) did not start: ${err.message}`); });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let onExit;
    const exit = new Promise((resolve) => { onExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => echo(type, args));
    await page.exposeFunction('codeAutomationExit', (code) => { onExit(code); });
    page.on('pageerror', (err) => console.log(`  [page error] ${err.message}`));
    page.on('console', (m) => { if (/\[Extension Host\]|go-oom-lens|mocha/i.test(m.text())) echo(m.type(), [m.text()]); });
    const serverDied = exited.then((code) => { throw new Error(`code-server exited (${code}) while the tests ran; see ${path.relative(ROOT, logFile)}`); });
    return await Promise.race([fn({ origin, page, exit }), serverDied]);
  } finally {
    await browser?.close().catch(() => {});
    await stopGroup(server, exited);
    interrupted.delete(onSignal);
    fs.closeSync(log);
  }
}

const noise = /Ignoring fetching additional builtin|Updating additional builtin|Creating a socket|connection token|Creation of workbench contribution|\[Service Worker\]|ChatSessionStore|Extension host \(Remote\) is (un)?responsive|^CodeExpectedError|^\s+at .*workbench\.js/;

/** Lines of editor log echoed to stdout before the rest goes only to the log file (callers buffer stdout). */
const ECHO_LIMIT = 1500;
let echoed = 0;
const echoLog = path.join(ARTIFACTS, 'editor-log.txt');

/** Prints what the workbench and extension host log (printf-style, as console.log got it), less the workbench's chatter. */
function echo(type, args) {
  const text = format(...(Array.isArray(args) ? args : [args])).trimEnd();
  for (const line of text.split('\n')) {
    if (!line.trim() || noise.test(line)) continue;
    fs.appendFileSync(echoLog, `${type}: ${line}\n`);
    if (++echoed < ECHO_LIMIT) process.stdout.write(`    │ ${line}\n`);
    else if (echoed === ECHO_LIMIT) process.stdout.write(`    │ … more in ${path.relative(ROOT, echoLog)}\n`);
  }
}

function codeServerEnv(tmp, extra) {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  return {
    ...process.env, ...extra,
    HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'), EXTENSIONS_GALLERY: '{}',
  };
}

/** Keeps the real Go caches when HOME moves into the temp dir (a cold build cache costs seconds). */
function goEnv() {
  const r = spawnSync('go', ['env', 'GOCACHE', 'GOPATH', 'GOMODCACHE'], { encoding: 'utf8' });
  if (r.status !== 0) return {};
  const [GOCACHE, GOPATH, GOMODCACHE] = r.stdout.trim().split('\n');
  return { GOCACHE, GOPATH, GOMODCACHE };
}

function writeUserSettings(userDir) {
  const dir = path.join(userDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'editor.codeLens': true,
    'editor.inlayHints.enabled': 'on',
    'editor.hover.delay': 100,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
  }, null, 2));
}

async function waitForHealth(origin, exited, logFile) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let dead;
  exited.then((code) => { dead = code; });
  for (;;) {
    if (dead !== undefined) throw new Error(`code-server exited (${dead}) before it served: ${tail(logFile)}`);
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within ${START_TIMEOUT_MS / 1000} s: ${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function tail(file) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n'); } catch { return '(no log)'; }
}

/** Stops a detached child and everything it started: SIGTERM to the group, SIGKILL after 5 s. */
async function stopGroup(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
  kill('SIGTERM');
  const timer = new Promise((r) => setTimeout(() => r('timeout'), 5000));
  if ((await Promise.race([exited, timer])) === 'timeout') kill('SIGKILL');
  kill('SIGKILL'); // stragglers of the group (extension host, language server) after the parent left
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
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

/** What must be stopped if the runner itself is interrupted (code-server's process groups). */
const interrupted = new Set();
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(sig, () => {
    console.log(`\n${sig}: stopping code-server and removing temp dirs`);
    for (const stop of interrupted) stop();
    process.exit(code); // the 'exit' handler removes the temp dirs; Chromium exits with its pipe
  });
}

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
