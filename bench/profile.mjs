// Heap profiles: how long a large profile (≈20 MB, written by the real Go runtime) takes to decode
// and join with the workspace, and what one editor request costs with it open. Prints figures; it
// is not a test. The profile comes from bench/testdata/heapgen (N allocations through random paths
// of depth 20, every one sampled); it is kept in the temp folder between runs.
//
// Usage: npm run build --silent && npx tsc -b && node bench/profile.mjs [--allocs N] [--runs N] [--regenerate]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { decodeHeapProfile } = require('../out/server/src/profile/decode.js');
const { loadProfile, fileView, hotLines } = require('../out/server/src/profile/load.js');
const { lineMarkdown } = require('../out/server/src/profile/lineMarkdown.js');
const { readProfileFile, scanWorkspace } = require('../out/server/src/profileSources.js');

const argv = process.argv.slice(2);
const option = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const allocs = option('--allocs', 1_800_000);
const runs = option('--runs', 5);
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' };

const gen = path.join(root, 'bench', 'testdata', 'heapgen');
const dir = path.join(os.tmpdir(), 'go-oom-lens-bench-profile');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `heap-${allocs}.pb.gz`);
if (!fs.existsSync(file) || argv.includes('--regenerate')) {
  const exe = path.join(dir, 'heapgen');
  execFileSync('go', ['build', '-o', exe, '.'], { cwd: gen, env: goEnv, stdio: 'inherit' });
  const t0 = performance.now();
  execFileSync(exe, [file, String(allocs)], { stdio: 'inherit' });
  console.log(`generated ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const best = (xs) => Math.min(...xs);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const ms = (x) => `${x.toFixed(0)} ms`;
// The machine may be shared: wall time (min and median) and this process's CPU time (user + system) both.
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const spread = (name) => `min ${ms(best(times[name]))}, median ${ms(median(times[name]))}; CPU min ${ms(best(cpu[name]))}, median ${ms(median(cpu[name]))}`;
const read = readProfileFile(file);
if (read.error) throw new Error(read.error);
const workspace = () => scanWorkspace([gen]);
const times = { read: [], decode: [], load: [], view: [], hover: [], hoverAgain: [] };
const cpu = { decode: [], load: [] };
let loaded;
let view;
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const bytes = readProfileFile(file).bytes;
  times.read.push(performance.now() - t);
  let c = cpuMs();
  t = performance.now();
  const decoded = decodeHeapProfile(bytes);
  times.decode.push(performance.now() - t);
  cpu.decode.push(cpuMs() - c);
  if (decoded.error) throw new Error(decoded.error);
  c = cpuMs();
  t = performance.now();
  loaded = loadProfile(bytes, file, workspace());
  times.load.push(performance.now() - t);
  cpu.load.push(cpuMs() - c);
  // What a keystroke costs with the profile open: the view of the changed document (cached per version).
  const main = path.join(gen, 'main.go').replace(/\\/g, '/');
  const text = fs.readFileSync(main, 'utf8');
  t = performance.now();
  view = fileView(loaded, main, text, 'alloc_space');
  hotLines(view, 1);
  times.view.push(performance.now() - t);
  // The first hover (or inlay-hint tooltip) of the hottest line computes its top stacks; later ones reuse them.
  t = performance.now();
  lineMarkdown(view, hotLines(view, 1)[0], [], () => undefined);
  times.hover.push(performance.now() - t);
  t = performance.now();
  lineMarkdown(view, hotLines(view, 1)[0], [], () => undefined);
  times.hoverAgain.push(performance.now() - t);
}
const p = loaded.profile;
console.log(`profile: ${(read.bytes.length / 1024 ** 2).toFixed(1)} MiB gzipped, ${p.samples.count.toLocaleString('en-US')} samples, ${p.locations.length} locations; ${runs} runs (min is the best run)`);
console.log(`read file:                       ${ms(best(times.read))}`);
console.log(`decode (gunzip, protobuf, check): ${spread('decode')}`);
console.log(`decode + join (charge to lines):  ${spread('load')}   (budget: 1000 ms)`);
console.log(`view of one document (keystroke): ${ms(best(times.view))}`);
console.log(`hover of the hottest line: first ${ms(best(times.hover))} (its top stacks), then ${ms(best(times.hoverAgain))}`);
console.log(`hot lines in main.go: ${hotLines(view, 1).map((l) => `${l.line + 1} (${(100 * l.self[view.index] / view.total).toFixed(1)}%)`).join(', ')}`);
console.log(`heap used after loading: ${(process.memoryUsage().heapUsed / 1024 ** 2).toFixed(0)} MiB`);
