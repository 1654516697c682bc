// The README's Neovim 0.7–0.10 config in a real headless Neovim (Debian bookworm's 0.7.2; .ci/run
// installs it): the server found on PATH as `go-oom-lens` (a wrapper around the built dist/cli.js),
// diagnostics, hover, code lenses, a quick fix and the README's explanation function, and nothing
// left in the temp folder once Neovim has quit and the server has ended.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, makeSandbox, repoRoot } from '../install/installHarness';
import { editorRunFolders, editorVersion, ended, readmeBlockAfter } from './editorSandbox';

const driver = path.join(repoRoot, 'test', 'editors', 'neovimDriver.lua');
const NVIM_TIMEOUT_MS = 120_000;



interface Diagnostic { lnum: number; col: number; message: string; code: string; source: string; severity: number }
interface Page { text: string; buftype: string; filetype: string; modifiable: boolean }
interface Report {
  version: string;
  error?: string;
  notes: string[];
  pid?: number;
  root?: string;
  diagnostics?: Diagnostic[];
  hover?: { contents: { kind: string; value: string } };
  lenses?: { range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }[];
  explanation?: Page | null;
  nothing_here?: Page | null;
  shown?: { path: string; markdown: string | null }[];
  actions?: { title: string; kind?: string }[];
  fixed?: boolean;
  step_gone?: boolean;
}

interface Run { report: Report; tmpDir: string; leftInTmp: string[]; serverEnded: boolean; ms: number; file: string }


/** Runs the README config + the driver in headless Neovim in a sandbox, returns what it reported. */
async function runNeovim(sandbox: string, newerClient: boolean): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(sandbox, newerClient ? 'newer-' : 'plain-'));
  const { ws, file, bin, tmp, out } = editorRunFolders(dir);
  const config = path.join(dir, 'init.lua');
  fs.writeFileSync(config, `${readmeBlockAfter('Neovim (0.7–0.10)', 'lua')}\n${readmeBlockAfter('The lens "Why OOM, not stack overflow?"', 'lua')}`);
  const base = cleanEnv(sandbox, [bin]);
  const home = base.HOME!;
  const env = {
    ...base,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    TMPDIR: tmp,
    GO_OOM_LENS_FILE: file,
    GO_OOM_LENS_OUT: out,
    GO_OOM_LENS_NEWER_CLIENT: newerClient ? '1' : '0',
  };
  const started = Date.now();
  const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', config, '-c', `luafile ${driver}`], {
    cwd: ws, env, encoding: 'utf8', timeout: NVIM_TIMEOUT_MS, killSignal: 'SIGKILL',
  });
  const ms = Date.now() - started;
  if (r.error || r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`nvim ${r.error ? `did not finish: ${r.error.message}` : `exited with ${r.status ?? r.signal}`}\n${r.stdout}${r.stderr}`);
  }
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  assert.equal(report.error, undefined, `the driver failed in Neovim ${report.version}:\n${report.error}\nnvim's output: ${r.stdout}${r.stderr}`);
  const serverEnded = report.pid ? await ended(report.pid, 10_000) : false;
  return { report, tmpDir: tmp, leftInTmp: fs.readdirSync(tmp), serverEnded, ms, file };
}

const rule = (ds: Diagnostic[] | undefined, code: string) => ds?.find((d) => d.code === code);

describe(`the README's Neovim 0.7–0.10 config (${editorVersion('nvim', 'apt-get install neovim')})`, () => {
  let sandbox: string;
  before(() => { sandbox = makeSandbox('neovim'); });
  after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

  test('as Neovim is: diagnostics, a markdown hover, the lens, the explanation in a scratch buffer, a quick fix; nothing left behind', async () => {
    const { report, leftInTmp, serverEnded, ms, file } = await runNeovim(sandbox, false);
    assert.equal(report.root, path.dirname(file), 'root_dir is the folder of go.mod');
    const step = rule(report.diagnostics, 'zero-step-loop');
    const append = rule(report.diagnostics, 'unbounded-append');
    assert.match(step?.message ?? '', /^This loop may never end: `i` advances by `interval`, which can be 0/);
    assert.equal(step?.source, 'go-oom-lens');
    assert.match(append?.message ?? '', /`demos` grows on every iteration/);
    assert.equal(report.hover?.contents.kind, 'markdown', 'Neovim 0.7 asks for markdown first');
    assert.match(report.hover?.contents.value ?? '', /demos/);

    const lens = report.lenses?.[0];
    assert.equal(lens?.command.command, 'goOomLens.showExplanation');
    assert.deepEqual(lens?.command.arguments?.[0], pathToFileURL(file).toString());
    const page = report.explanation;
    assert.ok(page, `the explanation opened no window; notes: ${report.notes.join(' | ')}`);
    assert.match(page.text, /^# Why `handler` is OOM-killed/);
    assert.match(page.text, /demos/);
    assert.deepEqual([page.buftype, page.filetype, page.modifiable], ['nofile', 'markdown', false]);
    assert.equal(report.nothing_here, null, 'line 1 is in no flagged function: no page');
    assert.ok(report.notes.some((n) => /nothing to explain here/.test(n)), `a message instead: ${report.notes.join(' | ')}`);

    assert.ok((report.actions?.length ?? 0) > 0, 'a quick fix for the zero step');
    assert.equal(report.fixed, true, `applying "${report.actions?.[0]?.title}" changed the buffer`);
    assert.equal(report.step_gone, true, 'after the fix the zero-step diagnostic goes');
    console.log(`Neovim ${report.version}: ${ms} ms from start to exit; ${report.diagnostics?.length} diagnostics; quick fix "${report.actions?.[0]?.title}"`);

    assert.ok(serverEnded, `the server (pid ${report.pid}) still runs 10 s after Neovim quit`);
    assert.deepEqual(leftInTmp, [], 'nothing is left in TMPDIR');
  });

  test('a client with window/showDocument and plain-text hovers: the server opens the page; its folder goes when Neovim quits', async () => {
    const { report, tmpDir, leftInTmp, serverEnded } = await runNeovim(sandbox, true);
    assert.equal(report.hover?.contents.kind, 'plaintext');
    assert.doesNotMatch(report.hover?.contents.value ?? '', /\*\*|`/, 'no markdown in a plain-text hover');
    assert.match(report.hover?.contents.value ?? '', /demos/);
    assert.equal(report.explanation, null, 'the function leaves the page to the server');
    assert.equal(report.shown?.length, 1, 'the server asked to show one page');
    const shown = report.shown![0];
    assert.match(shown.markdown ?? '', /^# Why `handler` is OOM-killed/);
    assert.ok(path.basename(path.dirname(shown.path)).startsWith('go-oom-lens-explain-') && path.dirname(path.dirname(shown.path)) === tmpDir, `the page is in the server's TMPDIR: ${shown.path}`);
    assert.ok(serverEnded, `the server (pid ${report.pid}) still runs 10 s after Neovim quit`);
    assert.ok(!fs.existsSync(shown.path), 'the page is gone');
    assert.deepEqual(leftInTmp, [], 'nothing is left in TMPDIR');
  });
});
