// Which Go release an explanation's numbers are for, per file: the go.mod above it (`go` and
// `toolchain` lines), the installed go's version and GOTOOLCHAIN, combined by
// analysis/runtime/toolchainChoice.ts. Runs nothing: the installed version comes from the VERSION
// file of the go binary's GOROOT (every official and distribution install has one), so it works in
// untrusted workspaces too. Reads are synchronous and cached (a go.mod by its mtime).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { chooseGo, goModLines, type GoChoice, type ModuleGoLines } from '../analysis/runtime/toolchainChoice';

export class GoVersions {
  private readonly goMods = new Map<string, { mtimeMs: number; lines: ModuleGoLines }>();
  private readonly installed = new Map<string, string | undefined>();

  /** The choice for a file on disk (undefined path: only the installed go is known). */
  forFile(file: string | undefined, goBinary: string, env: NodeJS.ProcessEnv = process.env): GoChoice {
    const lines = file ? this.moduleLines(path.dirname(file)) : { hasGoMod: false };
    return chooseGo({ ...lines, installed: this.installedVersion(goBinary), gotoolchain: env.GOTOOLCHAIN });
  }

  private moduleLines(dir: string): ModuleGoLines {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
      const file = path.join(d, 'go.mod');
      const mtimeMs = statOrUndefined(file)?.mtimeMs;
      if (mtimeMs !== undefined) {
        const cached = this.goMods.get(file);
        if (cached?.mtimeMs === mtimeMs) return cached.lines;
        const lines = readOrUndefined(file, 256 * 1024);
        const parsed = lines === undefined ? { hasGoMod: true } : goModLines(lines);
        this.goMods.set(file, { mtimeMs, lines: parsed });
        return parsed;
      }
      if (path.dirname(d) === d) return { hasGoMod: false };
    }
  }

  /** `go1.26.8` from `<GOROOT>/VERSION`, the go binary being `<GOROOT>/bin/go`. */
  private installedVersion(goBinary: string): string | undefined {
    if (!this.installed.has(goBinary)) {
      let version: string | undefined;
      try {
        if (path.isAbsolute(goBinary)) {
          const goroot = path.dirname(path.dirname(realpathSync(goBinary)));
          version = readOrUndefined(path.join(goroot, 'VERSION'), 4096)?.split('\n')[0].trim() || undefined;
        }
      } catch {
        version = undefined;
      }
      this.installed.set(goBinary, version);
    }
    return this.installed.get(goBinary);
  }
}

function statOrUndefined(file: string): { mtimeMs: number } | undefined {
  try {
    const s = statSync(file);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

/** A regular file's text when it is no larger than max bytes. */
function readOrUndefined(file: string, max: number): string | undefined {
  try {
    const s = statSync(file);
    return s.isFile() && s.size <= max ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
