// Seed files for mutation: the Go standard library when a toolchain is installed (CI installs
// Debian's golang-go), else the repository's own Go files. Sorted, so a seed picks the same files.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** `$(go env GOROOT)`, or undefined without a working go. */
export function goroot(): string | undefined {
  try {
    const dir = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' } }).trim();
    return dir && fs.existsSync(path.join(dir, 'src')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

const PACKAGES = [
  'bufio', 'bytes', 'compress/flate', 'container/list', 'encoding/binary', 'encoding/json', 'fmt', 'go/scanner', 'io',
  'math/big', 'net/url', 'regexp/syntax', 'sort', 'strconv', 'strings', 'text/tabwriter', 'time', 'unicode/utf8', 'runtime',
];

/** Seed files: .go files of some standard-library packages, or of this repository. */
export function seedFiles(): { files: string[]; source: string } {
  const root = goroot();
  if (root) {
    const files = PACKAGES.flatMap((p) => goFilesIn(path.join(root, 'src', p)));
    if (files.length > 0) return { files, source: `${root}/src (${PACKAGES.length} packages)` };
  }
  const own = ['examples', path.join('test', 'rules', 'testdata'), path.join('test', 'fixes', 'testdata')].flatMap((d) => goFilesIn(path.join(repoRoot, d), true));
  return { files: own, source: 'this repository (no Go toolchain found)' };
}

function goFilesIn(dir: string, recursive = false): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && recursive) out.push(...goFilesIn(p, true));
    else if (e.isFile() && e.name.endsWith('.go')) out.push(p);
  }
  return out;
}

/** A binary file to feed as if it were Go (the tree-sitter runtime's WASM). */
export function binaryFile(): string {
  return require.resolve('web-tree-sitter/tree-sitter.wasm');
}
