// The server's connection, hardened against hostile or broken clients before any handler runs:
// - LSP's lifecycle rules: a request before `initialize` is answered with ServerNotInitialized
//   (-32002) and notifications before it are dropped (`exit` excepted); a second `initialize` and
//   requests after `shutdown` are answered with InvalidRequest. (vscode-languageserver itself
//   would run the handlers and answer `null`.)
// - On byte streams (stdio, sockets, pipes): a header block without a usable Content-Length would
//   leave vscode-jsonrpc's reader out of step for good; it is dropped, with everything up to the
//   next `Content-Length:` header, and the server keeps serving.
import { Transform, type TransformCallback } from 'node:stream';
import {
  createConnection, ErrorCodes, ProposedFeatures, ResponseError,
  type Connection, type ConnectionOptions, type Message, type NotificationMessage, type RequestMessage,
} from 'vscode-languageserver/node';

/** An internal method a rejected request is renamed to, so the connection answers it with an error. */
const rejectedMethod = '$/goOomLens/rejected';

/** Creates the connection for the transport named on the command line (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`). */
export function createServerConnection(argv: readonly string[] = process.argv.slice(2)): Connection {
  const lifecycle = new Lifecycle();
  let report = (message: string): void => { process.stderr.write(`${message}\n`); };
  let connection: Connection;
  if (argv.includes('--stdio')) {
    const input = new FramingGuard((why) => report(why));
    process.stdin.pipe(input);
    connection = createConnection(ProposedFeatures.all, input, process.stdout, lifecycle.options());
  } else {
    connection = createConnection(ProposedFeatures.all, lifecycle.options());
  }
  report = (message) => connection.console.error(message);
  connection.onRequest(rejectedMethod, (params: { code: number; message: string }) => {
    throw new ResponseError(params.code, params.message);
  });
  return connection;
}

/** Where the session is in LSP's lifecycle, as seen from the messages that arrived. */
export class Lifecycle {
  private state: 'new' | 'running' | 'shutdown' = 'new';

  options(): ConnectionOptions {
    return { messageStrategy: { handleMessage: (message, next) => next(this.admit(message)) } };
  }

  /** The message to dispatch: itself, or a request renamed to be answered with an error. Dropped notifications become no-ops. */
  admit(message: Message): Message {
    const m = message as Partial<RequestMessage & NotificationMessage>;
    if (typeof m.method !== 'string') return message; // a response to one of our requests
    const isRequest = m.id !== undefined && m.id !== null;
    if (!isRequest) {
      if (m.method === 'exit' || this.state === 'running') return message;
      return { jsonrpc: '2.0', method: '$/goOomLens/dropped' } as NotificationMessage;
    }
    const reject = (code: number, text: string): Message => ({ jsonrpc: '2.0', id: m.id, method: rejectedMethod, params: { code, message: text } } as RequestMessage);
    if (m.method === 'initialize') {
      if (this.state !== 'new') return reject(ErrorCodes.InvalidRequest, 'initialize may only be sent once');
      this.state = 'running';
      return message;
    }
    if (this.state === 'new') return reject(ErrorCodes.ServerNotInitialized, `${m.method} before initialize: the server is not initialized`);
    if (this.state === 'shutdown') return reject(ErrorCodes.InvalidRequest, `${m.method} after shutdown`);
    if (m.method === 'shutdown') this.state = 'shutdown';
    return message;
  }
}

/** More header than this without the blank line that ends it is not a header. */
const MAX_HEADER_BYTES = 64 * 1024;
/** A larger body is refused (a 10 MB Go file is at most ~60 MB as escaped JSON). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
const latin1 = new TextDecoder('latin1');

/**
 * Re-frames an LSP byte stream: passes each `Content-Length` message on with a clean header, and
 * drops what cannot be framed (telling `onDrop` once per dropped piece).
 */
export class FramingGuard extends Transform {
  /** Bytes received and not passed on; while `length` is set, the body of the message being received. */
  private pending: Uint8Array[] = [];
  private size = 0;
  private length: number | undefined;

  constructor(private readonly onDrop: (why: string) => void) {
    super();
  }

  override _transform(chunk: Uint8Array, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    this.drain();
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.length === undefined) {
        const buffer = this.takePending();
        const end = headerEnd(buffer);
        if (end < 0) {
          if (buffer.length > MAX_HEADER_BYTES) this.skip(buffer, 1, `no end of header in ${buffer.length} bytes`);
          else this.keepPending(buffer);
          return;
        }
        const header = latin1.decode(buffer.subarray(0, end));
        const length = contentLength(header);
        if (length === undefined) {
          this.skip(buffer, 1, `a message header without a usable Content-Length: ${JSON.stringify(header.slice(0, 200))}`);
          continue;
        }
        this.length = length;
        this.keepPending(buffer.subarray(end + 4));
      }
      if (this.size < this.length) return;
      const buffer = this.takePending();
      this.push(join(new TextEncoder().encode(`Content-Length: ${this.length}\r\n\r\n`), buffer.subarray(0, this.length)));
      this.keepPending(buffer.subarray(this.length));
      this.length = undefined;
    }
  }

  /** Everything pending, as one buffer (concatenated once per message, not once per chunk). */
  private takePending(): Uint8Array {
    const out = this.pending.length === 1 ? this.pending[0] : join(...this.pending);
    this.pending = [];
    this.size = 0;
    return out;
  }

  private keepPending(buffer: Uint8Array): void {
    if (buffer.length === 0) return;
    this.pending.push(buffer);
    this.size += buffer.length;
  }

  /** Drops bytes up to the next `Content-Length:` at or after `from` (or everything). */
  private skip(buffer: Uint8Array, from: number, why: string): void {
    const at = latin1.decode(buffer.subarray(from)).toLowerCase().indexOf('content-length:');
    if (at >= 0) this.keepPending(buffer.subarray(from + at));
    this.onDrop(`go-oom-lens: dropped input that is not an LSP message (${why})`);
  }
}

/** The Content-Length of a well-formed header block (`Name: value` lines), else undefined. */
function contentLength(header: string): number | undefined {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,12}$/.test(value) || length !== undefined) return undefined;
    length = Number(value);
  }
  return length !== undefined && length <= MAX_BODY_BYTES ? length : undefined;
}

/** The offset of the first CR LF CR LF (the end of a message header), or -1. */
export function headerEnd(b: Uint8Array): number {
  for (let i = b.indexOf(13); i >= 0 && i + 3 < b.length; i = b.indexOf(13, i + 1)) {
    if (b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  }
  return -1;
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
