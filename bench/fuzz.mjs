// The long fuzz run (prints figures; not a test). Uses the fuzz harness compiled by tsc (out/test/fuzz):
// - the analyzer on mutated standard-library files and random loop/append programs, for a time budget:
//   files, MB, files/s, property violations (exceptions, rule errors, positions outside the document);
// - every nesting shape, far beyond the limit; a binary file named .go;
// - the incremental path (random edits through the server's AnalysisService vs. a full pass);
// - time against size for generated files of growing size (the ratio shows any super-linear growth);
// - the limits: a 5 MB file of 60,000 functions and a 10 MB file, analysed completely.
// Usage: npm run build && npx tsc -b && node bench/fuzz.mjs [--seconds 90] [--seed N] [--no-limits]
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const seconds = Number(option('--seconds', 90));
const seed = Number(option('--seed', Date.now() % 1_000_000));

if (!fs.existsSync(path.join(out, 'test', 'fuzz', 'check.js'))) {
  console.error('out/test/fuzz is missing: run `npx tsc -b` first');
  process.exit(2);
}
const { createGoParser } = require(path.join(out, 'server', 'src', 'parser.js'));
const { checkText } = require(path.join(out, 'test', 'fuzz', 'check.js'));
const { fuzzCases, deepCases, binaryCases } = require(path.join(out, 'test', 'fuzz', 'campaign.js'));
const { seedFiles, binaryFile } = require(path.join(out, 'test', 'fuzz', 'corpus.js'));
const { randomProgram, manyFunctions } = require(path.join(out, 'test', 'fuzz', 'generate.js'));
const { incrementalRun } = require(path.join(out, 'test', 'fuzz', 'incremental.js'));
const { Random } = require(path.join(out, 'test', 'fuzz', 'random.js'));
const { maxNesting, maxExpressionDepth, maxTreeDepth } = require(path.join(out, 'server', 'src', 'analysis', 'nesting.js'));
const { maxEvaluationSteps } = require(path.join(out, 'server', 'src', 'analysis', 'evaluate.js'));

const mb = (n) => (n / 1e6).toFixed(1);
const ms = (n) => `${n.toFixed(0)} ms`;
const peak = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
const problems = new Map();
const note = (name, list) => {
  for (const p of list) {
    const key = p.replace(/\d+/g, 'N').slice(0, 160);
    if (!problems.has(key)) problems.set(key, `${name}: ${p}`);
  }
};

