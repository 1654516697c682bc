// Language-server benchmark (prints figures; not a timed test). An independent JSON-RPC driver
// (bench/lib/lspDriver.mjs) runs `node dist/server.js --stdio` with debounce 0 and, on each file,
// makes single-character edits at random places inside function bodies (seeded: runs compare),
// alternately inserting a character and deleting it again. After each edit it waits for that
// version's diagnostics, then sends what an editor asks for after a keystroke: inlay hints for the
// ~60 visible lines around the edit, code lenses, document symbols (if the server offers them) and
// a hover at the edit. It prints p50/p95/p99 of edit → diagnostics and of each request, and the
// server's CPU time per edit (utime + stime of /proc/<pid>/stat around the measured edits). Then it
// makes a few edits each followed by a pause (--pauses N, default 5): predicted escape facts are
// recomputed once typing pauses, and the server asks for hints again; it prints edit → refreshed
// hints and the server's CPU per pause. Last, it breaks the syntax at the top of the file's longest
// function (an `x` at the start of its second body line) and deletes that again, timing each, and
// opens the file again in a new server (the package's summaries are then read from its store).
// Files: a generated 1,000-line file of loops, GOROOT's text/template/exec.go and
// cmd/compile/internal/ssa/rewriteAMD64.go (38k lines; opened in place, so its package is read).
// Memory is bench/memory.mjs's.
//
// Usage: npm run build && node bench/lsp.mjs [--edits N] [--warmup N] [--seed S] [--only gen|exec|amd64]
//        [--no-requests] [--cpu-prof DIR] (the server runs under node --cpu-prof; its profile's top
//        functions are printed per file)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { printCpuProfile, summarizeCpuProfile } from './lib/cpuProfile.mjs';
import { ServerDriver, percentile, rng } from './lib/lspDriver.mjs';

const argv = process.argv.slice(2);
const option = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const EDITS = Number(option('--edits', 250));
const WARMUP = Number(option('--warmup', 20));
const SEED = Number(option('--seed', 42));
const ONLY = option('--only', undefined);
const REQUESTS = !argv.includes('--no-requests');
const PROFILE_DIR = option('--cpu-prof', undefined);
const VISIBLE = 60;
const PAUSES = Number(option('--pauses', 5));
/** server/src/features/escapeService.ts PREDICT_IDLE_MS (the driver shares no code with the server). */
const PREDICT_IDLE_MS = 300;

function goroot() {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();
  } catch {
    return undefined;
  }
}

/** ~1,000 lines of Go: functions with loops, some of them flagged. */
export function generatedFile() {
  const out = ['package bench', '', 'import "fmt"', '', 'type Row struct {', '\tID   string', '\tN    int', '\tTags []string', '}', ''];
  for (let f = 0; out.length < 990; f++) {
    out.push(`func process${f}(items []Row, step int) []Row {`, '\tvar out []Row', `\tfor i := 0; i < len(items); i += ${f % 3 === 0 ? 'step' : '1'} {`,
      '\t\tif items[i].N > 10 {', '\t\t\tout = append(out, items[i])', '\t\t}', '\t}', '\ttotal := 0', '\tfor _, r := range out {',
      '\t\ttotal += r.N', '\t\tfor j := 0; j < len(r.Tags); j++ {', '\t\t\ttotal += len(r.Tags[j])', '\t\t}', '\t}',
      `\tfmt.Println("process${f}", total)`, '\tif total > 100 {', '\t\treturn out[:1]', '\t}', '\treturn out', '}', '');
  }
  return `${out.join('\n')}\n`;
}

/** Non-blank lines strictly inside top-level function bodies (`func … {` to the `}` in column 0). */
function bodyLines(lines) {
  const out = [];
  let inside = false;
  lines.forEach((l, i) => {
    if (!inside && l.startsWith('func ') && l.trimEnd().endsWith('{')) inside = true;
    else if (inside && l.startsWith('}')) inside = false;
    else if (inside && l.trim() !== '') out.push(i);
  });
  return out;
}

/** The 0-based line of the longest top-level function's `func` (column 0 to its `}` in column 0). */
function longestFunction(lines) {
  let best;
  let bestLength = 0;
  let start;
  lines.forEach((l, i) => {
    if (start === undefined && l.startsWith('func ') && l.trimEnd().endsWith('{')) start = i;
    else if (start !== undefined && l.startsWith('}')) {
      if (i - start > bestLength) { best = start; bestLength = i - start; }
      start = undefined;
    }
  });
  return bestLength > 3 ? best : undefined;
}

