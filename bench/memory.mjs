// Memory and size limits (prints figures; not a test):
// - the language server's resident memory (and its peak) with 100 standard-library files open: the
//   set bench/lsp.mjs opens, and the 100 largest files of the standard library;
// - the server with a generated 10 MB file open (analysed completely), and with one above the
//   goOomLens.maxFileSize cap (skipped: no tree);
// - `go-oom-lens check` on a 5 MB file of 60,000 functions and on a 10 MB file: time and peak memory,
//   cold (--no-cache: the result cache would answer a second run without analysing).
// With each server figure: the JS heap and the external memory (WASM: tree-sitter's trees; it never
// shrinks, so it shows the most trees held at once) and how many trees the server still holds.
// Usage: npm run build && npx tsc -b && node bench/memory.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out', 'test');
if (!fs.existsSync(path.join(out, 'lsp', 'lspClient.js')) || !fs.existsSync(path.join(root, 'dist', 'server.js'))) {
  console.error('run `npm run build && npx tsc -b` first');
  process.exit(2);
}
const { LspClient } = require(path.join(out, 'lsp', 'lspClient.js'));
const { manyFunctions } = require(path.join(out, 'fuzz', 'generate.js'));

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function startServer(settings = {}) {
  const client = new LspClient();
  client.settings = { debounceMs: 0, escape: { mode: 'off' }, ...settings };
  await client.initialize({ clientHandlesExplain: true, settings: client.settings });
  return client;
}

/** Opens the files one after the other, each waited for until its diagnostics are published. */
async function openAll(client, files) {
  let bytes = 0;
  const t0 = performance.now();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text);
    const uri = pathToFileURL(f).toString();
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, text);
    await published;
  }
  return { bytes, seconds: (performance.now() - t0) / 1000 };
}

function goroot() {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();
  } catch {
    return undefined;
  }
}

function goFiles(dir) {
  const outFiles = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'testdata' && e.name !== 'vendor') outFiles.push(...goFiles(p));
    else if (e.isFile() && e.name.endsWith('.go')) outFiles.push(p);
  }
  return outFiles;
}

/** The server's own account (goOomLens/serverStats): heap, external (WASM) memory, trees held. */
async function heldBy(client) {
  const s = await client.request('goOomLens/serverStats', null);
  return `heap ${mib(s.memory.heapUsed)}, external ${mib(s.memory.external)}, ${s.trees.length} trees held for ${s.documents.length} documents`;
}

async function serverWith(label, files) {
  const client = await startServer();
  const idle = memoryOf(client.process.pid);
  const { bytes, seconds } = await openAll(client, files);
  const m = memoryOf(client.process.pid);
  console.log(`  ${label}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB of Go, opened and analysed in ${seconds.toFixed(1)} s; RSS ${mib(m.rss)}, peak ${mib(m.peak)} (idle after start ${mib(idle.rss)}; ${await heldBy(client)})`);
  await client.stop();
}

async function main() {
  console.log(`go-oom-lens memory: ${os.cpus().length} CPUs, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const gr = goroot();
  console.log('\nthe language server with 100 files open:');
  if (gr) {
    const lspSet = ['cmd/compile/internal/ssa', 'net/http', 'runtime', 'go/types'].map((d) => path.join(gr, 'src', d))
      .flatMap((d) => fs.readdirSync(d).filter((n) => n.endsWith('.go')).map((n) => path.join(d, n))).slice(0, 100);
    await serverWith('bench/lsp.mjs\'s set (ssa, net/http, runtime, go/types)', lspSet);
    const largest = goFiles(path.join(gr, 'src')).map((f) => ({ f, size: fs.statSync(f).size })).sort((a, b) => b.size - a.size).slice(0, 100).map((x) => x.f);
    await serverWith('the 100 largest standard-library files', largest);
  } else {
    console.log('  skipped (no Go installation: `go env GOROOT` failed)');
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-memory-'));
  try {
    console.log('\nlarge documents in the language server (default cap, goOomLens.maxFileSize = 10MiB):');
    const ten = path.join(tmp, 'ten.go');
    fs.writeFileSync(ten, manyFunctions(10 * 1024 * 1024 - 4096));
    const twelve = path.join(tmp, 'twelve.go');
    fs.writeFileSync(twelve, manyFunctions(12 * 1024 * 1024));
    for (const [label, file] of [['a 10 MB file (analysed)', ten], ['a 12 MB file (above the cap)', twelve]]) {
      const client = await startServer();
      const uri = pathToFileURL(file).toString();
      const text = fs.readFileSync(file, 'utf8');
      const t0 = performance.now();
      const published = client.diagnosticsFor(uri, 1);
      await client.open(uri, text);
      const { diagnostics } = await published;
      const seconds = (performance.now() - t0) / 1000;
      const m = memoryOf(client.process.pid);
      const told = client.messages.find((x) => /is not analysed/.test(x.message));
      console.log(`  ${label}: ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB, diagnostics (${diagnostics.length}) after ${seconds.toFixed(1)} s; RSS ${mib(m.rss)}, peak ${mib(m.peak)} (${await heldBy(client)})${told ? `; told: "${told.message}"` : ''}`);
      await client.stop();
    }

    console.log('\ngo-oom-lens check (in-process, --jobs 1, --no-cache), wall time and peak RSS from /usr/bin/time:');
    const five = path.join(tmp, 'five', 'five.go');
    fs.mkdirSync(path.dirname(five));
    fs.writeFileSync(five, manyFunctions(5_000_000, 60_000));
    for (const [label, file] of [['5 MB, 60,000 functions', five], ['10 MB', ten]]) {
      const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, path.join(root, 'dist', 'cli.js'), 'check', '--jobs', '1', '--no-cache', '--format', 'json', '--exit-zero', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
      const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
      let findings = '?';
      try { findings = JSON.parse(r.stdout).findings.length; } catch { /* shown as ? */ }
      console.log(`  ${label}: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, exit ${r.status}, ${findings} findings, ${secs} s, peak RSS ${mib(kb * 1024)}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
