#!/usr/bin/env node
// Measures the lens's first click, not a test: installs the .vsix into one code-server and, for each
// run, opens a fresh copy of the incident's workspace in a fresh window (a new extension host and
// language server), clicks "Why OOM, not stack overflow?" once as soon as it shows, and counts the
// clicks that opened the explanation. Then it applies the quick fix and times how long the lens
// stays after the edit. Prints one line a run and the counts.
//
// It clicks the lens's link (`--target link`, as the tests do): VS Code redraws every lens as a
// command-less <span> placeholder from its CodeLensCache whenever any extension registers a code-lens
// provider, until all providers answered again, and a click on that placeholder does nothing.
// `--target decoration` clicks the lens wherever it is drawn, placeholder or not (the old way).
//
//   node scripts/editor/lensClicks.mjs [--runs 20] [--wait-ms 20000] [--target link|decoration]   (GO_OOM_LENS_VSIX=… to reuse a .vsix)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ARTIFACTS, CODE_SERVER, codeServerEnv, goEnv, withCodeServer } from './codeServer.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(ROOT, 'test/e2e/fixtures/incident');
const lensTitle = 'Why OOM, not stack overflow?';
const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '20' }, 'wait-ms': { type: 'string', default: '20000' }, target: { type: 'string', default: 'link' }, keep: { type: 'boolean', default: false } } });
if (!['link', 'decoration'].includes(opts.target)) throw new Error(`--target is link or decoration, not ${opts.target}`);
const runs = Number(opts.runs);
const waitMs = Number(opts['wait-ms']);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clicks-'));
fs.mkdirSync(ARTIFACTS, { recursive: true });
process.on('exit', () => { if (opts.keep) console.log(`kept ${tmp}`); else fs.rmSync(tmp, { recursive: true, force: true }); });

let vsix = process.env.GO_OOM_LENS_VSIX;
if (!vsix) {
  vsix = path.join(tmp, 'go-oom-lens.vsix');
  const r = spawnSync('npm', ['run', 'package', '--silent', '--', '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}${r.stderr}`);
}
const ext = path.join(tmp, 'ext');
const install = spawnSync(process.execPath, [CODE_SERVER, '--install-extension', vsix, '--extensions-dir', ext, '--user-data-dir', path.join(tmp, 'user')],
  { env: codeServerEnv(tmp, {}), encoding: 'utf8' });
if (install.status !== 0) throw new Error(`install failed:\n${install.stdout}${install.stderr}`);

const results = [];
await withCodeServer(tmp, goEnv(), async ({ origin, page }) => {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const lens = editor.locator('.codelens-decoration', { hasText: lensTitle }).first();
  const target = opts.target === 'link' ? editor.locator('.codelens-decoration a', { hasText: lensTitle }).first() : lens;
  const previewActive = `(document.querySelector('.tabs-container .tab.active')?.textContent || '').includes('Preview')`;
  if (process.env.LENS_TRACE) {
    const file = path.join(tmp, 'user/User/settings.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), 'goOomLens.trace.server': 'messages', ...JSON.parse(process.env.LENS_SETTINGS ?? '{}') }));
    // Every change of the lens's DOM, with the time, to see what the click met.
    await page.addInitScript(() => {
      const log = (window.__lensLog = []);
      const t0 = Date.now();
      new MutationObserver(() => {
        const el = document.querySelector('.codelens-decoration');
        const html = el ? `${el.getAttribute('widgetid')} ${el.innerHTML}` : '(none)';
        if (log[log.length - 1]?.html !== html) log.push({ ms: Date.now() - t0, html, focus: document.activeElement?.className?.slice(0, 40) });
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
  }
  for (let i = 1; i <= runs; i++) {
    const ws = path.join(tmp, `ws-${i}`);
    fs.cpSync(FIXTURE, ws, { recursive: true });
    await page.goto(`${origin}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'handler.go' }).click({ timeout: 60_000 });
    const opened = Date.now();
    await lens.waitFor({ timeout: 60_000 });
    const shownMs = Date.now() - opened;
    const html = await lens.evaluate((e) => e.innerHTML);
    const clicked = Date.now();
    if (process.env.LENS_TRACE) await page.evaluate(() => window.__lensLog.push({ click: true }));
    await target.click({ timeout: 60_000 });
    const ok = await page.waitForFunction(previewActive, undefined, { timeout: waitMs }).then(() => true, () => false);
    const previewMs = Date.now() - clicked;
    let goneMs;
    if (!ok) await page.screenshot({ path: path.join(ARTIFACTS, `clicks-failed-${i}.png`) });
    if (process.env.LENS_TRACE) console.log((await page.evaluate(() => window.__lensLog)).map((e) => JSON.stringify(e)).join('\n'));
    let step = '';
    if (ok) try {
      // Back to the code: apply the preferred fix and time the lens's going.
      step = 'close the preview';
      await page.locator('.tabs-container .tab.active .codicon-close').click();
      step = 'back to handler.go';
      await page.locator('.tabs-container .tab', { hasText: 'handler.go' }).click();
      step = 'click the loop';
      await editor.locator('.view-line', { hasText: 'for i := 0; i < len(items); i += interval {' }).click();
      // Where the line's middle falls depends on the layout: put the cursor on the `for`, in the diagnostic's range.
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
      step = 'open the quick fixes';
      await page.keyboard.press('Control+Period');
      await page.locator('.action-widget .monaco-list-row.action').first().waitFor({ timeout: 60_000 });
      step = 'apply the fix';
      await page.keyboard.press('Enter');
      await editor.locator('.view-line', { hasText: /if\sinterval\s(<=|<)\s/ }).first().waitFor({ timeout: 60_000 });
      const fixed = Date.now();
      step = 'wait for the lens to go';
      await lens.waitFor({ state: 'detached', timeout: 60_000 }).catch(() => undefined);
      goneMs = Date.now() - fixed;
    } catch (err) {
      goneMs = `fix step "${step}" failed: ${err.message.split('\n')[0]}`;
      await page.screenshot({ path: path.join(ARTIFACTS, `clicks-fix-failed-${i}.png`) });
    }
    const r = { run: i, ok, shownMs, previewMs: ok ? previewMs : undefined, goneMs, lens: html.replace(/\s+/g, ' ').slice(0, 120) };
    results.push(r);
    console.log(JSON.stringify(r));
  }
}, { extensionsDir: ext });

const good = results.filter((r) => r.ok).length;
const gone = results.map((r) => r.goneMs).filter((x) => typeof x === 'number').sort((a, b) => a - b);
console.log(`first clicks that opened the explanation: ${good} of ${results.length}`);
if (gone.length) console.log(`lens gone after the fix: median ${gone[gone.length >> 1]} ms, max ${gone[gone.length - 1]} ms (${gone.length} runs)`);
