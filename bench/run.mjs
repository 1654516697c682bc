// `npm run bench`: prints figures (it is not a test). Times `go-oom-lens check` over the Go standard
// library ($(go env GOROOT)/src) with one job and with one per CPU; counts findings per rule and
// severity; compares parse and analysis time on the largest stdlib file; and, when installed, times
// `go vet std` and `staticcheck std` over the same packages as ratios.
//
// Flags: --no-staticcheck (it takes minutes when its cache is cold), --no-vet, --runs N (largest
// file, default 7), --cli-runs N (runs of each check configuration, interleaved; default 2),
// --goroot DIR. The machine may be shared: wall times are the best of the runs, and the CPU
// seconds the CLI reports (--stats, worker threads included) show the work independently of load.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const argv = process.argv.slice(2);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs') ?? 7);
const cliRuns = Number(option('--cli-runs') ?? 2);
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' };
const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

/** Runs a command without a shell; resolves with its exit code, output and wall time. */
function timed(command, args, options = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (error) => resolve({ error, seconds: 0 }));
    child.on('close', (code) => resolve({
      code,
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
      seconds: (performance.now() - started) / 1000,
    }));
  });
}

const mb = (bytes) => bytes / 1e6;
const fmt = (n, digits = 1) => n.toFixed(digits);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function findGoroot() {
  const given = option('--goroot');
  if (given) return { goroot: given, version: '(given with --goroot)' };
  const r = spawnSync('go', ['env', 'GOROOT', 'GOVERSION'], { encoding: 'utf8', env: goEnv });
  if (r.error || r.status !== 0) return undefined;
  const [goroot, version] = r.stdout.trim().split('\n');
  return { goroot, version };
}

/** Bundles bench/probe.ts (the analyser's modules) into out/bench and loads it. */
async function loadProbe() {
  const esbuild = await import('esbuild');
  const outfile = path.join(root, 'out', 'bench', 'probe.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench', 'probe.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    // web-tree-sitter's ESM build needs import.meta.url, which a CommonJS bundle does not have.
    alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  });
  return require(outfile);
}

