// The Go team's own escape-analysis tests as a corpus: the files of $(go env GOROOT)/test whose header
// is `// errorcheck … -m …`, compiled as their harness (cmd/internal/testdir) compiles them, and their
// `// ERROR "regexp"` comments matched against output lines the way the harness matches them (the
// line's `file:line` prefix selects candidates, the regexp is tried on the text after the first space,
// and a line that matched one regexp is used up). Shared by goTestCorpus.test.ts and bench/escape-gotest.mjs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EscapeFact } from '../../server/src/escape/types';

export interface CorpusFile {
  /** Absolute path. */
  file: string;
  /** `errorcheck` or `errorcheckwithauto` (directories and run-checks are not single files). */
  action: string;
  /** The compiler flags of the header (harness flags such as `-0` removed). */
  flags: string[];
}

/** A wanted message: the regexp of one quoted string of a `// ERROR` comment on a line. */
export interface Want { line: number; source: string; re: RegExp | undefined; auto: boolean }

const ACTIONS = new Set(['errorcheck', 'errorcheckwithauto']);
/** Flags the harness reads itself (and the value they take, if any). */
const HARNESS_FLAGS: Record<string, number> = { '-0': 0, '-1': 0, '-s': 0, '-t': 1, '-goexperiment': 1, '-godebug': 1, '-gomodversion': 1 };

/**
 * The errorcheck files with `-m` (escape analysis) under a GOROOT's test directory (`x.dir` packages
 * excluded), sorted; files whose `//go:build` line these build tags do not satisfy are left out.
 */
export function escapeTestFiles(goroot: string, tags: ReadonlySet<string>): CorpusFile[] {
  const out: CorpusFile[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, e.name);
      if (e.isDirectory() && !e.name.endsWith('.dir') && e.name !== 'testdata') visit(file);
      else if (e.isFile() && e.name.endsWith('.go')) {
        const entry = corpusEntry(file, tags);
        if (entry) out.push(entry);
      }
    }
  };
  visit(path.join(goroot, 'test'));
  return out;
}

function corpusEntry(file: string, tags: ReadonlySet<string>): CorpusFile | undefined {
  const text = fs.readFileSync(file, 'utf8');
  const header = headerOf(text);
  const constraint = /^\/\/go:build (.*)$/m.exec(text.slice(0, 2000))?.[1];
  if (constraint && !buildSatisfied(constraint, tags)) return undefined;
  if (!header || !ACTIONS.has(header[0])) return undefined;
  const flags: string[] = [];
  for (let i = 1; i < header.length; i++) {
    const skip = HARNESS_FLAGS[header[i]];
    // Files that need an experiment or a GODEBUG are not compiled the ordinary way; leave them out.
    if (header[i] === '-goexperiment' || header[i] === '-godebug') return undefined;
    if (skip === undefined) flags.push(header[i]);
    else i += skip;
  }
  return flags.some((f) => /^-m(=\d+)?$/.test(f)) ? { file, action: header[0], flags } : undefined;
}

/** The build tags of a toolchain: GOOS, GOARCH, gc, unix, and go1.1 … go1.N (what `//go:build` tests). */
export function buildTags(goos: string, goarch: string, goVersion: string): Set<string> {
  const minor = Number(/^go1\.(\d+)/.exec(goVersion)?.[1] ?? 0);
  const tags = new Set([goos, goarch, 'gc']);
  if (['linux', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'dragonfly', 'solaris', 'illumos', 'aix', 'android', 'ios', 'hurd'].includes(goos)) tags.add('unix');
  for (let i = 1; i <= minor; i++) tags.add(`go1.${i}`);
  return tags;
}

/** Evaluates a `//go:build` expression (`!`, `&&`, `||`, parentheses, tags). */
export function buildSatisfied(expr: string, tags: ReadonlySet<string>): boolean {
  const tokens = expr.match(/\(|\)|!|&&|\|\||[\w.]+/g) ?? [];
  let i = 0;
  const or = (): boolean => { let v = and(); while (tokens[i] === '||') { i++; v = and() || v; } return v; };
  const and = (): boolean => { let v = not(); while (tokens[i] === '&&') { i++; v = not() && v; } return v; };
  const not = (): boolean => {
    const t = tokens[i++];
    if (t === '!') return !not();
    if (t === '(') { const v = or(); i++; return v; }
    return t !== undefined && tags.has(t);
  };
  return or();
}

/** The action line: the first `// word …` comment, after build constraints and blank lines. */
function headerOf(text: string): string[] | undefined {
  for (const line of text.split('\n', 20)) {
    if (line.trim() === '' || line.startsWith('//go:build') || line.startsWith('// +build')) continue;
    return line.startsWith('// ') ? line.slice(3).trim().split(/\s+/) : undefined;
  }
  return undefined;
}

