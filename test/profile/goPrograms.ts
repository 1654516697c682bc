// Real heap profiles for the tests, made by the real Go runtime: builds the small programs of
// testdata/ (a bounded copy of the incident's loop; a net/http/pprof server) and runs them. Nothing
// is downloaded (GOTOOLCHAIN=local, GOPROXY=off); a missing go fails the test with the reason.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { repoRoot } from '../lsp/lspClient';

export const testdata = path.join(repoRoot, 'test', 'profile', 'testdata');
export const heapdemoDir = path.join(testdata, 'heapdemo');

const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GOWORK: 'off' };
/** The go command: the editor tests' harness names it (the extension host's PATH may lack it). */
const go = process.env.GO_OOM_LENS_E2E_GO || 'go';
const built = new Map<string, string>();
let tmp: string | undefined;

/** A temporary folder for this test process, removed at exit. */
export function tempDir(): string {
  if (!tmp) {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-profile-')));
    const dir = tmp;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return tmp;
}

/** Builds a testdata program (optionally from another directory, with -trimpath) once per process. */
export function buildProgram(dir: string, trimpath = false): string {
  const key = `${dir}\0${trimpath}`;
  const known = built.get(key);
  if (known) return known;
  const out = path.join(tempDir(), `${path.basename(dir)}-${built.size}${process.platform === 'win32' ? '.exe' : ''}`);
  try {
    execFileSync(go, ['build', ...(trimpath ? ['-trimpath'] : []), '-o', out, '.'], { cwd: dir, env: goEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`these tests build a Go program with the real go command, and \`go build\` in ${dir} failed: ${err.stderr || err.message}`);
  }
  built.set(key, out);
  return out;
}

/** Runs heapdemo (a bounded incident loop, MemProfileRate = 1) and returns the heap profile it wrote. */
export function heapProfile(options: { trimpath?: boolean; dir?: string; items?: number } = {}): string {
  const exe = buildProgram(options.dir ?? heapdemoDir, options.trimpath);
  const out = path.join(tempDir(), `heap-${Math.random().toString(36).slice(2)}.pb.gz`);
  execFileSync(exe, [out, String(options.items ?? 2000)], { stdio: 'ignore', timeout: 60_000 });
  return out;
}

/** A copy of heapdemo in a temporary folder, with `insert` lines added above `func handler` (code that moved). */
export function movedHeapdemo(insert: string[]): string {
  const dir = fs.mkdtempSync(path.join(tempDir(), 'moved-'));
  for (const f of fs.readdirSync(heapdemoDir)) fs.copyFileSync(path.join(heapdemoDir, f), path.join(dir, f));
  const file = path.join(dir, 'handler.go');
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace('func handler(', `${insert.join('\n')}\nfunc handler(`));
  return dir;
}

export interface PprofServer { url: string; process: ChildProcess; stop(): Promise<void> }

/** Starts testdata/pprofserver on 127.0.0.1 at a random port; resolves once it listens (at most 30 s). */
export async function startPprofServer(): Promise<PprofServer> {
  const exe = buildProgram(path.join(testdata, 'pprofserver'));
  const child = spawn(exe, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(() => child.kill(), 30_000);
  try {
    const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => { throw new Error('pprofserver exited before listening'); })])) as [string];
    const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    if (!m) throw new Error(`pprofserver said ${JSON.stringify(line)}`);
    return {
      url: m[1],
      process: child,
      stop: async () => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.stdin?.end();
        await exited;
      },
    };
  } catch (e) {
    child.kill();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
