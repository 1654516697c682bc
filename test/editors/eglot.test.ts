// The README's Emacs config (eglot) in a real batch Emacs (Debian bookworm's 28.2 with elpa-eglot 1.9
// and elpa-go-mode; .ci/run installs them): the server found on PATH as `go-oom-lens` (a wrapper
// around the built dist/cli.js), started by the README's `eglot-ensure` hook; diagnostics in flymake,
// the hover in the format eglot asks for, the README's `go-oom-lens-explain` (also as an eglot with
// window/showDocument, where the server opens the page), a quick fix, and the server gone once Emacs
// has quit, with nothing left in the temp folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, makeSandbox, repoRoot } from '../install/installHarness';
import { editorRunFolders, editorVersion, ended, readmeBlockAfter } from './editorSandbox';

const driver = path.join(repoRoot, 'test', 'editors', 'eglotDriver.el');
const EMACS_TIMEOUT_MS = 120_000;



interface Diagnostic { line: number; type: string; text: string; code: string; source: string; message: string }
interface Page { text: string; mode: string; read_only: boolean; shown: boolean }
interface Report {
  version?: string;
  error?: string;
  notes: string[];
  markdown_mode?: boolean;
  mode?: string;
  pid?: number;
  root?: string;
  diagnostics?: Diagnostic[];
  hover?: { kind: string; value: string; rendered: string };
  explanation?: Page | null;
  nothing_here?: Page | null;
  actions?: { title: string; kind?: string }[];
  asked?: string;
  fixed?: boolean;
  step_gone?: boolean;
  shown?: { path: string; markdown: string }[];
}

interface Run { report: Report; tmpDir: string; leftInTmp: string[]; serverEnded: boolean; ms: number; file: string }

/** The Emacs a run imitates: with markdown-mode, without it, or with an eglot that has window/showDocument. */
type Variant = 'markdown' | 'plain' | 'newer';


/** Runs the README config + the driver in batch Emacs in a sandbox, returns what it reported. */
async function runEmacs(sandbox: string, variant: Variant): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(sandbox, `${variant}-`));
  const { ws, file, bin, tmp, out } = editorRunFolders(dir);
  const init = path.join(dir, 'init.el');
  fs.writeFileSync(init, `${readmeBlockAfter('Emacs (28 and later) with eglot', 'elisp')}\n${readmeBlockAfter('Eglot has no code lenses.', 'elisp')}`);
  const env = {
    ...cleanEnv(sandbox, [bin]),
    TMPDIR: tmp,
    GO_OOM_LENS_INIT: init,
    GO_OOM_LENS_FILE: file,
    GO_OOM_LENS_OUT: out,
    GO_OOM_LENS_NO_MARKDOWN: variant === 'plain' ? '1' : '0',
    GO_OOM_LENS_NEWER_CLIENT: variant === 'newer' ? '1' : '0',
  };
  const started = Date.now();
  // --batch reads no init file; --no-site-file skips the system's site-start.el. Debian's ELPA
  // packages stay on the load path, and the driver activates them as Emacs does at startup.
  const r = spawnSync('emacs', ['--batch', '--no-site-file', '-l', driver], {
    cwd: ws, env, encoding: 'utf8', timeout: EMACS_TIMEOUT_MS, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = Date.now() - started;
  if (r.error || r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`emacs ${r.error ? `did not finish: ${r.error.message}` : `exited with ${r.status ?? r.signal}`}\n${r.stdout}${r.stderr}`);
  }
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  assert.equal(report.error, undefined, `the driver failed in ${report.version}:\n${report.error}\nemacs's output: ${r.stdout}${r.stderr}`);
  const serverEnded = report.pid ? await ended(report.pid, 10_000) : false;
  return { report, tmpDir: tmp, leftInTmp: fs.readdirSync(tmp), serverEnded, ms, file };
}

const rule = (ds: Diagnostic[] | undefined, code: string) => ds?.find((d) => d.code === code);