/** Writes an importcfg for the standard library of this go (the harness's stdlibImportcfg); returns its path. */
export function stdImportcfg(go: string, dir: string): string {
  const r = spawnSync(go, ['list', '-export', '-f', '{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}', 'std'], {
    encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GOWORK: 'off' }, cwd: dir, maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`'${go} list -export std' failed: ${r.error?.message ?? r.stderr.trim()}`);
  const file = path.join(dir, 'importcfg');
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** Compiles one corpus file as the harness does (`go tool compile -p=p -C -e …`, no columns); the output's paths are the file's base name. */
export function compileCorpusFile(go: string, entry: CorpusFile, importcfg: string): { output: string; status: number | null } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-errorcheck-'));
  try {
    const args = ['tool', 'compile', '-p=p', '-d=panic', '-C', '-e', `-importcfg=${importcfg}`, '-o', path.join(out, 'a.o'), ...entry.flags, path.basename(entry.file)];
    const r = spawnSync(go, args, { cwd: path.dirname(entry.file), encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' }, maxBuffer: 64 << 20, timeout: 120_000 });
    return { output: (r.stdout ?? '') + (r.stderr ?? ''), status: r.status };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The wanted messages of a file (`// ERROR "a" "b"`, `// ERRORAUTO`, `LINE±n`; `////` disables). */
export function wantedErrors(text: string, short: string): Want[] {
  const out: Want[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.includes('////')) return;
    const auto = /\/\/ (?:GC_)?ERRORAUTO (.*)/.exec(line);
    const m = auto ?? /\/\/ (?:GC_)?ERROR (.*)/.exec(line);
    if (!m) return;
    for (const q of m[1].matchAll(/"([^"]*)"/g)) {
      const source = q[1].replace(/LINE(([+-])(\d+))?/g, (_all, _d, sign, n) => `${short}:${i + 1 + (sign === '+' ? Number(n) : sign === '-' ? -Number(n) : 0)}`);
      out.push({ line: i + 1, source, re: goRegExp(source), auto: !!auto });
    }
  });
  return out;
}

/** A Go (RE2) regexp as a JavaScript one; undefined when it uses syntax JavaScript lacks. */
export function goRegExp(source: string): RegExp | undefined {
  // RE2's \pL / \PL shorthands and (?s) / (?i) prefixes; the rest of what the tests use is common syntax.
  const flags = new Set(['u']);
  let s = source.replace(/\\([pP])([A-Z])/g, '\\$1{$2}');
  const inline = /^\(\?([is]+)\)/.exec(s);
  if (inline) { for (const f of inline[1]) flags.add(f); s = s.slice(inline[0].length); }
  for (const attempt of [[...flags].join(''), [...flags].filter((f) => f !== 'u').join('')]) {
    try { return new RegExp(s, attempt); } catch { /* try without the u flag (it rejects some escapes) */ }
  }
  return undefined;
}

/** The harness's splitOutput: tab-led lines continue the previous one; `#` and `go tool` lines are dropped. */
export function splitOutput(output: string, wantAuto: boolean): string[] {
  const res: string[] = [];
  for (let line of output.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith('\t') && res.length) res[res.length - 1] += '\n' + line;
    else if (line.startsWith('go tool') || line.startsWith('#') || (!wantAuto && line.startsWith('<autogenerated>'))) continue;
    else if (line.trim() !== '') res.push(line);
  }
  return res;
}

export interface CheckResult {
  /** Indexes (into wants) of the wanted messages some line matched. */
  matched: Set<number>;
  /** For each matched want, the line that matched it. */
  by: Map<number, string>;
  /** Lines no want matched, in the file itself. */
  unmatched: string[];
}

/** The harness's errorCheck, reporting which wants are satisfied instead of failing. */
export function errorCheck(lines: readonly string[], wants: readonly Want[], short: string): CheckResult {
  let out = [...lines];
  const matched = new Set<number>();
  const by = new Map<number, string>();
  wants.forEach((w, i) => {
    const prefix = w.auto ? '<autogenerated>' : `${short}:${w.line}`;
    const candidates = out.filter((l) => matchPrefix(l, prefix));
    out = out.filter((l) => !matchPrefix(l, prefix));
    for (const l of candidates) {
      const space = l.indexOf(' ');
      const text = space >= 0 ? l.slice(space + 1) : l;
      if (w.re?.test(text)) { if (!matched.has(i)) by.set(i, l); matched.add(i); } else out.push(l);
    }
  });
  return { matched, by, unmatched: out.filter((l) => l.startsWith(`${short}:`)) };
}

/** Whether s is `[dir/]prefix:…` or `[dir/]prefix[…`. */
function matchPrefix(s: string, prefix: string): boolean {
  const colon = s.indexOf(':');
  if (colon < 0) return false;
  const rest = s.slice(s.lastIndexOf('/', colon) + 1);
  return rest.length > prefix.length && rest.startsWith(prefix) && (rest[prefix.length] === ':' || rest[prefix.length] === '[');
}

/**
 * The output lines the parsed facts stand for, as the compiler printed them without columns: each fact's
 * message, and (for -m=2) the steps of its explanation under its position.
 */
export function linesOfFacts(facts: readonly EscapeFact[], short: string): string[] {
  const out: string[] = [];
  for (const f of facts) {
    const at = `${short}:${f.line}:`;
    for (const r of f.reasons ?? []) {
      out.push(r.text.startsWith('from ') ? `${at}     ${r.text} at ${path.basename(r.file)}:${r.line}` : `${at}   ${r.text}`);
    }
    out.push(`${at} ${f.message}`);
  }
  return out;
}

/** What a wanted message is about, by the line of the real output that matched it. */
export function kindOfLine(line: string): string {
  const text = line.slice(line.indexOf(' ') + 1);
  if (/^moved to heap: /.test(text)) return 'moved-to-heap';
  if (/ escapes to heap$/.test(text)) return 'escapes';
  if (/ does not escape(, mutate, or call)?$/.test(text)) return 'does-not-escape';
  if (/^leaking param( content)?: /.test(text)) return 'leaking-param';
  if (/^\s+(flow|from|warning):/.test(text) || / escapes to heap( in \S.*)?:$/.test(text) || /^parameter \S+ leaks to /.test(text)) return 'explanation';
  if (/^(can inline|cannot inline|inlining call to)|capturing by/.test(text)) return 'inlining';
  return 'other';
}
