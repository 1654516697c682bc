// Which `go` binary to run when the user named none. Editors often start language servers with a
// login shell's PATH (VS Code's remote server and code-server resolve the user's shell environment),
// which can lack a Go installed under /usr/local/go or ~/sdk even though a terminal finds it. Like
// the Go extension, fall back to the places the official installers use. Never runs anything.
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface FindGoEnv {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The absolute path of the first executable `go` on PATH, else in a well-known install location; `go` when none is found. */
export function findGo(options: FindGoEnv = {}): string {
  return findGoCandidates(options).find(isExecutable) ?? 'go';
}

/** Candidate paths of `go`, in order: PATH, `$GOROOT/bin`, the official installers' folders, `~/sdk/go*` (newest first). */
export function findGoCandidates(options: FindGoEnv = {}): string[] {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.home ?? os.homedir();
  const win = platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const exe = win ? 'go.exe' : 'go';
  const out: string[] = [];
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(win ? ';' : ':')) if (dir && p.isAbsolute(dir)) out.push(p.join(dir, exe));
  if (env.GOROOT && p.isAbsolute(env.GOROOT)) out.push(p.join(env.GOROOT, 'bin', exe));
  if (win) {
    for (const base of [env.ProgramFiles, env['ProgramFiles(x86)'], 'C:\\Program Files']) if (base) out.push(p.join(base, 'Go', 'bin', exe));
  } else {
    out.push('/usr/local/go/bin/go', '/opt/homebrew/bin/go', '/usr/local/bin/go', '/usr/bin/go', '/snap/bin/go');
  }
  if (home) out.push(...sdkGos(p.join(home, 'sdk'), p, exe), p.join(home, 'go', 'bin', exe));
  return [...new Set(out)];
}

/** `~/sdk/go1.26.1/bin/go` and the like (golang.org/dl installs), newest version first. */
function sdkGos(sdk: string, p: typeof path.posix, exe: string): string[] {
  let names: string[];
  try {
    names = readdirSync(sdk).filter((n) => /^go\d+(\.\d+)*/.test(n));
  } catch {
    return [];
  }
  const key = (n: string): number[] => (/^go(\d+(?:\.\d+)*)/.exec(n)?.[1] ?? '0').split('.').map(Number);
  names.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
  return names.map((n) => p.join(sdk, n, 'bin', exe));
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
