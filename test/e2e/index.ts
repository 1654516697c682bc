// The in-editor test suite's entry: VS Code (or code-server) loads this module as
// `extensionTestsPath` and calls run() inside the extension host, with the real `vscode` API.
// scripts/editor-tests.mjs starts the editor; the same module works under @vscode/test-electron.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Test files run in this order (later ones edit the document the earlier ones only read). */
const order = ['activation', 'diagnostics', 'hover', 'codeLens', 'quickFix', 'edits', 'settings', 'recursion', 'escape'];

interface TestResult { title: string; state: 'passed' | 'failed'; durationMs?: number; error?: string }

/** Runs every `*.test.js` beside this file with mocha; rejects when a test fails. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, slow: 10_000, reporter: 'spec' });
  const grep = process.env.GO_OOM_LENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  const rank = (f: string) => {
    const i = order.indexOf(path.basename(f, '.test.js'));
    return i < 0 ? order.length : i;
  };
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js'));
  files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const results: TestResult[] = [];
  return new Promise((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        writeResults(results, true);
        if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
      return;
    }
    const done = new Set<string>();
    // Written after every test, so a run that dies half-way still tells what it got through.
    const add = (r: TestResult) => { done.add(r.title); results.push(r); writeResults(results, false); };
    runner.on('pass', (t) => add({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => {
      const error = err?.stack ?? String(err);
      // 'fail' also fires for hooks, though typed as a Test.
      if ((t as Mocha.Runnable as { type?: string }).type === 'hook' && /before/.test(t.title) && t.parent) {
        // Mocha runs none of a suite's tests after its setup fails: count each of them as failed.
        const hook = t.title.replace(/ for ".*"$/, '');
        t.parent.eachTest((test) => {
          if (!done.has(test.fullTitle())) add({ title: test.fullTitle(), state: 'failed', error: `not run: ${hook} failed: ${error}` });
        });
      } else {
        add({ title: t.fullTitle(), state: 'failed', error });
      }
    });
  });
}

/** Hands the results to the runner through a file it named (the editor's own exit code is coarse). */
function writeResults(results: TestResult[], finished: boolean): void {
  const file = process.env.GO_OOM_LENS_E2E_RESULTS;
  if (!file) return;
  const passed = results.filter((r) => r.state === 'passed').length;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ finished, passed, failed: results.length - passed, results }, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
