// The file-system side of heap profiles, shared by the language server, the CLI and the benchmark:
// reading a profile file (refusing what is too large before reading it) and describing a workspace
// (its .go files and go.mod modules) for profile/paths.ts. Never follows the walk into .git,
// node_modules, vendor or testdata below a root (as `go` and `check` do).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError, isGoSourceName, isSkippedDir } from './cli/collect';
import { maxProfileBytes } from './profile/decode';
import { declarationLines, type FuncExtent } from './profile/goNames';
import type { Workspace } from './profile/paths';

/** Reads a profile file, or says why not (missing, not a file, larger than 100 MiB). */
export function readProfileFile(file: string): { bytes: Uint8Array } | { error: string } {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { error: `${file} is not a regular file` };
    if (st.size > maxProfileBytes) return { error: `${path.basename(file)} is ${(st.size / 1024 ** 2).toFixed(0)} MiB; heap profiles larger than ${maxProfileBytes / 1024 ** 2} MiB are not read` };
    const b = fs.readFileSync(file);
    return { bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
  } catch (e) {
    return { error: `cannot read ${file}: ${describeFsError(e)}` };
  }
}

/** A walk stops after this many .go files (a profile needs the files it names, not a whole monorepo's). */
export const maxWorkspaceFiles = 100_000;

export interface ScannedWorkspace extends Workspace {
  /** True when the walk stopped at maxWorkspaceFiles. */
  truncated: boolean;
}

/**
 * Lists the .go files and modules below the roots. `textOf` may supply a file's current text (an
 * open editor's); otherwise files are read from disk when their declarations are first needed.
 */
export function scanWorkspace(roots: readonly string[], textOf?: (file: string) => string | undefined): ScannedWorkspace {
  const files: string[] = [];
  const modules: Array<{ path: string; dir: string }> = [];
  let truncated = false;
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (files.length >= maxWorkspaceFiles) { truncated = true; return; }
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (!isSkippedDir(e.name)) walk(p);
      } else if (e.isFile() && isGoSourceName(e.name)) {
        files.push(p);
      } else if (e.isFile() && e.name === 'go.mod') {
        const m = modulePathOf(p);
        if (m) modules.push({ path: m, dir });
      }
    }
  };
  for (const r of roots) {
    const abs = path.resolve(r).replace(/\\/g, '/').replace(/(.)\/$/, '$1');
    if (abs.endsWith('.go') && fs.statSync(abs, { throwIfNoEntry: false })?.isFile()) files.push(abs);
    else walk(abs);
  }
  const decls = new Map<string, ReadonlyMap<string, FuncExtent> | undefined>();
  const declarations = (file: string): ReadonlyMap<string, FuncExtent> | undefined => {
    if (!decls.has(file)) {
      let text = textOf?.(file);
      try {
        text ??= fs.readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      decls.set(file, text === undefined ? undefined : declarationLines(text));
    }
    return decls.get(file);
  };
  return { files, modules, declarations, truncated };
}

/** The module path a go.mod declares (`module example.com/app`), or undefined. */
export function modulePathOf(goMod: string): string | undefined {
  try {
    const text = fs.readFileSync(goMod, 'utf8');
    const m = /^\s*module\s+("?)([^\s"]+)\1/m.exec(text.replace(/\/\/[^\n]*/g, ''));
    return m?.[2];
  } catch {
    return undefined;
  }
}
