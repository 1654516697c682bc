// Which workspace file a profile's file name stands for. Profiles carry the paths of the machine
// that built the binary: absolute (`/home/ci/src/app/internal/x.go`), module-relative under
// -trimpath (`example.com/app/internal/x.go`), in the module cache (`…/pkg/mod/example.com/lib@v1.2.0/y.go`)
// or under an old GOPATH (`…/src/example.com/app/x.go`). Pure: the workspace is given as lists.
import { isStandardLibrary, type FuncExtent, type ProfileFunction } from './goNames';

export interface Workspace {
  /** Every .go file of the workspace (absolute, `/`-separated). */
  files: readonly string[];
  /** The workspace's modules (from go.mod): module path and directory (absolute, `/`-separated). */
  modules: ReadonlyArray<{ path: string; dir: string }>;
  /** The declarations of a workspace file (see goNames.declarationLines), undefined when unreadable. */
  declarations(file: string): ReadonlyMap<string, FuncExtent> | undefined;
}

/** How a profile path was matched: the same path, through a module path, or by its trailing directories. */
export type MatchedBy = 'same path' | 'module path' | 'module cache' | 'GOPATH' | 'file name and directories';

export interface Resolved { file: string; by: MatchedBy }

/** Resolves profile paths against one workspace, remembering answers. */
export class PathResolver {
  private readonly files: Set<string>;
  private readonly byBase = new Map<string, string[]>();
  private readonly modules: Array<{ path: string; dir: string }>;
  private readonly cache = new Map<string, Resolved | undefined>();

  constructor(private readonly ws: Workspace) {
    this.files = new Set(ws.files);
    for (const f of ws.files) {
      const base = f.slice(f.lastIndexOf('/') + 1);
      const list = this.byBase.get(base) ?? [];
      list.push(f);
      this.byBase.set(base, list);
    }
    // Longest module path first: a nested module wins over the one around it.
    this.modules = [...ws.modules].sort((a, b) => b.path.length - a.path.length);
  }

  /** The workspace file a frame's file stands for, or undefined (standard library, another project, ambiguous). */
  resolve(profileFile: string, fn: ProfileFunction): Resolved | undefined {
    const key = `${profileFile}\0${fn.key}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const r = this.find(profileFile.replace(/\\/g, '/'), fn);
    this.cache.set(key, r);
    return r;
  }

  private find(p: string, fn: ProfileFunction): Resolved | undefined {
    if (this.files.has(p)) return { file: p, by: 'same path' };
    // The standard library is never the workspace's (a checkout of GOROOT would match by path above).
    if (isStandardLibrary(fn.packagePath)) return undefined;
    for (const { path, by } of logicalPaths(p)) {
      const file = this.inModule(path);
      if (file) return { file, by };
    }
    return this.bySuffix(p, fn);
  }

  private inModule(logical: string): string | undefined {
    for (const m of this.modules) {
      if (!logical.startsWith(`${m.path}/`)) continue;
      const file = `${m.dir}/${logical.slice(m.path.length + 1)}`;
      if (this.files.has(file)) return file;
    }
    return undefined;
  }

  /** The one file with the same name and the most equal trailing directories that declares the function. */
  private bySuffix(p: string, fn: ProfileFunction): Resolved | undefined {
    const parts = p.split('/').filter(Boolean);
    const candidates = this.byBase.get(parts[parts.length - 1] ?? '') ?? [];
    let best: string | undefined;
    let bestScore = 0;
    let tie = false;
    for (const c of candidates) {
      if (!this.ws.declarations(c)?.has(fn.key)) continue;
      const score = commonSuffix(parts, c.split('/').filter(Boolean));
      if (score > bestScore) { best = c; bestScore = score; tie = false; }
      else if (score === bestScore) tie = true;
    }
    return best && !tie ? { file: best, by: 'file name and directories' } : undefined;
  }
}

/** Import-path-like forms of a profile path: as written under -trimpath, after pkg/mod/, after src/. */
export function logicalPaths(p: string): Array<{ path: string; by: MatchedBy }> {
  const out: Array<{ path: string; by: MatchedBy }> = [];
  const absolute = p.startsWith('/') || /^[A-Za-z]:\//.test(p);
  if (!absolute) out.push({ path: withoutVersions(p), by: 'module path' });
  const mod = p.lastIndexOf('/pkg/mod/');
  if (mod >= 0) out.push({ path: withoutVersions(p.slice(mod + '/pkg/mod/'.length)), by: 'module cache' });
  for (let i = p.indexOf('/src/'); i >= 0; i = p.indexOf('/src/', i + 1)) out.push({ path: p.slice(i + '/src/'.length), by: 'GOPATH' });
  return out;
}

/** `example.com/!burnt!sushi/lib@v1.2.0/x.go` → `example.com/BurntSushi/lib/x.go` (the module cache's spelling undone). */
function withoutVersions(p: string): string {
  return p.split('/').map((s) => s.replace(/@v[^/]*$/, '').replace(/!([a-z])/g, (_m, c: string) => c.toUpperCase())).join('/');
}

function commonSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
