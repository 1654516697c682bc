// A second thread for the summaries of files that are not open (summaryWorker.ts). The package
// context is built synchronously, inside an analysis, so the server's thread hands the worker a
// share of the files, summarises the rest itself, then waits for the worker's answer without
// turning its event loop (Atomics.wait, receiveMessageOnPort). A worker that cannot start, fails
// or takes too long is stopped for good and its share summarised on the server's thread. The worker
// lives for one request: its heap and WASM memory (the high-water mark of the largest file it
// parsed) are not kept for a package opened once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FileSummary } from '../analysis/values/summaries';

export interface SummaryRequest { id: number; files: Array<{ file: string; text: string }> }
export type SummaryReply = { id: number; summaries: Array<FileSummary | undefined> } | { id: number; error: string };

/** How often the waiting thread looks for the answer even if no wake-up came (ms). */
const POLL_MS = 50;

export class SummaryHelper {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private signal: Int32Array | undefined;
  private next = 0;
  /** Requests the worker answered (statistics; tests). */
  answered = 0;
  /** Why the worker is not used (it could not start, failed or was too slow); undefined while it is. */
  stopped: string | undefined;

  /** `file`: the worker's script (summaryWorker.js beside this module, bundled or not). */
  constructor(private readonly file = path.join(__dirname, 'summaryWorker.js')) {}

  /**
   * The summaries of `files` (undefined for a file that did not parse), made by the worker while
   * `meanwhile` runs on this thread; undefined when the worker is not used or gave no answer within
   * `timeoutMs` (the caller then summarises them itself).
   */
  summarise(files: Array<{ file: string; text: string }>, meanwhile: () => void, timeoutMs: number): Array<FileSummary | undefined> | undefined {
    if (!this.start()) {
      meanwhile();
      return undefined;
    }
    const port = this.port!;
    const signal = this.signal!;
    const id = ++this.next;
    port.postMessage({ id, files } satisfies SummaryRequest);
    meanwhile();
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(signal, 0);
      const got = receiveMessageOnPort(port);
      if (got) {
        const reply = got.message as SummaryReply;
        if (reply.id !== id) continue;
        if ('error' in reply) {
          this.stop(`the summary worker failed: ${reply.error}`);
          return undefined;
        }
        this.end();
        this.answered++;
        return reply.summaries;
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        this.stop(`the summary worker gave no answer within ${Math.round(timeoutMs / 1000)} s`);
        return undefined;
      }
      Atomics.wait(signal, 0, seen, Math.min(left, POLL_MS));
    }
  }

  dispose(): void {
    this.stop('disposed');
  }

  private start(): boolean {
    if (this.stopped) return false;
    if (this.worker) return true;
    if (!fs.existsSync(this.file)) {
      this.stopped = `${this.file} is missing`;
      return false;
    }
    try {
      const { port1, port2 } = new MessageChannel();
      const shared = new SharedArrayBuffer(4);
      this.worker = new Worker(this.file, { workerData: { port: port2, signal: shared }, transferList: [port2] });
      this.worker.unref();
      this.worker.on('error', (e) => this.stop(`the summary worker failed: ${e.message}`));
      this.port = port1;
      this.signal = new Int32Array(shared);
      return true;
    } catch (e) {
      this.stopped = `the summary worker could not start: ${e instanceof Error ? e.message : String(e)}`;
      return false;
    }
  }

  /** Ends the worker after a request (the next one starts another). */
  private end(): void {
    void this.worker?.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
  }

  private stop(reason: string): void {
    this.stopped ??= reason;
    void this.worker?.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
  }
}
