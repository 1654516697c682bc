// Noise benchmark: runs `go-oom-lens check` over a corpus of well-kept Go repositories that have no
// known bugs of the kinds we look for, so every finding is a candidate false finding for a reviewer.
// Prints per repository and in total: Go lines (hand-written and generated), findings by rule and
// severity, findings per 100k lines, wall and CPU time; writes every finding to a TSV (or JSON) file.
//
//   node bench/noise.mjs [DIR...]            each DIR is one repository (default: every directory
//                                            under --root, which defaults to /work/noise)
//     --root DIR        corpus root: one repository per subdirectory
//     --jobs N          worker threads per check run (default 2)
//     --out FILE        where findings go (default /work/noise-findings.tsv; .json writes JSON)
//     --list N          also print the first N findings (hand-written code first)
//     --diff OLD.tsv    after the run, print findings added, removed and changed relative to OLD
//     --diff OLD.tsv --against NEW.tsv   compare two earlier runs without running anything
//
// "Generated" follows Go's convention (go/ast.IsGenerated): a line `// Code generated … DO NOT EDIT.`
// before the package clause. Generated files are analysed like any other (users open them too) but
// counted apart, since the figure that matters is noise on hand-written code.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const valueFlags = new Set(['--root', '--jobs', '--out', '--list', '--diff', '--against']);
const rules = ['zero-step-loop', 'non-progressing-loop', 'unbounded-append', 'unbounded-growth', 'infinite-recursion'];
const columns = ['repo', 'file', 'line', 'column', 'rule', 'severity', 'generated', 'message'];

function parseArgs(argv) {
  const options = { root: '/work/noise', jobs: '2', out: '/work/noise-findings.tsv', list: '0', dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') options.help = true;
    else if (valueFlags.has(a)) {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      options[a.slice(2)] = argv[++i];
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else options.dirs.push(a);
  }
  if (!/^[1-9]\d*$/.test(options.jobs)) throw new Error(`--jobs must be a positive integer, not '${options.jobs}'`);
  if (!/^\d+$/.test(options.list)) throw new Error(`--list must be a number, not '${options.list}'`);
  return options;
}

// The walk `check` does (server/src/cli/collect.ts): these directories are never entered.
const skipDir = (name) => name === 'vendor' || name === 'testdata' || name === 'node_modules' || /^[._]/.test(name);
const generatedMark = /^\/\/ Code generated .* DO NOT EDIT\.$/;

/** True when a `// Code generated … DO NOT EDIT.` line comes before the package clause. */
function isGenerated(text) {
  for (const line of text.split('\n')) {
    if (/^package\s/.test(line)) return false;
    if (generatedMark.test(line.replace(/\r$/, ''))) return true;
  }
  return false;
}

/** Go files `check` reads under dir, as lines, generated lines and the set of generated files. */
function countGo(dir) {
  const counts = { files: 0, lines: 0, generatedFiles: 0, generatedLines: 0, generated: new Set() };
  const walk = (abs) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(abs, e.name);
      if (e.isDirectory()) {
        if (!skipDir(e.name)) walk(child);
      } else if (e.isFile() && e.name.endsWith('.go') && !/^[._]/.test(e.name)) {
        const text = fs.readFileSync(child, 'utf8');
        const lines = text.split('\n').length - (text.endsWith('\n') || text === '' ? 1 : 0);
        counts.files++;
        counts.lines += lines;
        if (isGenerated(text)) {
          counts.generatedFiles++;
          counts.generatedLines += lines;
          counts.generated.add(path.relative(dir, child));
        }
      }
    }
  };
  walk(dir);
  return counts;
}

