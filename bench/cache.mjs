// The result cache of `go-oom-lens check` over the Go standard library: a cold run into an empty
// cache (a temporary directory, never the user's), then warm reruns with nothing changed. Prints
// wall and CPU seconds, whether every warm output is byte-identical to the cold one, the cache's
// size on disk, and staticcheck's warm rerun of std beside ours when its binary is at hand.
// `npm run bench` runs it last; `node bench/cache.mjs` runs it alone (after `npm run build`).
//
// Flags: --runs N (warm runs, default 5), --goroot DIR, --staticcheck PATH (a staticcheck binary;
// otherwise the one bench/peers.mjs installed, if any), --no-staticcheck.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from './lib/ourCheck.mjs';
import { ensurePeer, goEnv } from './lib/peerTools.mjs';
import { root } from './lib/probe.mjs';
import { fmt, lpad, pad, timed } from './lib/proc.mjs';
import { stdPaths } from './lib/stdPeers.mjs';

const load = () => os.loadavg().map((l) => fmt(l, 2)).join(' ');

/** One `check --format json --stats` with the cache in `cacheDir`; stats parsed from stderr. */
async function run(paths, cacheDir, extra = []) {
  const r = await timed(process.execPath, [cli, 'check', '--format', 'json', '--stats', '--exit-zero', ...extra, ...paths], { env: { ...process.env, GO_OOM_LENS_CACHE: cacheDir } });
  if (r.error) throw r.error;
  const stats = /^stats: (.*)$/m.exec(r.stderr)?.[1] ?? '';
  return { ...r, cached: /cached=(\S+)/.exec(stats)?.[1] ?? '?', load: load() };
}

/** Apparent bytes and file count of the cache's entries. */
function cacheSize(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += fs.statSync(p).size;
        files++;
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

const line = (label, r) => `  ${pad(label, 40)} ${lpad(fmt(r.seconds, 2), 7)} s  cpu ${lpad(fmt(r.cpu, 2), 6)} s  cached ${pad(r.cached, 9)} load ${r.load}`;

/** `runs` warm runs over `paths`; prints the best and whether each printed `expected`. */
async function warmRuns(label, paths, cacheDir, runs, expected) {
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await run(paths, cacheDir));
  const best = warm.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  console.log(line(`${label}, best of ${runs}`, best));
  console.log(`    runs ${warm.map((w) => fmt(w.seconds, 2)).join(', ')} s; output ${expected === undefined ? '' : warm.every((w) => w.stdout === expected) ? 'byte-identical to the cold run' : 'DIFFERENT from the cold run'}`);
  return best;
}

/** staticcheck's second run over std with its caches as found (the first fills them if needed). */
async function staticcheckWarm(binary) {
  const first = await timed(binary, ['-f', 'json', 'std'], { env: goEnv, cwd: os.tmpdir() });
  if (first.error) return console.log(`  staticcheck: ${first.error.message}`);
  const warm = await timed(binary, ['-f', 'json', 'std'], { env: goEnv, cwd: os.tmpdir() });
  console.log(line('staticcheck std, warm (second run)', { ...warm, cached: '-', load: load() }));
}

/**
 * A cold run over GOROOT/src (`src`) into a fresh cache, warm reruns of it (default jobs and
 * --jobs 1), then warm runs over std without cmd/ (its directories are among those cached) beside
 * staticcheck's warm run of std when `staticcheck` names a binary.
 */
export async function measureCache({ src, runs = 5, staticcheck }) {
  console.log(`\nResult cache: go-oom-lens check over GOROOT/src, default jobs, a fresh cache in ${os.tmpdir()}`);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-cache-bench-'));
  try {
    const cold = await run([src], cacheDir);
    console.log(line('cold (empty cache)', cold));
    const best = await warmRuns('warm (nothing changed)', [src], cacheDir, runs, cold.stdout);
    const serial = await run([src], cacheDir, ['--jobs', '1']);
    console.log(line('warm, --jobs 1', serial));
    const size = cacheSize(cacheDir);
    console.log(`    --jobs 1 output ${serial.stdout === cold.stdout ? 'byte-identical' : 'DIFFERENT'}; cache ${fmt(size.bytes / 1e6, 2)} MB in ${size.files} entries; target warm < 1.5 s: ${best.seconds < 1.5 ? 'met' : 'missed'}`);
    await warmRuns('std without cmd/, warm', stdPaths(src), cacheDir, runs);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  if (staticcheck) await staticcheckWarm(staticcheck);
}

async function main() {
  const argv = process.argv.slice(2);
  const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  const goroot = option('--goroot') ?? spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: goEnv }).stdout?.trim();
  if (!goroot) return console.log('Go is not installed (no `go` on PATH): nothing to measure. Pass --goroot DIR.');
  const staticcheck = argv.includes('--no-staticcheck') ? undefined : (option('--staticcheck') ?? ensurePeer(root, 'staticcheck', { install: false }).binary);
  await measureCache({ src: fs.realpathSync(path.join(goroot, 'src')), runs: Number(option('--runs') ?? 5), staticcheck });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
}
