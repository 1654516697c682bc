// `npm run bench`: prints figures (it is not a test). Times `go-oom-lens check` over the Go standard
// library ($(go env GOROOT)/src) with one job and with one per CPU; counts findings per rule and
// severity; compares parse and analysis time on the largest stdlib file; runs bench/lsp.mjs and
// bench/memory.mjs (the language server: latency, CPU per edit, memory); then bench/peers.mjs puts
// us beside staticcheck, go vet and gopls on the same inputs (std without cmd/, our rule fixtures).
//
// Flags: --runs N (largest file, default 7), --cli-runs N (runs of each check configuration,
// interleaved; default 2), --goroot DIR, and those of bench/peers.mjs (--no-staticcheck, --no-vet,
// --no-gopls, --no-std, --no-fixtures, --no-cold, --no-install), --no-lsp and --no-memory (skip
// bench/lsp.mjs and bench/memory.mjs, the language server's figures), and --no-cache-bench (skips
// bench/cache.mjs). The machine may be shared: wall
// times are the best of the runs, and CPU seconds (worker threads and child processes included)
// show the work independently of load.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureCache } from './cache.mjs';
import { cli, checkRun } from './lib/ourCheck.mjs';
import { goEnv } from './lib/peerTools.mjs';
import { loadProbe } from './lib/probe.mjs';
import { fmt, lpad, mb, pad } from './lib/proc.mjs';
import { comparePeers, peerFlags } from './peers.mjs';

const argv = process.argv.slice(2);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs') ?? 7);
const cliRuns = Number(option('--cli-runs') ?? 2);
const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

function findGoroot() {
  const given = option('--goroot');
  if (given) return { goroot: given, version: '(given with --goroot)' };
  const r = spawnSync('go', ['env', 'GOROOT', 'GOVERSION'], { encoding: 'utf8', env: goEnv });
  if (r.error || r.status !== 0) return undefined;
  const [goroot, version] = r.stdout.trim().split('\n');
  return { goroot, version };
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

  // The editor's side: edit latency, request times and CPU per keystroke, then memory.
  for (const [script, flag] of [['lsp.mjs', '--no-lsp'], ['memory.mjs', '--no-memory']]) {
    if (argv.includes(flag)) continue;
    console.log('');
    const r = spawnSync(process.execPath, [path.join(path.dirname(new URL(import.meta.url).pathname), script)], { stdio: 'inherit' });
    if (r.status !== 0) console.log(`  bench/${script} failed (exit ${r.status ?? r.signal})`);
  }

  await comparePeers({ probe, src, jobs: cpus, skip: peerFlags(argv) });
  if (!argv.includes('--no-cache-bench')) await measureCache({ src, runs: cliRuns + 3 }); // staticcheck's warm run is in the peer table
  console.log(`\nload average at the end: ${os.loadavg().map((l) => fmt(l, 2)).join(' ')} (other processes on this machine slow every figure)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
