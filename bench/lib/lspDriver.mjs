// An independent JSON-RPC driver for the language server benchmarks: spawns `node dist/server.js
// --stdio` (optionally under --cpu-prof), answers the few requests a server sends a client, waits
// for the diagnostics of a given document version, and reads the server's CPU time and memory from
// /proc. It shares no code with the server or the tests.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clockTicks } from './proc.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverJs = path.join(repoRoot, 'dist', 'server.js');

/** A language server process and its connection. */
export class ServerDriver {
  /** `settings`: the goOomLens section; `cpuProfileDir`: run the server under `node --cpu-prof`. */
  /** `env`: added to the server's environment (the benchmarks give it a cache folder of their own). */
  constructor({ settings = { debounceMs: 0 }, cpuProfileDir, env = {} } = {}) {
    if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing: run `npm run build` first');
    const node = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
    this.settings = settings;
    this.proc = spawn(process.execPath, [...node, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.waiting = new Map();
    this.published = new Map();
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const key = `${p.uri}@${p.version}`;
      this.published.set(p.uri, p);
      const w = this.waiting.get(key);
      if (w) { this.waiting.delete(key); w(p); }
    });
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'goOomLens' ? this.settings : null)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.hintRefreshes = [];
    this.conn.onRequest('workspace/inlayHint/refresh', () => { for (const w of this.hintRefreshes.splice(0)) w(); return null; });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('window/showMessage', () => undefined);
    this.conn.onNotification('$/progress', () => undefined);
    this.conn.listen();
  }

  /** initialize + initialized; returns the server's capabilities. */
  async init() {
    const r = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri: null,
      capabilities: { workspace: { configuration: true, inlayHint: { refreshSupport: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { clientHandlesExplain: true, settings: this.settings },
    });
    await this.conn.sendNotification('initialized', {});
    this.capabilities = r.capabilities;
    return r.capabilities;
  }

  /** Resolves at the server's next workspace/inlayHint/refresh (its hints changed), or after `ms` with false. */
  hintRefresh(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.hintRefreshes.push(() => { clearTimeout(timer); resolve(true); });
    });
  }

  /** Resolves with the diagnostics of exactly this version (call before sending the change). */
  diagnostics(uri, version) {
    const seen = this.published.get(uri);
    if (seen?.version === version) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiting.set(`${uri}@${version}`, resolve));
  }

  async open(uri, text, version = 1) {
    const p = this.diagnostics(uri, version);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } });
    return p;
  }

  change(uri, version, contentChanges) {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /** User + system CPU seconds the server process has used so far. */
  cpuSeconds() {
    const stat = fs.readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5); fields[0] is field 3.
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  }

  /** Resident and peak resident memory of the server, in bytes. */
  memory() {
    const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  async stop() {
    const exited = new Promise((r) => this.proc.once('exit', r));
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    await exited;
    this.conn.dispose();
  }
}

/** A deterministic PRNG (mulberry32), so runs with the same seed make the same edits. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The p-th percentile (nearest rank) of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
