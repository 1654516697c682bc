// Every quick fix must compile. Each fix offered over the rule fixtures (test/rules/testdata), the
// examples, the editor tests' fixtures and the golden fix cases is applied on its own to a copy of
// its package; the copies go into a temporary copy of their module (one folder per fix, beside an
// untouched copy of every package) and the real `go build` type-checks and compiles them all, two
// compile jobs at a time, with the user's GOCACHE. Fixes in _test.go files are type-checked with
// `go vet` (with one harmless analyzer), which, unlike `go build`, reads test files. Nothing is
// downloaded, no shell runs, and the temporary folder is removed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { createGoParser } from '../../server/src/parser';
import { applicationsIn, goModules, looseModule, type Application, type GoModule } from './applications';

const repo = path.resolve(__dirname, '..', '..', '..');
const roots = [path.join(repo, 'test', 'rules', 'testdata'), path.join(repo, 'examples'), path.join(repo, 'test', 'e2e', 'fixtures')];
/** The golden fix cases: stand-alone files, each built as its own package. */
const goldenCases = path.join(repo, 'test', 'fixes', 'testdata');
const fixFolder = 'zzfix';
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod', GOWORK: 'off' };

let parser: Parser;
let scratch: string | undefined;
before(async () => { parser = await createGoParser(); });
after(() => {
  parser?.delete();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Runs the go command in `cwd` (no shell); throws with a clear reason when go cannot run at all. */
function go(args: string[], cwd: string): { status: number; output: string } {
  const r = spawnSync('go', args, { cwd, env: goEnv, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`go ${args[0]} could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): the fix-compile test needs Go on PATH`);
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** Copies a package's files into `to`, one of them replaced by a fix's result. */
function copyPackage(from: string, files: readonly string[], to: string, replace?: { file: string; text: string }): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of files) fs.writeFileSync(path.join(to, name), name === replace?.file ? replace.text : fs.readFileSync(path.join(from, name), 'utf8'));
}

/** Compiler messages per fix index (`-1` for the untouched copies), from go build or vet output. */
function messagesByFix(output: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const line of output.split('\n')) {
    const m = /^(?:vet: )?(?:\.\/)?(?:(zzfix)\/f(\d+)\/)?([^\s:]+\.go):(\d+):(\d+): (.+)$/.exec(line.trim());
    if (!m) continue;
    const index = m[1] ? Number(m[2]) : -1;
    out.set(index, [...(out.get(index) ?? []), `${m[3]}:${m[4]}: ${m[6]}`]);
  }
  return out;
}

/** Builds every application of one module: one problem line per fix that does not compile, and their count. */
function buildModule(module: GoModule, apps: readonly Application[], where: string): { problems: string[]; broken: number } {
  fs.mkdirSync(where, { recursive: true });
  fs.writeFileSync(path.join(where, 'go.mod'), module.goMod);
  if (fs.existsSync(path.join(module.dir, 'go.sum'))) fs.copyFileSync(path.join(module.dir, 'go.sum'), path.join(where, 'go.sum'));
  for (const pkg of module.packages) copyPackage(pkg.dir, pkg.files, path.join(where, pkg.rel));
  apps.forEach((a, i) => copyPackage(a.pkg.dir, a.pkg.files, path.join(where, fixFolder, `f${i}`), { file: a.file, text: a.text }));
  const problems: string[] = [];
  let broken = 0;
  const shown = (a: Application): string => `${path.relative(repo, path.join(a.pkg.dir, a.file))}:${a.line} ${a.rule} "${a.title}"`;
  // A fix counts as built only if go sees its folder as a package of the module that compiles the file.
  const listed = go(['list', '-e', '-f', '{{.Dir}}|{{join .GoFiles ","}}|{{join .TestGoFiles ","}}|{{join .XTestGoFiles ","}}', './...'], where);
  const compiled = new Map(listed.output.split('\n').filter((l) => l.includes('|')).map((l) => {
    const [dir, ...lists] = l.split('|');
    return [path.relative(fs.realpathSync(where), dir), new Set(lists.join(',').split(',').filter(Boolean))] as const;
  }));
  const unseen = new Set(apps.map((_, i) => i).filter((i) => !compiled.get(path.join(fixFolder, `f${i}`))?.has(apps[i].file)));
  const builds = [go(['build', '-p', '2', './...'], where)];
  const testFiles = [...new Set(apps.map((a, i) => (a.file.endsWith('_test.go') ? `./${fixFolder}/f${i}` : '')).filter(Boolean))];
  if (testFiles.length > 0) builds.push(go(['vet', '-atomic', ...testFiles], where));
  const failed = new Map<number, string[]>();
  for (const b of builds) {
    const messages = messagesByFix(b.output);
    if (b.status !== 0 && messages.size === 0) problems.push(`${path.relative(repo, module.dir)}: go failed without a compiler message:\n${b.output}`);
    for (const [i, list] of messages) failed.set(i, [...(failed.get(i) ?? []), ...list]);
  }
  const base = failed.get(-1);
  if (base) problems.push(`${path.relative(repo, module.dir)}: the untouched package does not build: ${base.join('; ')}`);
  apps.forEach((a, i) => {
    const list = failed.get(i) ?? (unseen.has(i) ? [`go does not compile ${a.file} in ${fixFolder}/f${i}`] : undefined);
    if (!list) return;
    broken++;
    problems.push(`${shown(a)}: ${list.slice(0, 3).join('; ')}`);
  });
  return { problems, broken };
}

test('every offered quick fix compiles (go build over fixtures and examples)', () => {
  const modules = [...goModules(roots), looseModule(goldenCases, '1.23')];
  assert.ok(modules.length > 1, `no Go module under ${roots.join(', ')}`);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-fixbuild-'));
  let applied = 0;
  let files = 0;
  let broken = 0;
  const problems: string[] = [];
  for (const [k, module] of modules.entries()) {
    const apps = module.packages.flatMap((pkg) => applicationsIn(parser, module, pkg));
    files += module.packages.reduce((n, pkg) => n + pkg.files.length, 0);
    applied += apps.length;
    for (const a of apps) {
      if (a.text === fs.readFileSync(path.join(a.pkg.dir, a.file), 'utf8')) problems.push(`${a.file}:${a.line} "${a.title}" changes nothing`);
    }
    const built = buildModule(module, apps, path.join(scratch, `m${k}`));
    problems.push(...built.problems);
    broken += built.broken;
  }
  console.log(`fixes applied ${applied}, built ${applied - broken} (${files} Go files in ${modules.reduce((n, m) => n + m.packages.length, 0)} packages of ${modules.length} modules)`);
  assert.ok(applied > 0, 'no fix was offered anywhere: the test would prove nothing');
  if (problems.length > 0) assert.fail(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
});