/** Runs check on one repository (no shell); resolves with findings, stats and wall seconds. */
function check(dir, jobs) {
  return new Promise((resolve) => {
    const started = performance.now();
    const args = [cli, 'check', '--format', 'json', '--stats', '--exit-zero', '--no-cache', '--jobs', jobs, '.'];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (e) => resolve({ error: e.message, findings: [], stats: {}, seconds: 0, stderr: '' }));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const stderr = Buffer.concat(err).toString('utf8');
      const stats = Object.fromEntries([...(/^stats: (.*)$/m.exec(stderr)?.[1] ?? '').matchAll(/(\w+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
      try {
        const findings = JSON.parse(Buffer.concat(out).toString('utf8')).findings;
        resolve({ code, findings, stats, seconds, stderr });
      } catch {
        resolve({ code, error: `exit ${code} without JSON: ${stderr.slice(0, 300)}`, findings: [], stats, seconds, stderr });
      }
    });
  });
}

const clean = (s) => String(s).replace(/[\t\r\n]+/g, ' ');
const per100k = (n, lines) => (lines ? (n * 1e5 / lines).toFixed(2) : '-');
const thousands = (n) => n.toLocaleString('en-US');

/** One TSV or JSON row per finding, paths relative to the repository. */
function toRows(repo, dir, result, generated) {
  return result.findings.map((f) => {
    const file = path.relative(dir, path.resolve(dir, f.file));
    return { repo, file, line: f.line, column: f.column, rule: f.rule, severity: f.severity, generated: generated.has(file) ? 'yes' : 'no', message: f.message };
  });
}

function writeRows(file, rows) {
  if (file.endsWith('.json')) fs.writeFileSync(file, `${JSON.stringify(rows, null, 1)}\n`);
  else fs.writeFileSync(file, [columns.join('\t'), ...rows.map((r) => columns.map((c) => clean(r[c])).join('\t'))].join('\n') + '\n');
}

function readRows(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.parse(text);
  const [header, ...lines] = text.split('\n').filter((l) => l !== '');
  const names = header.split('\t');
  for (const c of ['repo', 'file', 'line', 'rule', 'severity']) if (!names.includes(c)) throw new Error(`${file}: no '${c}' column`);
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i], v])));
}

/** Cell "E/W" of errors and warnings of one rule, or "" when there are none. */
function ruleCell(rows, rule) {
  const e = rows.filter((r) => r.rule === rule && r.severity === 'error').length;
  const w = rows.filter((r) => r.rule === rule && r.severity !== 'error').length;
  return e + w ? `${e}/${w}` : '';
}

function printTables(results) {
  console.log('\n| repo | files | lines | generated lines | findings | in generated | errors | warnings | per 100k hand-written lines | wall s | cpu s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const line = (r) => {
    const hand = r.rows.filter((x) => x.generated === 'no').length;
    const errors = r.rows.filter((x) => x.severity === 'error').length;
    console.log(`| ${r.repo} | ${thousands(r.counts.files)} | ${thousands(r.counts.lines)} | ${thousands(r.counts.generatedLines)} | ${r.rows.length} | ${r.rows.length - hand} | ${errors} | ${r.rows.length - errors} | ${per100k(hand, r.counts.lines - r.counts.generatedLines)} | ${r.seconds.toFixed(1)} | ${r.stats.cpu?.toFixed(1) ?? '?'} |`);
  };
  results.forEach(line);
  const sum = (f) => results.reduce((a, r) => a + f(r), 0);
  const total = {
    repo: `**total (${results.length})**`,
    counts: { files: sum((r) => r.counts.files), lines: sum((r) => r.counts.lines), generatedLines: sum((r) => r.counts.generatedLines) },
    rows: results.flatMap((r) => r.rows),
    seconds: sum((r) => r.seconds),
    stats: { cpu: sum((r) => r.stats.cpu ?? 0) },
  };
  line(total);
  console.log(`\nFindings by rule (errors/warnings; all files):\n\n| repo | ${rules.join(' | ')} |\n| --- |${' ---: |'.repeat(rules.length)}`);
  for (const r of [...results, total]) console.log(`| ${r.repo} | ${rules.map((rule) => ruleCell(r.rows, rule)).join(' | ')} |`);
  const other = total.rows.filter((x) => !rules.includes(x.rule));
  if (other.length) console.log(`(${other.length} findings of rules not listed above)`);
}

