// Which of our rule fixtures each peer reports: staticcheck (-checks all), go vet and gopls run on a
// copy of test/rules/testdata (the go tool matches no package under a directory named testdata by
// absolute path, and gopls loads packages that way), and for each line that carries one of our
// `// want` comments, what each peer reports on that line. Peer findings on other lines are the
// candidates for ideas we miss.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRun } from './ourCheck.mjs';
import { goplsFindings, staticcheckFindings, vetFindings } from './peerFindings.mjs';
import { goEnv, withFreshCaches } from './peerTools.mjs';
import { fmt, lpad, pad, tail, timed } from './proc.mjs';
import { root } from './probe.mjs';

const fixturesDir = path.join(root, 'test', 'rules', 'testdata');
// Not this bug class: unused code, style and simplifications (counted, not listed).
const noise = (f) => /^(U1000|ST\d+|S1\d+|QF\d+)$/.test(f.code);

function goFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...goFiles(p));
    else if (e.name.endsWith('.go')) out.push(p);
  }
  return out.sort();
}

/** Runs one peer over the copy; resolves { seconds, cpu, found } or { note }. */
async function peer(binary, args, cwd, env, parse) {
  const r = await timed(binary, args, { cwd, env });
  if (r.error) return { note: `failed: ${r.error.message}` };
  const found = parse(`${r.stdout}\n${r.stderr}`);
  if (found.length === 0 && r.code !== 0) return { note: `exit ${r.code}: ${tail(r.stderr)}` };
  return { seconds: r.seconds, cpu: r.cpu, found };
}

/** Our check, then cold (fresh caches) and warm runs of every peer, on the fixture copy. */
async function runAll(copy, files, tools, skip, jobs) {
  const runs = [];
  const ours = await checkRun([copy], jobs);
  runs.push({ tool: 'ours', label: `go-oom-lens check (jobs=${jobs})`, seconds: ours.seconds, cpu: ours.cpu, found: ours.findings.map((f) => ({ file: f.file, line: f.line, code: f.rule, message: f.message })) });
  await withFreshCaches(async (fresh) => {
    const add = async (tool, label, make, modes = ['cold', 'warm']) => {
      if (make.note) return runs.push({ tool, label, note: make.note });
      for (const mode of modes) runs.push({ tool, label: `${label} (${mode})`, ...(await make(fresh)) });
    };
    const sc = tools.staticcheck;
    await add('staticcheck', 'staticcheck -checks all ./...', skip.staticcheck || !sc.binary ? { note: skip.staticcheck ? 'skipped (--no-staticcheck)' : sc.note } : (env) => peer(sc.binary, ['-checks', 'all', '-f', 'json', './...'], copy, env, staticcheckFindings));
    // go vet keeps Go's build cache (GOCACHE as the machine has it): its first run compiles nothing of std.
    await add('vet', 'go vet ./...', skip.vet ? { note: 'skipped (--no-vet)' } : () => peer('go', ['vet', '-json', './...'], copy, goEnv, vetFindings), ['first', 'second']);
    const gp = tools.gopls;
    // gopls keeps its file cache under GOPLSCACHE (or the user cache dir, moved by XDG_CACHE_HOME).
    await add('gopls', `gopls check (${files.length} files)`, skip.gopls || !gp.binary ? { note: skip.gopls ? 'skipped (--no-gopls)' : gp.note } : (env) => peer(gp.binary, ['check', ...files], copy, { ...env, GOPLSCACHE: path.join(env.XDG_CACHE_HOME, 'gopls') }, goplsFindings));
  });
  return runs;
}

const cell = (found) => (found.length ? [...new Set(found.map((f) => f.code))].join(' ') : '-');

/** Prints timings, the per-want table and the peer findings on lines without a want. */
export async function compareOnFixtures({ probe, tools, skip, jobs }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-fixtures-'));
  const copy = path.join(work, 'fixtures');
  fs.cpSync(fixturesDir, copy, { recursive: true });
  try {
    const files = goFiles(copy);
    console.log(`\nPeers on our rule fixtures (${files.length} files of test/rules/testdata, copied to ${copy})`);
    const runs = await runAll(copy, files, tools, skip, jobs);
    const base = runs[0];
    for (const r of runs) {
      if (r.note) console.log(`  ${pad(r.label, 40)} ${r.note}`);
      else console.log(`  ${pad(r.label, 40)} ${lpad(fmt(r.seconds, 2), 6)} s ${lpad(fmt(r.seconds / base.seconds, 1), 6)}x  cpu ${lpad(fmt(r.cpu, 2), 6)} s  ${r.found.length} findings`);
    }
    const byTool = new Map();
    for (const r of runs) if (r.found && !byTool.has(r.tool)) byTool.set(r.tool, r.found);
    const peersRun = [...byTool.keys()].filter((t) => t !== 'ours');
    printTable(files, copy, probe, byTool, peersRun);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function printTable(files, copy, probe, byTool, peersRun) {
  const known = new Set(probe.ruleIds);
  const wanted = new Set();
  const rows = [];
  const hits = Object.fromEntries(peersRun.map((t) => [t, 0]));
  for (const file of files) {
    const shown = path.relative(copy, file);
    const byLine = new Map();
    for (const w of probe.parseWants(shown, fs.readFileSync(file, 'utf8'), known)) {
      byLine.set(w.line + 1, [...(byLine.get(w.line + 1) ?? []), w.text]);
    }
    for (const [line, wants] of byLine) {
      wanted.add(`${file}:${line}`);
      const cells = peersRun.map((t) => {
        const found = byTool.get(t).filter((f) => f.file === file && f.line === line && !noise(f));
        if (found.length) hits[t]++;
        return cell(found);
      });
      rows.push([`${shown}:${line}`, wants.join(' '), ...cells]);
    }
  }
  const widths = [34, 44, ...peersRun.map(() => 13)];
  const line = (cols) => `  ${cols.map((c, i) => (i === cols.length - 1 ? c : pad(c, widths[i]))).join(' ')}`;
  console.log(`\n  Our want lines (${rows.length}) and what each peer reports on the same line (- nothing; unused/style findings left out)`);
  console.log(line(['fixture line', 'our want', ...peersRun]));
  for (const r of rows) console.log(line(r));
  console.log(line(['lines reported', `${rows.length} of ${rows.length}`, ...peersRun.map((t) => `${hits[t]} of ${rows.length}`)]));

  console.log('\n  Peer findings on lines without a want of ours (candidates for ideas we miss):');
  for (const t of peersRun) {
    const other = byTool.get(t).filter((f) => !wanted.has(`${f.file}:${f.line}`));
    const kept = other.filter((f) => !noise(f));
    const codes = [...new Set(other.filter(noise).map((f) => f.code))].sort().join(', ');
    console.log(`  ${t}: ${kept.length} findings${codes ? `; ${other.length - kept.length} unused/style (${codes}) not listed` : ''}`);
    for (const f of kept) console.log(`    ${pad(`${path.relative(copy, f.file)}:${f.line}`, 32)} ${pad(f.code, 12)} ${f.message.slice(0, 110)}`);
  }
}