async function checkRun(paths, jobs) {
  const r = await timed(process.execPath, [cli, 'check', '--format', 'json', '--stats', '--jobs', String(jobs), ...paths]);
  if (r.error) throw r.error;
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`go-oom-lens check exited ${r.code} without JSON:\n${r.stderr.slice(0, 2000)}`);
  }
  const stats = Object.fromEntries([...(/^stats: (.*)$/m.exec(r.stderr)?.[1] ?? '').matchAll(/(\w+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
  return {
    ...r,
    stats,
    findings: report.findings,
    skipped: lines.filter((l) => /: skipped/.test(l)).length,
    internal: lines.filter((l) => /^go-oom-lens: internal error/.test(l)),
  };
}

function printFindings(findings) {
  const table = new Map();
  for (const f of findings) {
    const row = table.get(f.rule) ?? { error: 0, warning: 0 };
    row[f.severity]++;
    table.set(f.rule, row);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  console.log(`  findings: ${findings.length} (${errors} errors, ${findings.length - errors} warnings)`);
  for (const [rule, row] of [...table].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    console.log(`    ${pad(rule, 22)} ${lpad(row.error, 4)} errors  ${lpad(row.warning, 5)} warnings`);
  }
}

async function toolRun(label, candidates, args) {
  for (const command of candidates) {
    const r = await timed(command, args, { env: goEnv, cwd: os.tmpdir() });
    if (r.error?.code === 'ENOENT') continue;
    if (r.error) return { label, note: `failed: ${r.error.message}` };
    const out = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
    return { label, seconds: r.seconds, note: `exit ${r.code}, ${out.length} output lines (${command})` };
  }
  return { label, note: 'skipped (not installed)' };
}

async function main() {
  console.log(`go-oom-lens benchmark: ${cpus} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}, load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}`);
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  const go = findGoroot();
  if (!go) {
    console.log('Go is not installed (no `go` on PATH): nothing to measure. Install golang-go, or pass --goroot DIR.');
    return;
  }
  const src = fs.realpathSync(path.join(go.goroot, 'src'));
  const probe = await loadProbe();
  const all = probe.corpus([src]);
  console.log(`Go standard library ${go.version}: ${src}`);
  console.log(`  ${all.files} files in ${all.dirs} directories, ${fmt(mb(all.bytes))} MB, ${fmt(all.lines / 1e6, 2)} M lines (what check reads: no vendor/, testdata/)`);

  console.log(`\ngo-oom-lens check GOROOT/src: best wall time of ${cliRuns} runs each (including start-up), CPU seconds of all threads, peak RSS`);
  const byJobs = new Map([[1, []], [cpus, []]]);
  for (let i = 0; i < cliRuns; i++) for (const jobs of byJobs.keys()) byJobs.get(jobs).push(await checkRun([src], jobs));
  const best = (rs) => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const serial = best(byJobs.get(1));
  const parallel = best(byJobs.get(cpus));
  for (const [jobs, rs] of byJobs) {
    const r = best(rs);
    const walls = rs.map((x) => fmt(x.seconds)).join(', ');
    console.log(`  jobs=${pad(jobs, 3)} ${lpad(fmt(r.seconds), 6)} s  ${lpad(Math.round(all.files / r.seconds), 5)} files/s  ${lpad(fmt(mb(all.bytes) / r.seconds, 2), 6)} MB/s  cpu ${lpad(fmt(r.stats.cpu ?? NaN), 5)} s  rss ${lpad(r.stats.maxrss ?? '?', 4)} MB  exit ${r.code}  (runs: ${walls} s)`);
  }
  const outputs = new Set([...byJobs.values()].flat().map((r) => r.stdout));
  console.log(`  speed-up ${fmt(serial.seconds / parallel.seconds, 2)}x with ${cpus} jobs; output identical across all runs: ${outputs.size === 1 ? 'yes' : 'NO'}; target < 20 s: ${parallel.seconds < 20 ? 'met' : 'missed'}`);
  console.log(`  CPU work ${fmt(parallel.stats.cpu ?? NaN)} s over ${cpus} cores: ${fmt((parallel.stats.cpu ?? NaN) / cpus)} s of wall time at best on an idle machine`);
  console.log(`  skipped files: ${parallel.skipped}; internal errors: ${parallel.internal.length} (jobs=${cpus}), ${serial.internal.length} (jobs=1)`);
  for (const line of new Set([...serial.internal, ...parallel.internal])) console.log(`    ${line.slice(0, 200)}`);
  printFindings(parallel.findings);

  const largest = path.join(src, 'cmd', 'compile', 'internal', 'ssa', 'rewriteAMD64.go');
  if (fs.existsSync(largest)) {
    const m = await probe.parseVsAnalysis(largest, runs);
    console.log(`\nLargest file: ${path.relative(src, largest)} (${fmt(mb(m.bytes), 2)} MB, ${m.lines} lines; ${m.siblings} sibling files as package context), median of ${runs} runs`);
    console.log(`  parse              ${lpad(fmt(m.parseMs, 0), 6)} ms   (${fmt(mb(m.bytes) / (m.parseMs / 1000), 1)} MB/s; first run ${fmt(m.firstParseMs, 0)} ms)`);
    console.log(`  package context    ${lpad(fmt(m.contextMs, 0), 6)} ms   (summary of this file + merge)`);
    console.log(`  analysis           ${lpad(fmt(m.analysisMs, 0), 6)} ms   (all rules, ${m.findings} findings; first run ${fmt(m.firstAnalysisMs, 0)} ms)`);
    console.log(`  analysis / parse   ${lpad(fmt((m.analysisMs + m.contextMs) / m.parseMs, 2), 6)}     (target ≤ 1)`);
  }

  // std only: the packages `go vet std` and `staticcheck std` check (GOROOT/src without cmd/).
  const stdPaths = fs.readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'cmd' && !/^(vendor|testdata|node_modules|[._].*)$/.test(e.name))
    .map((e) => path.join(src, e.name));
  const packages = spawnSync('go', ['list', 'std'], { encoding: 'utf8', env: goEnv, cwd: os.tmpdir() }).stdout?.split('\n').filter(Boolean).length ?? '?';
  const stdCorpus = probe.corpus(stdPaths);
  console.log(`\nstd only (${packages} packages by go list std; ${stdCorpus.files} files, ${fmt(mb(stdCorpus.bytes))} MB)`);
  const std = await checkRun(stdPaths, cpus);
  console.log(`  ${pad(`go-oom-lens check (jobs=${cpus})`, 28)} ${lpad(fmt(std.seconds), 7)} s   1.0x   ${std.findings.length} findings, cpu ${fmt(std.stats.cpu ?? NaN)} s`);
  const tools = [];
  tools.push(argv.includes('--no-vet') ? { label: 'go vet std', note: 'skipped (--no-vet)' } : await toolRun('go vet std', ['go'], ['vet', 'std']));
  tools.push(argv.includes('--no-staticcheck')
    ? { label: 'staticcheck std', note: 'skipped (--no-staticcheck)' }
    : await toolRun('staticcheck std', ['staticcheck', 'go-staticcheck'], ['std']));
  for (const t of tools) {
    const time = t.seconds === undefined ? '' : `${lpad(fmt(t.seconds), 7)} s  ${lpad(fmt(t.seconds / std.seconds), 5)}x   `;
    console.log(`  ${pad(t.label, 28)} ${time || pad('', 20)}${t.note}`);
  }
  console.log('  (go vet and staticcheck reuse Go\'s build cache: a second run of this benchmark times them warm)');
  console.log(`\nload average at the end: ${os.loadavg().map((l) => fmt(l, 2)).join(' ')} (other processes on this machine slow every figure)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
