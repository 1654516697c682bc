// Helpers for the tests that run the real Go compiler: small packages in temporary directories,
// and fake `go` binaries that hang (to test timeouts, cancellation and superseded runs).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Fails (does not skip) when no Go toolchain is installed: these tests are about the real compiler. */
export function requireGo(): string {
  const found = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(`the escape tests run the real Go compiler, but 'go version' failed (${found.error?.message ?? found.stderr.trim()}); install Go (Debian: apt-get install golang-go)`);
  }
  return found.stdout.trim();
}

/**
 * Debian's Go 1.19, the second toolchain the escape tests run (addressed by path, never on PATH):
 * $GO_OOM_LENS_GO119, else the go that `dpkg -L golang-1.19-go` lists, else /usr/lib/go-1.19/bin/go.
 * Fails (does not skip) when none runs.
 */
export function requireGo119(): string {
  const listed = spawnSync('dpkg', ['-L', 'golang-1.19-go'], { encoding: 'utf8' });
  const fromDpkg = listed.status === 0 ? listed.stdout.split('\n').find((l) => /\/bin\/go$/.test(l)) : undefined;
  const go = process.env.GO_OOM_LENS_GO119 || fromDpkg || '/usr/lib/go-1.19/bin/go';
  const found = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (found.error || found.status !== 0 || !found.stdout.startsWith('go1.19')) {
    throw new Error(`the escape tests also run Go 1.19, but '${go} env GOVERSION' gave ${found.error?.message ?? (found.stdout.trim() || found.stderr.trim())}; install golang-1.19-go or set GO_OOM_LENS_GO119`);
  }
  return go;
}

/** Creates a module `example.com/<name>` (go 1.19, no dependencies) with the given files; returns its directory. */
export function makePackage(name: string, files: Record<string, string>, goMod = `module example.com/${name}\n\ngo 1.19\n`): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `oom-lens-${name}-`)));
  fs.writeFileSync(path.join(dir, 'go.mod'), goMod);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/**
 * A `go` that never finishes: it starts a child (`sleep`) in the same process group, writes the
 * child's pid to $FAKE_GO_PIDFILE and waits. Killing only the shell would leave the child running.
 */
export function makeHangingGo(): { go: string; pidFile: string; dir: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-fake-go-')));
  const go = path.join(dir, 'go');
  // Like go, it makes its work folder in $GOTMPDIR (and says where), then hangs.
  fs.writeFileSync(go, '#!/bin/sh\nmkdir -p "$GOTMPDIR/go-build1"\necho "$GOTMPDIR" > "$FAKE_GO_PIDFILE.tmpdir"\nsleep 600 &\necho $! > "$FAKE_GO_PIDFILE"\nwait\n', { mode: 0o755 });
  return { go, pidFile: path.join(dir, 'child.pid'), dir };
}

/** Whether a process is gone (or a zombie waiting to be reaped, which no longer runs). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
