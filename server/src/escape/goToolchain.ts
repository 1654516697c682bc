// What the server needs to choose between compiler and predicted mode: is there a usable go, which
// version and target is it, and which Go version does the module ask for.
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { escapeEnv, runProcess } from './compiler';

export interface GoToolchain {
  /** `go1.22.3` */
  version: string;
  goos: string;
  goarch: string;
}

/** Runs `go env GOVERSION GOOS GOARCH` (no shell, nothing downloaded); undefined when go is missing or broken. */
export async function probeGo(goBinary = 'go', cwd = process.cwd(), timeoutMs = 10_000): Promise<GoToolchain | undefined> {
  const result = await runProcess(goBinary, ['env', 'GOVERSION', 'GOOS', 'GOARCH'], { cwd, env: escapeEnv(cwd), timeoutMs, captureStdout: true });
  if (result.spawnError || result.exitCode !== 0) return undefined;
  const [version, goos, goarch] = result.stdout.trim().split(/\r?\n/);
  return version && goos && goarch ? { version, goos, goarch } : undefined;
}

/** The `toolchain` (else `go`) version in the go.mod above dir: what the code is likely built with. */
export async function moduleGoVersion(dir: string): Promise<string | undefined> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const text = await fsp.readFile(path.join(d, 'go.mod'), 'utf8').catch(() => undefined);
    if (text !== undefined) return goVersionIn(text);
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * moduleGoVersion, read at once: a prediction made before the answer arrived would be made again
 * in full once it did. Only a regular go.mod of reasonable size is read (a FIFO would block).
 */
export function moduleGoVersionSync(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const file = path.join(d, 'go.mod');
    let text: string | undefined;
    try {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat?.isFile() && stat.size <= 1024 ** 2) text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) return goVersionIn(text);
    if (path.dirname(d) === d) return undefined;
  }
}

function goVersionIn(goMod: string): string | undefined {
  return /^toolchain\s+go(\S+)/m.exec(goMod)?.[1] ?? /^go\s+(\S+)/m.exec(goMod)?.[1];
}
