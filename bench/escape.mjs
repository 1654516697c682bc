// Predicted escape facts against the Go compiler's, over standard-library packages.
// Prints precision and recall of `moved-to-heap` and `escapes` sites (matched by file, line and
// kind, counting duplicates) and the compiler's time per package: cold (one file overlaid with a
// changed comment, as for an unsaved buffer, so the package really recompiles) and warm (output
// replayed from the go build cache).
// Usage: npx tsc -b && node bench/escape.mjs [--verbose] [--go PATH] [pkg ...]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { runEscapeAnalysis, escapeEnv } = require('../out/server/src/escape/compiler.js');
const { summarizeEscapes } = require('../out/server/src/escape/predictSummary.js');
const { predictEscapes } = require('../out/server/src/escape/predict.js');
const { createGoParser } = require('../out/server/src/parser.js');
const { summarizeFile, packageContextFrom } = require('../out/server/src/analysis/values/summaries.js');

const DEFAULT_PACKAGES = [
  'strings', 'bytes', 'fmt', 'strconv', 'sort', 'errors', 'bufio', 'container/list', 'container/heap',
  'encoding/json', 'encoding/base64', 'encoding/hex', 'encoding/csv', 'encoding/xml', 'text/tabwriter',
  'text/template/parse', 'regexp', 'regexp/syntax', 'path', 'path/filepath', 'net/url', 'flag', 'log',
  'go/scanner', 'go/token', 'go/ast', 'compress/flate', 'archive/tar', 'mime', 'html',
];
const KINDS = ['moved-to-heap', 'escapes'];

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const goIndex = argv.indexOf('--go');
const goBinary = goIndex >= 0 ? argv[goIndex + 1] : 'go';
const packages = argv.filter((a, i) => !a.startsWith('--') && (goIndex < 0 || i !== goIndex + 1));
const list = packages.length ? packages : DEFAULT_PACKAGES;

const goEnv = (key) => execFileSync(goBinary, ['env', key], { encoding: 'utf8' }).trim();
const goroot = goEnv('GOROOT');
const goVersion = goEnv('GOVERSION');
const goos = goEnv('GOOS');
const goarch = goEnv('GOARCH');
const parser = await createGoParser();

const totals = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, pred: 0, comp: 0, exact: 0 }]));
const rows = [];
for (const pkg of list) {
  const dir = path.join(goroot, 'src', pkg);
  const files = execFileSync(goBinary, ['list', '-f', '{{join .GoFiles "\\n"}}', '.'], { cwd: dir, env: escapeEnv(dir), encoding: 'utf8' })
    .split('\n').filter(Boolean).map((f) => path.join(dir, f));

  // Cold: one file overlaid with an extra comment, so this package (only) is compiled again.
  const overlay = new Map([[files[0], `${readFileSync(files[0], 'utf8')}\n// bench ${process.pid} ${Date.now()}\n`]]);
  const cold = await runEscapeAnalysis({ packageDir: dir, goBinary, overlay, timeoutMs: 300_000 });
  if (!cold.ok) { console.error(`${pkg}: ${cold.message}`); continue; }
  await runEscapeAnalysis({ packageDir: dir, goBinary, timeoutMs: 300_000 });
  const warm = await runEscapeAnalysis({ packageDir: dir, goBinary, timeoutMs: 300_000 });

  const t0 = performance.now();
  const trees = files.map((f) => ({ path: f, tree: parser.parse(readFileSync(f, 'utf8')) }));
  const pkgContext = packageContextFrom(trees.map((t) => summarizeFile(t.path, t.tree)));
  const funcs = trees.flatMap((t) => summarizeEscapes(t.tree, pkgContext));
  const predicted = trees.flatMap((t) => predictEscapes(t, { pkg: pkgContext, goVersion, funcs, goos, goarch }));
  const predictMs = performance.now() - t0;
  trees.forEach((t) => t.tree.delete());

  const row = { pkg, coldMs: cold.durationMs, warmMs: warm.durationMs, predictMs, kinds: {} };
  for (const kind of KINDS) {
    const comp = cold.facts.filter((f) => f.kind === kind && files.includes(f.file));
    const pred = predicted.filter((f) => f.kind === kind);
    const m = match(pred, comp);
    row.kinds[kind] = m;
    for (const k of ['tp', 'pred', 'comp', 'exact']) totals[kind][k] += m[k];
    if (verbose) {
      for (const f of m.falsePositives) console.log(`  FP ${kind} ${path.relative(goroot, f.file)}:${f.line}:${f.column} ${f.name} (${f.why})`);
      for (const f of m.falseNegatives.slice(0, 12)) console.log(`  FN ${kind} ${path.relative(goroot, f.file)}:${f.line}:${f.column} ${f.name}`);
    }
  }
  rows.push(row);
  const k = row.kinds;
  console.log(`${pkg.padEnd(20)} cold ${String(cold.durationMs).padStart(5)} ms  warm ${String(warm.durationMs).padStart(4)} ms  predict ${predictMs.toFixed(0).padStart(3)} ms  ` +
    KINDS.map((kind) => `${kind} ${k[kind].tp}/${k[kind].pred} pred, ${k[kind].tp}/${k[kind].comp} comp`).join('  '));
}

console.log(`\nGo ${goVersion}, ${rows.length} packages (GOROOT ${goroot})`);
for (const kind of KINDS) {
  const t = totals[kind];
  console.log(`${kind.padEnd(14)} precision ${ratio(t.tp, t.pred)} (${t.tp}/${t.pred})  recall ${ratio(t.tp, t.comp)} (${t.tp}/${t.comp})  exact-column matches ${t.exact}`);
}
const all = KINDS.reduce((a, k) => ({ tp: a.tp + totals[k].tp, pred: a.pred + totals[k].pred, comp: a.comp + totals[k].comp }), { tp: 0, pred: 0, comp: 0 });
console.log(`${'both'.padEnd(14)} precision ${ratio(all.tp, all.pred)}  recall ${ratio(all.tp, all.comp)}`);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`compiler per package: cold mean ${mean(rows.map((r) => r.coldMs)).toFixed(0)} ms, median ${median(rows.map((r) => r.coldMs))} ms, ` +
  `max ${Math.max(...rows.map((r) => r.coldMs))} ms; warm (cached) mean ${mean(rows.map((r) => r.warmMs)).toFixed(0)} ms; ` +
  `predicted mean ${mean(rows.map((r) => r.predictMs)).toFixed(0)} ms`);

/** Multiset match on (file, line): a predicted site counts once per compiler site on that line. */
function match(pred, comp) {
  const key = (f) => `${f.file}:${f.line}`;
  const compByLine = new Map();
  for (const f of comp) compByLine.set(key(f), [...(compByLine.get(key(f)) ?? []), f]);
  const falsePositives = [];
  let tp = 0;
  let exact = 0;
  const used = new Set();
  for (const f of pred) {
    const candidates = (compByLine.get(key(f)) ?? []).filter((c) => !used.has(c));
    const hit = candidates.find((c) => c.column === f.column) ?? candidates[0];
    if (hit) { used.add(hit); tp++; if (hit.column === f.column) exact++; } else falsePositives.push(f);
  }
  return { tp, exact, pred: pred.length, comp: comp.length, falsePositives, falseNegatives: comp.filter((c) => !used.has(c)) };
}

function ratio(a, b) { return b === 0 ? 'n/a' : (a / b).toFixed(3); }
