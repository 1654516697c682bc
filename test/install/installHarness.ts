// What the install tests share: a temp folder that holds everything they write (npm's cache, HOME,
// prefixes, copies of the example), a clean environment whose PATH has no node_modules in it,
// processes run without a shell, and a language-server handshake with an installed server.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const repoRoot = path.resolve(__dirname, '../../..');
export const incidentDir = path.join(repoRoot, 'examples', 'incident');

/** A fresh temp folder with HOME, npm's cache and an empty npmrc inside it. */
export function makeSandbox(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `go-oom-lens-${name}-`));
  fs.mkdirSync(path.join(dir, 'home'));
  fs.writeFileSync(path.join(dir, 'npmrc'), '');
  return dir;
}

/** An environment that finds node and npm but no project's node_modules, and keeps npm's writes in `sandbox`. */
export function cleanEnv(sandbox: string, extraPath: string[] = []): NodeJS.ProcessEnv {
  const PATH = [...extraPath, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);
  if (PATH.includes('node_modules')) throw new Error(`the clean PATH holds a node_modules folder: ${PATH}`);
  return {
    PATH,
    HOME: path.join(sandbox, 'home'),
    NO_COLOR: '1',
    npm_config_cache: path.join(sandbox, 'npm-cache'),
    npm_config_userconfig: path.join(sandbox, 'npmrc'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_loglevel: 'error',
  };
}

export interface Run { code: number | null; stdout: string; stderr: string }

/** Runs `command args` (no shell) to its end; these are short runs, so the test may wait for them. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 240_000 });
  if (r.error) throw new Error(`\`${[command, ...args].join(' ')}\` did not run: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like `run`, but throws with the output when the exit code is not `expected`. */
export function runOk(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, expected = 0): Run {
  const r = run(command, args, cwd, env);
  if (r.code !== expected) {
    throw new Error(`\`${[command, ...args].join(' ')}\` in ${cwd} exited with ${r.code}, not ${expected}:\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
  }
  return r;
}

/** Every file under `dir`, as sorted paths relative to it with `/` separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The rule pages the server links its diagnostics to (docs/rules/<id>.md). */
export const rulePages = (): string[] => fs.readdirSync(path.join(repoRoot, 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`);

const HANDSHAKE_GUARD_MS = 60_000;

export interface Handshake { init: InitializeResult; published: PublishDiagnosticsParams }

/**
 * Starts an installed language server (`command args`, stdio), sends `initialize`, opens the
 * incident's main.go and waits for its first non-empty diagnostics, then shuts the server down.
 */
export async function lspHandshake(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, goFile: string): Promise<Handshake> {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let guard: NodeJS.Timeout | undefined;
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const died = new Promise<never>((_, reject) => {
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`\`${[command, ...args].join(' ')}\` exited (${code}) before the handshake ended: ${stderr}`)));
  });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(goFile).toString();
  const published = new Promise<PublishDiagnosticsParams>((resolve) => {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
    });
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  try {
    const session = (async (): Promise<Handshake> => {
      const init = await connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid, rootUri: pathToFileURL(path.dirname(goFile)).toString(), capabilities: {}, initializationOptions: {},
      });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: fs.readFileSync(goFile, 'utf8') } });
      const result = { init, published: await published };
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      return result;
    })();
    // A guard against a server that hangs, so that it is killed below rather than left running.
    const stuck = new Promise<never>((_, reject) => { guard = setTimeout(() => reject(new Error(`no diagnostics for ${goFile} within ${HANDSHAKE_GUARD_MS / 1000} s: ${stderr}`)), HANDSHAKE_GUARD_MS); });
    const result = await Promise.race([session, died, stuck]);
    const code = await exited;
    if (code !== 0) throw new Error(`the server exited with ${code} after shutdown/exit: ${stderr}`);
    return result;
  } finally {
    clearTimeout(guard);
    connection.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
