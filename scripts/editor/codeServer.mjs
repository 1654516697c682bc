// code-server + headless Chromium for the editor tests: start, wire the workbench's test hooks
// (codeAutomationExit / codeAutomationLog), echo the editor's log, and stop everything by process
// group however the tests end. Used by scripts/editor-tests.mjs; see ../shared/EDITOR-TESTS.md.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, '.test-artifacts');
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR ?? path.join(ROOT, '.cache/code-server');
export const CODE_SERVER = path.join(CODE_SERVER_DIR, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const START_TIMEOUT_MS = 60_000;

/**
 * Starts code-server in `tmp` and a headless Chromium page wired to the workbench's test hooks,
 * calls `fn`, and stops both (by process group) however `fn` ends.
 */
export async function withCodeServer(tmp, env, fn, { extensionsDir = path.join(tmp, 'ext') } = {}) {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`${path.relative(ROOT, CODE_SERVER)} is missing: run \`bash scripts/install-code-server.sh\``);
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
export const echoLog = path.join(ARTIFACTS, 'editor-log.txt');

/** Prints what the workbench and extension host log (printf-style, as console.log got it), less the workbench's chatter. */
export function echo(type, args) {
  const text = format(...(Array.isArray(args) ? args : [args])).trimEnd();
  for (const line of text.split('\n')) {
    if (!line.trim() || noise.test(line)) continue;
    fs.appendFileSync(echoLog, `${type}: ${line}\n`);
    if (++echoed < ECHO_LIMIT) process.stdout.write(`    │ ${line}\n`);
    else if (echoed === ECHO_LIMIT) process.stdout.write(`    │ … more in ${path.relative(ROOT, echoLog)}\n`);
  }
}

export function codeServerEnv(tmp, extra) {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  return {
    ...process.env, ...extra,
    HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'), EXTENSIONS_GALLERY: '{}',
  };
}

/** Keeps the real Go caches when HOME moves into the temp dir (a cold build cache costs seconds), and names the go to test with. */
export function goEnv() {
  const r = spawnSync('go', ['env', 'GOCACHE', 'GOPATH', 'GOMODCACHE'], { encoding: 'utf8' });
  if (r.status !== 0) return {};
  const [GOCACHE, GOPATH, GOMODCACHE] = r.stdout.trim().split('\n');
  // The extension host gets the login shell's PATH, which may not hold the go the tests were started
  // with: the tests' own go and gofmt calls use this absolute path.
  const root = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout?.trim();
  const GO_OOM_LENS_E2E_GO = root ? path.join(root, 'bin', process.platform === 'win32' ? 'go.exe' : 'go') : 'go';
  return { GOCACHE, GOPATH, GOMODCACHE, GO_OOM_LENS_E2E_GO };
}

export function writeUserSettings(userDir) {
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

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** What must be stopped if the runner itself is interrupted (code-server's process groups). */
export const interrupted = new Set();
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(sig, () => {
    console.log(`\n${sig}: stopping code-server and removing temp dirs`);
    for (const stop of interrupted) stop();
    process.exit(code); // the 'exit' handler removes the temp dirs; Chromium exits with its pipe
  });
}