/** Prints findings added, removed, and changed (same place and rule, other severity or message). */
function printDiff(oldRows, newRows) {
  // A run written before the column was recorded is compared by line only.
  const withColumn = [oldRows, newRows].every((rows) => rows.every((r) => r.column !== undefined));
  const key = (r) => `${r.repo}\t${r.file}\t${r.line}\t${withColumn ? r.column : ''}\t${r.rule}`;
  const show = (r) => `${r.repo}/${r.file}:${r.line} ${r.rule} ${r.severity}: ${clean(r.message)}`;
  const before = new Map(oldRows.map((r) => [key(r), r]));
  const after = new Map(newRows.map((r) => [key(r), r]));
  const added = newRows.filter((r) => !before.has(key(r)));
  const removed = oldRows.filter((r) => !after.has(key(r)));
  const changed = newRows.filter((r) => before.has(key(r)) && (before.get(key(r)).severity !== r.severity || clean(before.get(key(r)).message) !== clean(r.message)));
  console.log(`\nDiff: ${oldRows.length} findings before, ${newRows.length} now: ${added.length} added, ${removed.length} removed, ${changed.length} changed`);
  for (const r of added) console.log(`  + ${show(r)}`);
  for (const r of removed) console.log(`  - ${show(r)}`);
  for (const r of changed) console.log(`  ~ ${show(r)}\n      was ${before.get(key(r)).severity}: ${clean(before.get(key(r)).message)}`);
}

function repositories(options) {
  if (options.dirs.length) {
    for (const d of options.dirs) if (!fs.statSync(d, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${d} is not a directory`);
    return options.dirs.map((d) => path.resolve(d));
  }
  if (!fs.existsSync(options.root)) throw new Error(`corpus root ${options.root} does not exist (give --root DIR or directories)`);
  return fs.readdirSync(options.root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(options.root, e.name)).sort();
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
    return;
  }
  if (options.against) {
    if (!options.diff) throw new Error('--against needs --diff OLD');
    printDiff(readRows(options.diff), readRows(options.against));
    return;
  }
  const oldRows = options.diff ? readRows(options.diff) : undefined;
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  const results = [];
  for (const dir of repositories(options)) {
    const repo = path.basename(dir);
    const counts = countGo(dir);
    const result = await check(dir, options.jobs);
    const rows = toRows(repo, dir, result, counts.generated);
    const internal = result.stderr.split('\n').filter((l) => /internal error/.test(l));
    const skipped = result.stderr.split('\n').filter((l) => /: skipped/.test(l)).length;
    results.push({ repo, counts, rows, seconds: result.seconds, stats: result.stats });
    console.log(`${repo}: ${thousands(counts.lines)} lines, ${rows.length} findings, ${result.seconds.toFixed(1)} s${result.error ? `; ERROR ${result.error}` : ''}${internal.length ? `; ${internal.length} internal errors: ${internal[0].slice(0, 200)}` : ''}${skipped ? `; ${skipped} files skipped` : ''}`);
  }
  printTables(results);
  const all = results.flatMap((r) => r.rows);
  writeRows(options.out, all);
  console.log(`\n${all.length} findings written to ${options.out}`);
  const list = Number(options.list);
  if (list) {
    const ordered = [...all.filter((r) => r.generated === 'no'), ...all.filter((r) => r.generated !== 'no')].slice(0, list);
    console.log(`\nFirst ${ordered.length} findings (hand-written code first):`);
    for (const r of ordered) console.log(`  ${r.repo}/${r.file}:${r.line} ${r.rule} ${r.severity}${r.generated === 'yes' ? ' (generated)' : ''}: ${clean(r.message)}`);
  }
  if (oldRows) printDiff(oldRows, all);
}

main().catch((e) => {
  console.error(`noise: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 2;
});