const stats = (xs) => `p50 ${percentile(xs, 50).toFixed(1)}  p95 ${percentile(xs, 95).toFixed(1)}  p99 ${percentile(xs, 99).toFixed(1)}  max ${Math.max(...xs).toFixed(1)} ms`;

/** Opens one file in a fresh server, edits it, prints the figures. */
async function benchFile(label, file, text) {
  if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const profileDir = PROFILE_DIR && fs.mkdtempSync(path.join(path.resolve(PROFILE_DIR), `${label.replace(/\W+/g, '-')}-`));
  // A cache of its own (package summaries kept across sessions): the first open is cold, the reopen at the end warm.
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-bench-cache-'));
  const server = new ServerDriver({ settings: { debounceMs: 0 }, cpuProfileDir: profileDir, env: { GO_OOM_LENS_CACHE: cache } });
  const caps = await server.init();
  const uri = pathToFileURL(file).toString();
  const lines = text.split('\n');
  const candidates = bodyLines(lines);
  const next = rng(SEED);
  const lineText = [...lines];
  const cpuOpen = server.cpuSeconds();
  let t0 = performance.now();
  await server.open(uri, text);
  const openMs = performance.now() - t0;
  const openCpu = server.cpuSeconds() - cpuOpen;
  const mix = [
    ['inlayHint', caps.inlayHintProvider, (p) => ({ textDocument: { uri }, range: { start: { line: Math.max(0, p.line - VISIBLE / 2), character: 0 }, end: { line: p.line + VISIBLE / 2, character: 0 } } })],
    ['codeLens', caps.codeLensProvider, () => ({ textDocument: { uri } })],
    ['documentSymbol', caps.documentSymbolProvider, () => ({ textDocument: { uri } })],
    ['hover', caps.hoverProvider, (p) => ({ textDocument: { uri }, position: p })],
  ].filter(([, offered]) => REQUESTS && offered);
  const times = { diagnostics: [] };
  for (const [name] of mix) times[name] = [];
  const hints = mix.find(([name]) => name === 'inlayHint');
  let version = 1;
  let cpuStart = 0;
  let pending; // the inserted character to delete next
  for (let k = 0; k < EDITS + WARMUP; k++) {
    if (k === WARMUP) cpuStart = server.cpuSeconds();
    let change;
    let at;
    if (pending) {
      at = pending;
      change = { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      lineText[at.line] = lineText[at.line].slice(0, at.character) + lineText[at.line].slice(at.character + 1);
      pending = undefined;
    } else {
      const line = candidates[Math.floor(next() * candidates.length)];
      const character = 1 + Math.floor(next() * Math.max(1, lineText[line].length));
      const ch = ' xi1_('[Math.floor(next() * 6)];
      at = { line, character };
      change = { range: { start: at, end: at }, text: ch };
      lineText[line] = lineText[line].slice(0, character) + ch + lineText[line].slice(character);
      pending = at;
    }
    version++;
    const published = server.diagnostics(uri, version);
    t0 = performance.now();
    await server.change(uri, version, [change]);
    await published;
    const counted = k >= WARMUP;
    if (counted) times.diagnostics.push(performance.now() - t0);
    for (const [name, , params] of mix) {
      t0 = performance.now();
      await server.request(`textDocument/${name}`, params(at));
      if (counted) times[name].push(performance.now() - t0);
    }
  }
  const cpuPerEdit = ((server.cpuSeconds() - cpuStart) * 1000) / EDITS;
  // Pauses: an edit, then nothing until the server asks for hints again (predicted escape facts are
  // recomputed once typing pauses), then the hints of the visible lines.
  const pauses = [];
  const pauseCpu = server.cpuSeconds();
  for (let k = 0; k < PAUSES && hints; k++) {
    const line = candidates[Math.floor(next() * candidates.length)];
    const at = { line, character: 1 };
    version++;
    const refreshed = server.hintRefresh(60_000);
    t0 = performance.now();
    await server.change(uri, version, [{ range: { start: at, end: at }, text: ' ' }]);
    // As an editor does after an edit: hints for the visible lines (the earlier facts, moved).
    await server.request('textDocument/inlayHint', hints[2](at));
    if (!(await refreshed)) { pauses.push(NaN); continue; }
    await server.request('textDocument/inlayHint', hints[2](at));
    pauses.push(performance.now() - t0);
  }
  const cpuPerPause = pauses.length ? ((server.cpuSeconds() - pauseCpu) * 1000) / pauses.length : NaN;
  // Broken syntax at the top of the longest function (tree-sitter's error recovery can take seconds
  // there): an `x` at the start of its second body line, then deleted again; edit → diagnostics each.
  const longest = longestFunction(lineText);
  const broken = [];
  if (longest !== undefined) {
    const at = { line: longest + 2, character: 1 };
    for (const change of [{ range: { start: at, end: at }, text: 'x' }, { range: { start: at, end: { line: at.line, character: 2 } }, text: '' }]) {
      version++;
      const published = server.diagnostics(uri, version);
      t0 = performance.now();
      await server.change(uri, version, [change]);
      await published;
      broken.push(performance.now() - t0);
    }
  }
  const { rss } = server.memory();
  await server.stop();
  // Opened again in a new session: the package's other files are summarised from the store.
  const again = new ServerDriver({ settings: { debounceMs: 0 }, env: { GO_OOM_LENS_CACHE: cache } });
  await again.init();
  const cpuAgain = again.cpuSeconds();
  t0 = performance.now();
  await again.open(uri, text);
  const reopenMs = performance.now() - t0;
  const reopenCpu = again.cpuSeconds() - cpuAgain;
  await again.stop();
  fs.rmSync(cache, { recursive: true, force: true });
  console.log(`\n${label}: ${lines.length.toLocaleString('en-US')} lines; open → diagnostics ${openMs.toFixed(0)} ms (server CPU ${(openCpu * 1000).toFixed(0)} ms); ${EDITS} edits after ${WARMUP} warm-up edits (seed ${SEED}); RSS ${(rss / 2 ** 20).toFixed(0)} MiB at the end`);
  console.log(`  reopened            in a new session, open → diagnostics ${reopenMs.toFixed(0)} ms (server CPU ${(reopenCpu * 1000).toFixed(0)} ms; the package's summaries stored)`);
  console.log(`  edit → diagnostics   ${stats(times.diagnostics)}`);
  for (const [name] of mix) console.log(`  ${name.padEnd(20)} ${stats(times[name])}`);
  console.log(`  server CPU per edit  ${cpuPerEdit.toFixed(1)} ms (${REQUESTS ? `with ${mix.map(([n]) => n).join(', ')}` : 'diagnostics only'}); not offered: ${['documentSymbol'].filter((n) => !mix.some(([m]) => m === n)).join(', ') || 'none'}`);
  if (broken.length) console.log(`  broken syntax       an x at the start of line ${longest + 3} (in the longest function) → diagnostics ${broken[0].toFixed(0)} ms; deleted → ${broken[1].toFixed(0)} ms`);
  if (pauses.length) console.log(`  after a pause       edit → refreshed hints ${pauses.map((ms) => (Number.isNaN(ms) ? 'no refresh' : ms.toFixed(0))).join(', ')} ms (a ${PREDICT_IDLE_MS} ms pause included); server CPU per pause ${cpuPerPause.toFixed(0)} ms (the edit's analysis and the prediction)`);
  if (profileDir) {
    const prof = fs.readdirSync(profileDir).find((n) => n.endsWith('.cpuprofile'));
    if (prof) printCpuProfile(summarizeCpuProfile(JSON.parse(fs.readFileSync(path.join(profileDir, prof), 'utf8'))));
    console.log(`  (profile: ${path.join(profileDir, prof ?? '')})`);
  }
  return { label, openMs, cpuPerEdit, times };
}

async function main() {
  console.log(`go-oom-lens LSP benchmark: ${os.cpus().length} CPUs, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-bench-'));
  try {
    const files = [];
    const gen = path.join(tmp, 'gen.go');
    fs.writeFileSync(gen, generatedFile());
    files.push(['gen', 'generated 1,000-line file of loops', gen]);
    const gr = goroot();
    if (gr) {
      files.push(['exec', 'text/template/exec.go', path.join(gr, 'src', 'text', 'template', 'exec.go')]);
      files.push(['amd64', 'ssa/rewriteAMD64.go', path.join(gr, 'src', 'cmd', 'compile', 'internal', 'ssa', 'rewriteAMD64.go')]);
    } else {
      console.log('exec.go, rewriteAMD64.go: skipped (no Go installation: `go env GOROOT` failed)');
    }
    for (const [key, label, file] of files) {
      if (ONLY && ONLY !== key) continue;
      if (!fs.existsSync(file)) { console.log(`${label}: skipped (${file} is missing)`); continue; }
      await benchFile(label, file, fs.readFileSync(file, 'utf8'));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

await main();