/** What every run shares: the server started by the README's hook, its diagnostics, the fix, its end. */
function assertServed({ report, leftInTmp, serverEnded, file }: Run): void {
  assert.equal(report.mode, 'go-mode', 'the file opens in go-mode');
  assert.equal(report.root, `${path.dirname(file)}/`, 'the project is the folder of go.mod');
  const step = rule(report.diagnostics, 'zero-step-loop');
  const append = rule(report.diagnostics, 'unbounded-append');
  assert.match(step?.message ?? '', /^This loop may never end: `i` advances by `interval`, which can be 0/);
  assert.equal(step?.source, 'go-oom-lens');
  assert.equal(step?.type, 'eglot-warning');
  assert.match(append?.message ?? '', /`demos` grows on every iteration/);
  assert.ok(report.hover?.rendered.includes('demos'), `eldoc shows the hover: ${report.hover?.rendered}`);
  assert.equal(report.nothing_here, null, 'line 1 is in no flagged function: no page');
  assert.ok(report.notes.some((n) => /nothing to explain here/.test(n)), `a message instead: ${report.notes.join(' | ')}`);

  assert.ok((report.actions?.length ?? 0) > 0, 'quick fixes for the zero step');
  assert.match(report.asked ?? '', /Pick an action/, 'eglot asks which fix to apply');
  assert.equal(report.fixed, true, `applying "${report.actions?.[0]?.title}" changed the buffer`);
  assert.equal(report.step_gone, true, 'after the fix the zero-step diagnostic goes');
  assert.ok(serverEnded, `the server (pid ${report.pid}) still runs 10 s after Emacs quit`);
  assert.deepEqual(leftInTmp, [], 'nothing is left in TMPDIR');
}

/** The *Go OOM Lens* buffer of the README's go-oom-lens-explain, in `mode`. */
function assertPage(report: Report, mode: string): void {
  const page = report.explanation;
  assert.ok(page, `go-oom-lens-explain showed no buffer; notes: ${report.notes.join(' | ')}`);
  assert.match(page.text, /^# Why `handler` is OOM-killed/);
  assert.match(page.text, /demos/);
  assert.deepEqual([page.mode, page.read_only, page.shown], [mode, true, true], 'the page is read-only and shown in a window');
}

describe(`the README's Emacs config with eglot (${editorVersion('emacs', 'apt-get install emacs-nox elpa-eglot elpa-go-mode elpa-markdown-mode')})`, () => {
  let sandbox: string;
  before(() => { sandbox = makeSandbox('eglot'); });
  after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

  test('with markdown-mode: diagnostics, a markdown hover, the explanation in markdown-mode, a quick fix; nothing left behind', async () => {
    const run = await runEmacs(sandbox, 'markdown');
    const { report } = run;
    assert.equal(report.markdown_mode, true, 'markdown-mode is installed (elpa-markdown-mode)');
    assert.equal(report.hover?.kind, 'markdown', 'eglot 1.9 asks for markdown first when markdown-mode is there');
    assert.match(report.hover?.value ?? '', /\*\*unbounded-append\*\*/);
    assertPage(report, 'markdown-mode');
    assertServed(run);
    console.log(`${report.version}: ${run.ms} ms from start to exit; ${report.diagnostics?.length} diagnostics; quick fix "${report.actions?.[0]?.title}"`);
  });

  test('without markdown-mode: eglot asks for plain text and gets it; the explanation in text-mode', async () => {
    const run = await runEmacs(sandbox, 'plain');
    const { report } = run;
    assert.equal(report.markdown_mode, false, 'markdown-mode is not activated');
    assert.equal(report.hover?.kind, 'plaintext');
    assert.doesNotMatch(report.hover?.value ?? '', /\*\*|`|\]\(/, 'no markdown in a plain-text hover');
    assert.match(report.hover?.value ?? '', /demos/);
    assert.equal(report.hover?.rendered, report.hover?.value.trim(), 'eldoc shows the text as it came');
    assertPage(report, 'text-mode');
    assertServed(run);
    console.log(`${report.version} without markdown-mode: ${run.ms} ms from start to exit`);
  });

  test('an eglot with window/showDocument: the server opens the page, the command leaves it to the server; the page goes when Emacs quits', async () => {
    const run = await runEmacs(sandbox, 'newer');
    const { report, tmpDir } = run;
    assert.equal(report.explanation, null, 'go-oom-lens-explain shows no buffer of its own');
    assert.equal(report.shown?.length, 1, 'the server asked to show one page');
    const shown = report.shown![0];
    assert.match(shown.markdown, /^# Why `handler` is OOM-killed/);
    assert.ok(path.basename(path.dirname(shown.path)).startsWith('go-oom-lens-explain-') && path.dirname(path.dirname(shown.path)) === tmpDir, `the page is in the server's TMPDIR: ${shown.path}`);
    assertServed(run);
    assert.ok(!fs.existsSync(shown.path), 'the page is gone');
    console.log(`${report.version} with window/showDocument: ${run.ms} ms from start to exit`);
  });
});