const parser = await createGoParser();
const { files, source } = seedFiles();
console.log(`go-oom-lens fuzz: seed ${seed}, ${seconds} s budget, ${os.cpus().length} CPUs, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`limits: nesting ${maxNesting}, expression chains ${maxExpressionDepth}, tree walks ${maxTreeDepth}, ${maxEvaluationSteps.toLocaleString('en-US')} value-reasoning steps per function`);
console.log(`seed files: ${files.length} from ${source}`);

// 1. The campaign.
{
  const deadline = performance.now() + seconds * 0.55 * 1000;
  let count = 0; let bytes = 0; let findings = 0; let facts = 0; let skipped = 0; let bad = 0; let parseMs = 0; let analysisMs = 0;
  const slowest = [];
  const t0 = performance.now();
  for (const c of fuzzCases(seed, files)) {
    if (performance.now() > deadline) break;
    const r = checkText(parser, c.text);
    count++; bytes += c.text.length; findings += r.findings; facts += r.facts; skipped += r.skipped.length; parseMs += r.parseMs; analysisMs += r.analysisMs;
    if (r.problems.length > 0) { bad++; note(c.name, r.problems); }
    slowest.push({ name: c.name, ms: r.parseMs + r.analysisMs, kb: c.text.length / 1024 });
    slowest.sort((a, b) => b.ms - a.ms).splice(3);
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`\nmutated and generated files: ${count} files, ${mb(bytes)} MB in ${s.toFixed(1)} s = ${(count / s).toFixed(0)} files/s, ${mb(bytes / s)} MB/s (parse ${(parseMs / 1000).toFixed(1)} s, analysis + fixes + explanations + escape prediction ${(analysisMs / 1000).toFixed(1)} s)`);
  console.log(`  ${findings} findings, ${facts} predicted escape facts, ${skipped} skipped declarations; files violating a property: ${bad}`);
  console.log(`  slowest: ${slowest.map((x) => `${x.name} (${x.kb.toFixed(0)} KiB) ${ms(x.ms)}`).join('; ')}`);
}

// 2. Nesting, binary.
{
  const rows = [];
  let bad = 0;
  const t0 = performance.now();
  for (const c of [...deepCases([maxNesting + 50, 2000, 20_000]), ...binaryCases(binaryFile())]) {
    const r = checkText(parser, c.text);
    if (r.problems.length > 0) { bad++; note(c.name, r.problems); }
    rows.push({ name: c.name, ms: r.parseMs + r.analysisMs, skipped: r.skipped.length });
  }
  const worst = rows.sort((a, b) => b.ms - a.ms).slice(0, 4).map((x) => `${x.name} ${ms(x.ms)}`).join('; ');
  console.log(`\nnesting shapes × (${maxNesting + 50}, 2,000, 20,000 levels) and a binary file: ${rows.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${rows.filter((r) => r.skipped > 0).length} with a skipped declaration, violations: ${bad}`);
  console.log(`  slowest: ${worst}`);
}

// 3. The incremental path.
{
  const deadline = performance.now() + seconds * 0.25 * 1000;
  const rng = new Random(seed + 1);
  let docs = 0; let edits = 0; let bad = 0; let batches = 0; let treesDiffer = 0;
  const t0 = performance.now();
  while (performance.now() < deadline) {
    const r = rng.fork();
    const text = r.chance(0.5) ? randomProgram(r, r.between(3, 12)) : fs.readFileSync(r.pick(files), 'utf8').slice(0, 60_000);
    const result = incrementalRun(parser, text, r, 25, 1);
    docs++; edits += result.edits; batches += 25; treesDiffer += result.treesDiffer;
    if (result.problems.length > 0) { bad++; note(`incremental #${docs}`, result.problems); }
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`\nincremental analysis: ${docs} documents, ${edits} random changes in ${batches} batches (each checked against a full pass over the same tree) in ${s.toFixed(1)} s, documents violating a property: ${bad}`);
  console.log(`  batches after which tree-sitter's incremental tree differed from a fresh parse of the same text (syntax errors): ${treesDiffer}`);
}

// 4. Time against size.
{
  console.log('\ntime against size (random loop/append programs of more and more functions; ratio = time per MB relative to the smallest):');
  let base;
  for (const functions of [100, 200, 400, 800, 1600, 3200, 6400]) {
    const text = randomProgram(new Random(seed + functions), functions);
    const r = checkText(parser, text, { extras: false });
    const perMb = (r.parseMs + r.analysisMs) / (text.length / 1e6);
    base ??= perMb;
    console.log(`  ${String(functions).padStart(5)} functions, ${mb(text.length).padStart(4)} MB: parse ${ms(r.parseMs).padStart(8)}, analysis ${ms(r.analysisMs).padStart(8)}, ${String(r.findings).padStart(5)} findings, ${(perMb / 1000).toFixed(2)} s/MB, ratio ${(perMb / base).toFixed(2)}${r.problems.length ? ` VIOLATIONS ${r.problems.length}` : ''}`);
  }
}

// 5. Limits.
if (!argv.includes('--no-limits')) {
  console.log('\nlimits (in this process; peak RSS is the process\'s so far):');
  for (const [label, text] of [['5 MB, 60,000 functions', manyFunctions(5_000_000, 60_000)], ['10 MB', manyFunctions(10 * 1024 * 1024 - 4096)]]) {
    const r = checkText(parser, text, { extras: false });
    const functions = (text.match(/^func /gm) ?? []).length;
    // Every tenth function has a zero-step loop that appends: 2 findings each when all were analysed.
    const expected = 2 * Math.ceil(functions / 10);
    console.log(`  ${label}: ${mb(Buffer.byteLength(text))} MB, ${functions} functions: parse ${ms(r.parseMs)}, analysis ${ms(r.analysisMs)}, ${r.findings} of ${expected} expected findings, skipped ${r.skipped.length}, violations ${r.problems.length}, peak RSS ${peak()}`);
    if (r.problems.length) note(label, r.problems);
  }
}

console.log(`\nproperty violations found: ${problems.size}`);
for (const p of problems.values()) console.log(`  - ${p.slice(0, 400)}`);
parser.delete();
