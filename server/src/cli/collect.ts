// Turns the paths given to `check` into work units: one per directory, holding the .go files to
// report and their siblings (a file is analysed with the files of its package, i.e. its directory).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SourceRef {
  /** Absolute path, used to read the file. */
  abs: string;
  /** The path as given on the command line joined with the path below it; used in all output. */
  display: string;
  /** Size from stat, used to schedule large directories first. */
  size: number;
  /** False for a sibling read only as package context (its findings are not reported). */
  report: boolean;
}

/** One directory's .go files; the worker groups them by package clause. */
export interface DirUnit { dir: string; files: SourceRef[]; bytes: number }

/** A file that was skipped (unreadable, binary, not UTF-8, too large), with the reason. */
export interface Problem { file: string; message: string }

export interface Collection {
  units: DirUnit[];
  problems: Problem[];
  /** Given paths that cannot be checked at all (exit 2). */
  fatal: string[];
}

const skippedDirNames = new Set(['vendor', 'testdata', 'node_modules']);

/** Directories a walk does not enter: as `go` does, plus node_modules (`.git` starts with a dot). */
export function isSkippedDir(name: string): boolean {
  return skippedDirNames.has(name) || name.startsWith('.') || name.startsWith('_');
}

/** Files a walk picks up: `.go` files that the go tool would not ignore. */
export function isGoSourceName(name: string): boolean {
  return name.endsWith('.go') && !name.startsWith('.') && !name.startsWith('_');
}

/** Why a file system call failed, in words. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ENOTDIR': return 'not a directory';
    case 'EISDIR': return 'is a directory';
    default: return e instanceof Error ? e.message : String(e);
  }
}

/** Walks the given paths; never throws for file system errors (they become problems or fatal). */
export function collect(paths: readonly string[]): Collection {
  const dirs = new Map<string, { display: string; files: Map<string, SourceRef> }>();
  const problems: Problem[] = [];
  const fatal: string[] = [];

  const add = (displayDir: string, absDir: string, name: string, report: boolean): void => {
    const abs = path.join(absDir, name);
    const display = path.join(displayDir, name);
    let dir = dirs.get(absDir);
    const known = dir?.files.get(abs);
    if (known) {
      known.report ||= report;
      return;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      if (report) problems.push({ file: display, message: `skipped: cannot read: ${describeFsError(e)}` });
      return;
    }
    if (!stat.isFile()) return;
    if (!dir) dirs.set(absDir, (dir = { display: displayDir, files: new Map() }));
    dir.files.set(abs, { abs, display, size: stat.size, report });
  };

  const walk = (displayRoot: string, absRoot: string): void => {
    const stack: Array<[string, string]> = [[displayRoot, absRoot]];
    for (let next = stack.pop(); next; next = stack.pop()) {
      const [display, abs] = next;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(abs, { withFileTypes: true });
      } catch (e) {
        if (abs === absRoot) fatal.push(`${display}: cannot read directory: ${describeFsError(e)}`);
        else problems.push({ file: display, message: `skipped directory: cannot read: ${describeFsError(e)}` });
        continue;
      }
      // Symbolic links to directories are not followed: no cycles, no checking a tree twice.
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!isSkippedDir(entry.name)) stack.push([path.join(display, entry.name), path.join(abs, entry.name)]);
        } else if (isGoSourceName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
          add(display, abs, entry.name, true);
        }
      }
    }
  };

  const addSiblings = (displayDir: string, absDir: string): void => {
    let names: string[];
    try {
      names = fs.readdirSync(absDir);
    } catch {
      return; // the given file is still checked, without package context
    }
    for (const name of names) if (isGoSourceName(name)) add(displayDir, absDir, name, false);
  };

  for (const raw of paths) {
    const given = withoutGoWildcard(raw);
    const display = path.normalize(given);
    const abs = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      fatal.push(`${given}: ${describeFsError(e)}`);
      continue;
    }
    if (stat.isDirectory()) {
      walk(display, abs);
    } else if (!stat.isFile()) {
      fatal.push(`${given}: not a regular file or directory`);
    } else if (!abs.endsWith('.go')) {
      fatal.push(`${given}: not a .go file`);
    } else {
      try {
        fs.accessSync(abs, fs.constants.R_OK);
      } catch (e) {
        fatal.push(`${given}: ${describeFsError(e)}`);
        continue;
      }
      add(path.dirname(display), path.dirname(abs), path.basename(abs), true);
      addSiblings(path.dirname(display), path.dirname(abs));
    }
  }

  const units: DirUnit[] = [];
  for (const [absDir, dir] of dirs) {
    const files = [...dir.files.values()].sort((a, b) => compareText(a.display, b.display));
    if (!files.some((f) => f.report)) continue;
    units.push({ dir: dir.display || absDir, files, bytes: files.reduce((n, f) => n + f.size, 0) });
  }
  units.sort((a, b) => compareText(a.dir, b.dir));
  return { units, problems, fatal };
}

/** `./...` and `dir/...` (Go's "and everything below") mean the directory: walks are recursive anyway. */
function withoutGoWildcard(given: string): string {
  if (given === '...') return '.';
  return /[\\/]\.\.\.$/.test(given) ? given.slice(0, -4) || path.sep : given;
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
