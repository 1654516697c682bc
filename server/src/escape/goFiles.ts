// Which .go files of a directory the go command would compile for a target, without the go command:
// file-name suffixes (`_linux.go`, `_amd64.go`) and `//go:build` lines. Tests are left out, as
// `go list -export` leaves them out. Pure (the caller reads the files).
import { maxExpressionDepth } from '../analysis/nesting';

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64',
  'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const UNIX = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);

export interface BuildTarget {
  goos: string;
  goarch: string;
  /** Extra satisfied tags (`cgo`, custom `-tags`). */
  tags?: readonly string[];
}

/** The GOOS/GOARCH of the running Node process (the usual target when no `go env` is at hand). */
export function hostTarget(platform: string = process.platform, arch: string = process.arch): BuildTarget {
  const goos = platform === 'win32' ? 'windows' : platform === 'sunos' ? 'solaris' : platform;
  const goarch = ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' } as Record<string, string>)[arch] ?? arch;
  return { goos, goarch };
}

/** Whether a file, by its name and its text, is part of the package for the target. */
export function isBuiltFile(name: string, text: string, target: BuildTarget): boolean {
  if (!name.endsWith('.go') || name.endsWith('_test.go') || name.startsWith('_') || name.startsWith('.')) return false;
  if (!matchesFileName(name, target)) return false;
  const constraint = buildLine(text);
  return constraint === undefined || evaluate(constraint, (tag) => satisfies(tag, target));
}

function matchesFileName(name: string, target: BuildTarget): boolean {
  const parts = name.slice(0, -3).split('_');
  const last = parts[parts.length - 1];
  const prev = parts.length > 2 ? parts[parts.length - 2] : undefined;
  if (prev !== undefined && KNOWN_OS.has(prev) && KNOWN_ARCH.has(last)) return satisfies(prev, target) && last === target.goarch;
  if (parts.length > 1 && KNOWN_OS.has(last)) return satisfies(last, target);
  if (parts.length > 1 && KNOWN_ARCH.has(last)) return last === target.goarch;
  return true;
}

function satisfies(tag: string, target: BuildTarget): boolean {
  if (tag === target.goos || tag === target.goarch || tag === 'gc') return true;
  if (tag === 'unix') return UNIX.has(target.goos);
  if (tag === 'linux' && target.goos === 'android') return true;
  if (tag === 'darwin' && target.goos === 'ios') return true;
  if (tag === 'solaris' && target.goos === 'illumos') return true;
  if (/^go1\.\d+$/.test(tag)) return true;
  return target.tags?.includes(tag) ?? false;
}

/** The `//go:build` expression in the file's header (before the package clause), if any. */
export function buildLine(text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('//go:build ')) return line.slice('//go:build '.length);
    if (line.startsWith('package ')) return undefined;
  }
  return undefined;
}

/** Evaluates a build expression (`linux && (amd64 || arm64) && !cgo`). */
export function evaluate(expr: string, has: (tag: string) => boolean): boolean {
  const tokens = expr.match(/\(|\)|!|&&|\|\||[\w.]+/g) ?? [];
  let i = 0;
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === '||') { i++; const r = and(); v = v || r; }
    return v;
  };
  const and = (): boolean => {
    let v = not();
    while (tokens[i] === '&&') { i++; const r = not(); v = v && r; }
    return v;
  };
  // `!!!…x` and `((…x…))` recurse once per token: past the limit the rest counts as false.
  let depth = 0;
  const not = (): boolean => {
    if (++depth > maxExpressionDepth) { i = tokens.length; depth--; return false; }
    try {
      if (tokens[i] === '!') { i++; return !not(); }
      if (tokens[i] === '(') { i++; const v = or(); i++; return v; }
      return has(tokens[i++] ?? '');
    } finally {
      depth--;
    }
  };
  return or();
}
