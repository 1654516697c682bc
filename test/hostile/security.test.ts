// Security properties of what the extension runs: no shell anywhere, the go command never reaches
// the network or edits go.mod, unsaved buffers go to a private temporary directory that is removed
// whatever the outcome, and output that names odd files (/dev/zero, a FIFO) is not followed.
// (Untrusted workspaces never run the toolchain: test/lsp/escape.test.ts.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { escapeEnv, runEscapeAnalysis, type EscapeRun } from '../../server/src/escape/compiler';
import { probeGo } from '../../server/src/escape/goToolchain';
import { repoRoot } from '../lsp/lspClient';

/** The .ts files under a directory. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('no shell', () => {
  const files = [...sources(path.join(repoRoot, 'server', 'src')), ...sources(path.join(repoRoot, 'client', 'src'))];

  test('processes are started only with spawn or execFile, never exec or a shell', () => {
    const starters: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const rel = path.relative(repoRoot, file);
      if (!/['"](node:)?child_process['"]/.test(text)) continue;
      starters.push(rel);
      const imported = /import\s*\{([^}]*)\}\s*from\s*['"](?:node:)?child_process['"]/.exec(text)?.[1] ?? '';
      for (const name of imported.split(',').map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
        assert.ok(['spawn', 'execFile', 'spawnSync', 'execFileSync', 'ChildProcess', 'type ChildProcess'].includes(name), `${rel} imports ${name} from child_process (exec runs a shell)`);
      }
      assert.doesNotMatch(text, /import\s+\*\s+as\s+\w+\s+from\s+['"](?:node:)?child_process['"]|require\(['"](?:node:)?child_process['"]\)/, `${rel}: import the functions by name`);
      for (const call of text.matchAll(/\b(spawn|execFile|spawnSync|execFileSync)\(([^;]*?)\);/gs)) {
        assert.doesNotMatch(call[2], /shell:\s*(true|[^f\s,}])/, `${rel}: ${call[0].slice(0, 120)}`);
      }
    }
    for (const file of files) assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /shell:\s*true/, path.relative(repoRoot, file));
    assert.deepEqual(starters, [path.join('server', 'src', 'escape', 'compiler.ts')], 'only the escape runner starts processes');
  });

  test('the escape runner spawns with shell: false, in its own process group', () => {
    const text = fs.readFileSync(path.join(repoRoot, 'server', 'src', 'escape', 'compiler.ts'), 'utf8');
    const call = /spawn\(file, args, \{([^}]*)\}\)/.exec(text);
    assert.ok(call, 'one spawn call');
    assert.match(call[1], /shell: false/);
    assert.match(call[1], /detached: group/);
  });
});

describe('no network, no go.mod edits', () => {
  test('escapeEnv forces GOPROXY=off, GOTOOLCHAIN=local, GOVCS off and -mod=readonly over the user\'s environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-env-'));
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/env\n\ngo 1.19\n');
      const env = escapeEnv(dir, { PATH: '/usr/bin', GOPROXY: 'https://proxy.golang.org,direct', GOTOOLCHAIN: 'auto', GOVCS: 'public:git', GOFLAGS: '-mod=mod -tags=x --mod=vendor' });
      assert.equal(env.GOPROXY, 'off');
      assert.equal(env.GOTOOLCHAIN, 'local');
      assert.equal(env.GOVCS, '*:off');
      assert.equal(env.GOFLAGS, '-tags=x -mod=readonly');
      assert.equal(env.PATH, '/usr/bin');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the go command actually runs with that environment (a fake go records it), and so does probeGo', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-env-')));
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/env\n\ngo 1.19\n');
      fs.writeFileSync(path.join(dir, 'a.go'), 'package env\n');
      const record = path.join(dir, 'env.txt');
      const go = fakeGo(dir, `env >> '${record}'\necho "---" >> '${record}'\nexit 0`);
      const env = { ...process.env, GOPROXY: 'https://proxy.golang.org', GOTOOLCHAIN: 'go1.99.0', GOFLAGS: '-mod=mod' };
      await runEscapeAnalysis({ packageDir: dir, goBinary: go, env, timeoutMs: 20_000 });
      await probeGo(go, dir);
      const runs = fs.readFileSync(record, 'utf8').split('---\n').filter((r) => r.trim() !== '');
      assert.equal(runs.length, 2);
      for (const run of runs) {
        assert.match(run, /^GOPROXY=off$/m);
        assert.match(run, /^GOTOOLCHAIN=local$/m);
        assert.match(run, /^GOVCS=\*:off$/m);
        assert.match(run, /^GOFLAGS=.*-mod=readonly/m);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unsaved buffers in a private temporary directory, always removed', () => {
  let tmp: string;
  let pkg: string;
  const savedTmp = process.env.TMPDIR;
  before(() => {
    // os.tmpdir() follows TMPDIR: the runner's temporary directories land where the test can see them all.
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-tmp-')));
    pkg = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-pkg-')));
    fs.writeFileSync(path.join(pkg, 'go.mod'), 'module example.com/tmp\n\ngo 1.19\n');
    fs.writeFileSync(path.join(pkg, 'a.go'), 'package tmp\n');
    process.env.TMPDIR = tmp;
  });
  after(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(pkg, { recursive: true, force: true });
  });

  /** A fake go that notes its -overlay file, the mode of its directory and what the overlay names, then does `then`. */
  const recordingGo = (name: string, then: string): string => {
    const note = path.join(pkg, `${name}.txt`);
    return fakeGo(pkg, [
      `for a in "$@"; do case "$a" in -overlay=*) f="\${a#-overlay=}"; echo "$f" > '${note}.part'; stat -c %a "$(dirname "$f")" >> '${note}.part'; cat "$f" >> '${note}.part';; esac; done`,
      `mv '${note}.part' '${note}'`,
      then,
    ].join('\n'), name);
  };

  const overlay = (): Map<string, string> => new Map([[path.join(pkg, 'a.go'), 'package tmp\n\nvar unsaved = 1\n']]);

  const check = (name: string, run: EscapeRun, outcome: string): void => {
    assert.equal(run.outcome, outcome, run.message);
    const note = fs.readFileSync(path.join(pkg, `${name}.txt`), 'utf8').split('\n');
    const overlayFile = note[0];
    assert.ok(overlayFile.startsWith(`${tmp}${path.sep}go-oom-lens-escape-`), `overlay in a fresh private directory: ${overlayFile}`);
    assert.equal(note[1], '700', 'only the user can read it');
    const replace = JSON.parse(note.slice(2).join('\n')).Replace as Record<string, string>;
    for (const backing of Object.values(replace)) assert.ok(backing.startsWith(path.dirname(overlayFile)), `${backing} inside the private directory`);
    assert.deepEqual(fs.readdirSync(tmp), [], `nothing left in the temporary directory after ${outcome}`);
  };

  test('after a successful run, a failing one and one that prints garbage', async () => {
    const ok = recordingGo('ok', 'echo "./a.go:3:5: moved to heap: unsaved" >&2; exit 0');
    check('ok', await runEscapeAnalysis({ packageDir: pkg, goBinary: ok, overlay: overlay() }), 'ok');
    const failing = recordingGo('failing', 'echo "./a.go:1:1: syntax error" >&2; exit 2');
    check('failing', await runEscapeAnalysis({ packageDir: pkg, goBinary: failing, overlay: overlay() }), 'failed');
    const garbage = recordingGo('garbage', 'head -c 200000 /dev/urandom >&2; echo >&2; echo "/dev/zero:1:1: moved to heap: x" >&2; echo "./a.go:99999:99999: escapes to heap" >&2; exit 0');
    check('garbage', await runEscapeAnalysis({ packageDir: pkg, goBinary: garbage, overlay: overlay() }), 'ok');
  });

  test('after a timeout and a cancellation', async () => {
    const hang = recordingGo('hang', 'exec sleep 300');
    check('hang', await runEscapeAnalysis({ packageDir: pkg, goBinary: hang, overlay: overlay(), timeoutMs: 500 }), 'timeout');
    const cancel = recordingGo('cancel', 'exec sleep 300');
    const controller = new AbortController();
    const noted = fileAppears(path.join(pkg, 'cancel.txt'));
    const running = runEscapeAnalysis({ packageDir: pkg, goBinary: cancel, overlay: overlay(), signal: controller.signal, timeoutMs: 60_000 });
    await noted;
    controller.abort();
    check('cancel', await running, 'cancelled');
  });

  test('when the go binary does not exist', async () => {
    const run = await runEscapeAnalysis({ packageDir: pkg, goBinary: path.join(pkg, 'no-such-go'), overlay: overlay() });
    assert.equal(run.outcome, 'go-not-found');
    assert.deepEqual(fs.readdirSync(tmp), []);
  });

  test('output naming /dev/zero, /dev/stdin or a FIFO is not read (the run ends, memory stays bounded)', async () => {
    const fifo = path.join(pkg, 'pipe.go');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const go = fakeGo(pkg, `echo "/dev/zero:1:1: moved to heap: x" >&2\necho "/dev/stdin:1:1: moved to heap: y" >&2\necho "${fifo}:1:1: moved to heap: z" >&2\nexit 0`, 'odd');
    const run = await runEscapeAnalysis({ packageDir: pkg, goBinary: go, timeoutMs: 20_000 });
    assert.equal(run.outcome, 'ok');
    assert.equal(run.facts.length, 3);
    fs.rmSync(fifo);
  });
});

/** Resolves once `file` exists (watching its directory; no polling, no sleeps). */
function fileAppears(file: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(path.dirname(file), () => {
      if (fs.existsSync(file)) { watcher.close(); resolve(); }
    });
    if (fs.existsSync(file)) { watcher.close(); resolve(); }
  });
}

function fakeGo(dir: string, body: string, name = 'fake-go'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}
