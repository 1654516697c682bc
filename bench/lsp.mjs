// Language-server benchmark (prints figures; not a timed test):
// - time from a one-character edit to the published diagnostics (debounce 0), p50 and p95, on a
//   generated 1,000-line file and on the largest file of the Go standard library
//   (cmd/compile/internal/ssa/rewriteAMD64.go, ~38k lines);
// - the server's resident memory with 100 files of large standard-library packages open.
// Usage: npm run build && node bench/lsp.mjs [--edits N]   (N edits, each inserting and then deleting a space)
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'dist', 'server.js');
const editsArg = process.argv.indexOf('--edits');
const EDITS = editsArg > 0 ? Number(process.argv[editsArg + 1]) : 200;

function goroot() {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** A deterministic PRNG (mulberry32). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ~1,000 lines of Go: functions with loops, some of them flagged. */
function generatedFile() {
  const out = ['package bench', '', 'import "fmt"', '', 'type Row struct {', '\tID   string', '\tN    int', '\tTags []string', '}', ''];
  for (let f = 0; out.length < 990; f++) {
    out.push(`func process${f}(items []Row, step int) []Row {`, '\tvar out []Row', `\tfor i := 0; i < len(items); i += ${f % 3 === 0 ? 'step' : '1'} {`,
      '\t\tif items[i].N > 10 {', '\t\t\tout = append(out, items[i])', '\t\t}', '\t}', '\ttotal := 0', '\tfor _, r := range out {',
      '\t\ttotal += r.N', '\t\tfor j := 0; j < len(r.Tags); j++ {', '\t\t\ttotal += len(r.Tags[j])', '\t\t}', '\t}',
      `\tfmt.Println("process${f}", total)`, '\tif total > 100 {', '\t\treturn out[:1]', '\t}', '\treturn out', '}', '');
  }
  return `${out.join('\n')}\n`;
}

class Client {
  constructor() {
    this.proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.waiting = new Map();
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const key = `${p.uri}@${p.version}`;
      const w = this.waiting.get(key);
      if (w) { this.waiting.delete(key); w(p); }
    });
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ debounceMs: 0 })));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.listen();
  }
  async init() {
    await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { clientHandlesExplain: true, settings: { debounceMs: 0 } } });
    await this.conn.sendNotification('initialized', {});
  }
  published(uri, version) {
    return new Promise((resolve) => this.waiting.set(`${uri}@${version}`, resolve));
  }
  async open(uri, text) {
    const p = this.published(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    return p;
  }
  rss() {
    const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
  }
  async stop() {
    const exited = new Promise((r) => this.proc.once('exit', r));
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    await exited;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Alternately inserts and deletes a space at random lines inside function bodies. */
async function editLatency(client, uri, text, label) {
  const lines = text.split('\n');
  const bodyLines = lines.map((l, i) => [l, i]).filter(([l]) => l.startsWith('\t') && l.trim() !== '').map(([, i]) => i);
  const next = rng(42);
  let t0 = performance.now();
  await client.open(uri, text);
  const openMs = performance.now() - t0;
  const times = [];
  let version = 1;
  // The first edits warm up the JIT; they are not counted.
  const WARMUP = 20;
  for (let k = 0; k < EDITS + WARMUP; k++) {
    const line = bodyLines[Math.floor(next() * bodyLines.length)];
    // A space after the indentation, removed again by the following edit.
    const insert = { range: { start: { line, character: 1 }, end: { line, character: 1 } }, text: ' ' };
    const remove = { range: { start: { line, character: 1 }, end: { line, character: 2 } }, text: '' };
    for (const change of [insert, remove]) {
      version++;
      const p = client.published(uri, version);
      t0 = performance.now();
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      await p;
      if (k >= WARMUP) times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: ${lines.length.toLocaleString('en-US')} lines, first analysis ${openMs.toFixed(0)} ms; edit → diagnostics over ${times.length} edits: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
}

async function main() {
  if (!fs.existsSync(server)) throw new Error('dist/server.js is missing: run `npm run build` first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-bench-'));
  try {
    const client = new Client();
    await client.init();
    const gen = path.join(tmp, 'gen.go');
    const genText = generatedFile();
    fs.writeFileSync(gen, genText);
    await editLatency(client, pathToFileURL(gen).toString(), genText, 'generated file');
    const gr = goroot();
    const big = gr && path.join(gr, 'src', 'cmd', 'compile', 'internal', 'ssa', 'rewriteAMD64.go');
    if (big && fs.existsSync(big)) {
      await editLatency(client, pathToFileURL(big).toString(), fs.readFileSync(big, 'utf8'), 'rewriteAMD64.go');
    } else {
      console.log('rewriteAMD64.go: skipped (no Go installation: `go env GOROOT` failed)');
    }
    await client.stop();

    if (gr) {
      const mem = new Client();
      await mem.init();
      const base = mem.rss();
      const dirs = ['cmd/compile/internal/ssa', 'net/http', 'runtime', 'go/types'].map((d) => path.join(gr, 'src', d));
      const files = dirs.flatMap((d) => fs.readdirSync(d).filter((n) => n.endsWith('.go')).map((n) => path.join(d, n))).slice(0, 100);
      let bytes = 0;
      const t0 = performance.now();
      for (const f of files) {
        const text = fs.readFileSync(f, 'utf8');
        bytes += text.length;
        await mem.open(pathToFileURL(f).toString(), text);
      }
      const seconds = (performance.now() - t0) / 1000;
      console.log(`memory: ${files.length} files (${(bytes / 1e6).toFixed(1)} MB of Go) open and analysed in ${seconds.toFixed(1)} s; server RSS ${(mem.rss() / 2 ** 20).toFixed(0)} MiB (idle after start: ${(base / 2 ** 20).toFixed(0)} MiB)`);
      await mem.stop();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
