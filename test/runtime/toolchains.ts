// The Go toolchains the runtime tests run: the go on PATH (Go 1.26 on CI), Debian's Go 1.19
// (GO_OOM_LENS_GO119, else the golang-1.19-go package's files, else /usr/lib/go-1.19/bin/go), and any
// more named in GO_OOM_LENS_EXTRA_GOS (paths separated by the platform's PATH delimiter).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { probeGo } from '../../server/src/escape/goToolchain';

export interface Toolchain {
  go: string;
  /** `go1.26.8` */
  version: string;
  /** Where its sources are (`go env GOROOT`). */
  goroot: string;
}

/** Debian's Go 1.19, or a message saying how to provide it. */
export function go119Binary(): string | { missing: string } {
  const named = process.env.GO_OOM_LENS_GO119;
  if (named) return existsSync(named) ? named : { missing: `GO_OOM_LENS_GO119=${named} does not exist` };
  const dpkg = spawnSync('dpkg', ['-L', 'golang-1.19-go'], { encoding: 'utf8' });
  const listed = (dpkg.stdout ?? '').split('\n').find((l) => l.endsWith('/bin/go'));
  if (listed && existsSync(listed)) return listed;
  const usual = '/usr/lib/go-1.19/bin/go';
  if (existsSync(usual)) return usual;
  return { missing: 'Go 1.19 not found: install golang-1.19-go (Debian) or set GO_OOM_LENS_GO119 to its go binary' };
}

/** Every toolchain to test with; throws with a clear message when a required one is missing or broken. */
export async function toolchains(): Promise<Toolchain[]> {
  const go119 = go119Binary();
  if (typeof go119 !== 'string') throw new Error(go119.missing);
  const extra = (process.env.GO_OOM_LENS_EXTRA_GOS ?? '').split(path.delimiter).filter(Boolean);
  const out: Toolchain[] = [];
  for (const go of ['go', go119, ...extra]) {
    const probed = await probeGo(go, os.tmpdir());
    if (!probed) throw new Error(`${go}: \`go env GOVERSION\` failed (is it a Go toolchain?)`);
    const goroot = spawnSync(go, ['env', 'GOROOT'], { cwd: os.tmpdir(), encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).stdout?.trim();
    if (!goroot) throw new Error(`${go}: \`go env GOROOT\` printed nothing`);
    if (!out.some((t) => t.version === probed.version)) out.push({ go, version: probed.version, goroot });
  }
  return out;
}
