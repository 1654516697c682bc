// A minimal LSP client for protocol tests: spawns the real bundled server (dist/server.js --stdio)
// and talks JSON-RPC to it. Everything waits on messages, never on time.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const serverPath = path.join(repoRoot, 'dist', 'server.js');

let cacheRoot: string | undefined;
/** The servers' cache (package summaries kept across sessions): one per test process, not the user's. */
function testCache(): string {
  if (!cacheRoot) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-lsp-cache-'));
    cacheRoot = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return cacheRoot;
}

interface Waiter { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }

export class LspClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly waiters: Waiter[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  readonly messages: Array<{ type: number; message: string }> = [];
  private messageWaiters: Array<(m: { type: number; message: string }) => void> = [];
  /** The `goOomLens` section the server gets from workspace/configuration. */
  settings: Record<string, unknown> = { debounceMs: 0 };
  configurationRequests = 0;
  stderr = '';
  /** How many workspace/codeLens/refresh requests the server sent. */
  codeLensRefreshes = 0;
  /** The URIs the server asked to show (window/showDocument). */
  readonly shownDocuments: string[] = [];

  /** Starts `node <args>`: by default the bundled server on stdio; `env` adds to the environment (the cache is the test process's own unless it says otherwise). */
  constructor(args: string[] = [serverPath, '--stdio'], env: NodeJS.ProcessEnv = {}) {
    if (!fs.existsSync(args[0])) throw new Error(`${args[0]} is missing: run \`npm run build\` first`);
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GO_OOM_LENS_CACHE: testCache(), ...env } });
    this.process.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p);
      if (process.env.LSP_TRACE) console.error('publish', p.uri.slice(-12), p.version, p.diagnostics.map((d) => `${d.code}:${d.severity}`).join(' '));
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      this.messages.push(m);
      const ws = this.messageWaiters;
      this.messageWaiters = [];
      for (const w of ws) w(m);
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => {
      this.configurationRequests++;
      return p.items.map((i) => (i.section === 'goOomLens' ? this.settings : null));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      return null;
    });
    this.connection.onRequest('window/showDocument', (p: { uri: string }) => {
      this.shownDocuments.push(p.uri);
      return { success: true };
    });
    this.connection.listen();
  }

  async initialize(initializationOptions: unknown = { clientHandlesExplain: true }, extraCapabilities: Record<string, unknown> = {}, extraParams: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      ...extraParams,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true }, codeLens: { refreshSupport: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
        ...extraCapabilities,
      },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first diagnostics for `uri` (from now on, or the latest ones) that pass `test`. */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  /** Diagnostics of exactly this document version. */
  diagnosticsFor(uri: string, version: number, test: (d: Diagnostic[]) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const seen = this.latest.get(uri);
    if (seen && seen.version === version && test(seen.diagnostics)) return Promise.resolve(seen);
    return this.diagnostics(uri, (p) => p.version === version && test(p.diagnostics));
  }

  /** The next window/showMessage that passes `test` (or one already received). */
  message(test: (m: { type: number; message: string }) => boolean): Promise<{ type: number; message: string }> {
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const wait = (m: { type: number; message: string }): void => {
        if (test(m)) resolve(m);
        else this.messageWaiters.push(wait);
      };
      this.messageWaiters.push(wait);
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** The server's process id. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Whether the server process still runs. */
  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Resolves when the server process has ended (after `stop`, a kill, or a crash). */
  readonly exited = (): Promise<void> => new Promise((resolve) => {
    if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
    else this.process.once('exit', () => resolve());
  });

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
