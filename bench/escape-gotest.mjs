// Escape facts against the Go team's own annotated tests: every `$(go env GOROOT)/test/*.go` whose
// header is `// errorcheck … -m …`, compiled with its header's flags as the Go harness compiles it.
//  1. Compiler mode: of the `// ERROR "regexp"` comments the compiler's real output satisfies (as
//     the harness matches them), how many the parsed facts satisfy too, per kind; misses are listed.
//  2. Predicted mode (no toolchain): precision and recall of `moved-to-heap` and `escapes` against the
//     compiler's facts for the same files (matched by line and kind, counting duplicates).
// Usage: npx tsc -b && node bench/escape-gotest.mjs [--go PATH] [--verbose] [file.go ...]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const corpus = require('../out/test/escape/goTestCorpus.js');
const { parseEscapeLog } = require('../out/server/src/escape/parse.js');
const { predictPackageTexts } = require('../out/server/src/escape/predictPackage.js');

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const goIndex = argv.indexOf('--go');
const go = goIndex >= 0 ? argv[goIndex + 1] : 'go';
const only = argv.filter((a, i) => !a.startsWith('--') && (goIndex < 0 || i !== goIndex + 1));
const goEnv = (key) => execFileSync(go, ['env', key], { encoding: 'utf8' }).trim();
const goroot = goEnv('GOROOT');
const goVersion = goEnv('GOVERSION');
const target = { goos: goEnv('GOOS'), goarch: goEnv('GOARCH') };

const tmp = mkdtempSync(path.join(os.tmpdir(), 'oom-lens-gotest-'));
const importcfg = corpus.stdImportcfg(go, tmp);
const files = corpus.escapeTestFiles(goroot, corpus.buildTags(target.goos, target.goarch, goVersion)).filter((f) => !only.length || only.includes(path.relative(path.join(goroot, 'test'), f.file)));

const KINDS = ['moved-to-heap', 'escapes'];
const wantKinds = {};
const misses = [];
const predicted = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, pred: 0, comp: 0 }]));
const falsePositives = [];
const falseNegatives = [];
let unmatchedByCompiler = 0;
let badRegexps = 0;
let compiled = 0;
for (const entry of files) {
  const short = path.basename(entry.file);
  const shown = path.relative(path.join(goroot, 'test'), entry.file);
  const text = readFileSync(entry.file, 'utf8');
  const { output, status } = corpus.compileCorpusFile(go, entry, importcfg);
  const wantAuto = entry.action === 'errorcheckwithauto';
  const wants = corpus.wantedErrors(text, short);
  badRegexps += wants.filter((w) => !w.re).length;
  const real = corpus.errorCheck(corpus.splitOutput(output, wantAuto), wants, short);
  unmatchedByCompiler += wants.length - real.matched.size;
  if (verbose) wants.forEach((w, i) => { if (!real.matched.has(i)) console.log(`  not satisfied by the compiler here: ${shown}:${w.line} "${w.source}"`); });
  const log = parseEscapeLog(output, { cwd: path.dirname(entry.file), includeOther: true, failed: status !== 0 });
  const ours = corpus.errorCheck([...corpus.linesOfFacts(log.facts, short), ...log.errors.filter((e) => e.line).map((e) => `${short}:${e.line}: ${e.message}`)], wants, short);
  for (const i of real.matched) {
    const kind = corpus.kindOfLine(real.by.get(i));
    const k = (wantKinds[kind] ??= { wanted: 0, reproduced: 0 });
    k.wanted++;
    if (ours.matched.has(i)) k.reproduced++;
    else misses.push(`${shown}:${wants[i].line} ${kind} "${wants[i].source}" (compiler: ${real.by.get(i)})`);
  }
  compiled++;

  // Predicted mode on the same file, against the compiler's facts.
  const facts = log.facts.filter((f) => KINDS.includes(f.kind) && f.file === entry.file);
  const guess = (await predictPackageTexts([{ path: entry.file, text }], { goVersion, ...target })).filter((f) => KINDS.includes(f.kind));
  for (const kind of KINDS) {
    const m = match(guess.filter((f) => f.kind === kind), facts.filter((f) => f.kind === kind));
    predicted[kind].tp += m.tp; predicted[kind].pred += m.pred; predicted[kind].comp += m.comp;
    falsePositives.push(...m.falsePositives.map((f) => `${shown}:${f.line}:${f.column} ${kind} ${f.name} (${f.why})`));
    falseNegatives.push(...m.falseNegatives.map((f) => `${shown}:${f.line} ${kind} ${f.name}`));
  }
}
rmSync(tmp, { recursive: true, force: true });

console.log(`Go ${goVersion}: ${compiled} errorcheck -m files in ${path.join(goroot, 'test')}`);
console.log(`\ncompiler mode: wanted messages the compiler's output satisfies, and how many the parsed facts satisfy`);
for (const [kind, k] of Object.entries(wantKinds).sort()) console.log(`  ${kind.padEnd(16)} ${k.reproduced}/${k.wanted}`);
console.log(`  (${unmatchedByCompiler} wanted messages the compiler's own output does not satisfy here; ${badRegexps} regexps JavaScript cannot compile)`);
const escapeMisses = misses.filter((m) => !/ (inlining|other) "/.test(m));
console.log(`  misses of escape facts: ${escapeMisses.length}`);
for (const m of (verbose ? misses : escapeMisses).slice(0, verbose ? 1000 : 30)) console.log(`    ${m}`);

console.log(`\npredicted mode against the compiler's facts`);
for (const kind of KINDS) {
  const t = predicted[kind];
  console.log(`  ${kind.padEnd(14)} precision ${ratio(t.tp, t.pred)} (${t.tp}/${t.pred})  recall ${ratio(t.tp, t.comp)} (${t.tp}/${t.comp})`);
}
if (verbose) {
  for (const f of falsePositives) console.log(`  FP ${f}`);
  for (const f of falseNegatives) console.log(`  FN ${f}`);
}

/** Multiset match on (line, kind): a predicted site counts once per compiler site on that line. */
function match(pred, comp) {
  const byLine = new Map();
  for (const f of comp) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  const used = new Set();
  const fps = [];
  let tp = 0;
  for (const f of pred) {
    const hit = (byLine.get(f.line) ?? []).find((c) => !used.has(c));
    if (hit) { used.add(hit); tp++; } else fps.push(f);
  }
  return { tp, pred: pred.length, comp: comp.length, falsePositives: fps, falseNegatives: comp.filter((c) => !used.has(c)) };
}

function ratio(a, b) { return b === 0 ? 'n/a' : (a / b).toFixed(3); }
