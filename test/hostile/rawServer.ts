// The bundled server on stdio, driven byte by byte: what a broken or hostile client could send.
// Replies are parsed (Content-Length framing) and waited for by id or by predicate, never by time.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { headerEnd } from '../../server/src/transport';
import { serverPath } from '../lsp/lspClient';

export interface JsonMessage {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

const utf8 = new TextDecoder('utf-8');

export class RawServer {
  readonly process: ChildProcess;
  readonly received: JsonMessage[] = [];
  stderr = '';
  /** The `goOomLens` section the server gets when it asks for workspace/configuration. */
  settings: Record<string, unknown> = { debounceMs: 0 };
  private buffer: Uint8Array = new Uint8Array(0);
  private waiters: Array<{ test: (m: JsonMessage) => boolean; resolve: (m: JsonMessage) => void }> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[] = [serverPath, '--stdio']) {
    if (!fs.existsSync(args[0])) throw new Error(`${args[0]} is missing: run \`npm run build\` first`);
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (d: Uint8Array) => this.onData(d));
    this.process.stderr!.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Writes raw bytes or text as they are. */
  writeRaw(data: string | Uint8Array): void {
    this.process.stdin!.write(data);
  }

  /** Writes one framed message (an object is JSON-encoded; a string is sent as the body as it is). */
  send(body: JsonMessage | string): void {
    const text = typeof body === 'string' ? body : JSON.stringify({ jsonrpc: '2.0', ...body });
    this.writeRaw(`Content-Length: ${Buffer.byteLength(text, 'utf8')}\r\n\r\n${text}`);
  }

  request(id: number, method: string, params?: unknown): Promise<JsonMessage> {
    const reply = this.next((m) => m.id === id && m.method === undefined);
    this.send({ id, method, params });
    return reply;
  }

  notify(method: string, params?: unknown): void {
    this.send({ method, params });
  }

  /** The first message from now on (or already received and not yet matched by id) passing `test`. */
  next(test: (m: JsonMessage) => boolean): Promise<JsonMessage> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** A message already received, or the next one, that passes `test`. */
  seen(test: (m: JsonMessage) => boolean): Promise<JsonMessage> {
    const m = this.received.find(test);
    return m ? Promise.resolve(m) : this.next(test);
  }

  async initialize(id = 1, initializationOptions: unknown = { clientHandlesExplain: true, settings: { debounceMs: 0 } }, capabilities: unknown = {}): Promise<JsonMessage> {
    const reply = await this.request(id, 'initialize', { processId: null, rootUri: null, capabilities, initializationOptions });
    this.notify('initialized', {});
    return reply;
  }

  /** Every textDocument/publishDiagnostics for `uri` received so far. */
  published(uri: string): Array<{ version?: number; diagnostics: Array<{ code?: string; message: string; range: unknown; severity?: number }> }> {
    return this.received.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri).map((m) => m.params as never);
  }

  /** A request round trip: once answered, everything the server sent before it has arrived. */
  async barrier(id: number): Promise<void> {
    await this.request(id, 'textDocument/codeLens', { textDocument: { uri: 'file:///barrier/none.go' } });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.stdin!.end();
      this.process.kill();
    }
    await this.exited;
  }

  private onData(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    for (;;) {
      const end = headerEnd(this.buffer);
      if (end < 0) return;
      const header = utf8.decode(this.buffer.subarray(0, end));
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`the server sent a message without Content-Length: ${header}`);
      const length = Number(m[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(utf8.decode(this.buffer.subarray(end + 4, end + 4 + length))) as JsonMessage;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.received.push(message);
      // Answer the server's own requests (configuration, registration) so it never waits on us.
      if (message.method && message.id !== undefined) this.send({ id: message.id, result: message.method === 'workspace/configuration' ? [this.settings] : null });
      for (const w of [...this.waiters]) {
        if (w.test(message)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    }
  }
}

