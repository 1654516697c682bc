// Worker thread of the language server: summarises files of a package that is not open, while the
// server's thread summarises the others (opening a file in a package of 124 other files parsed and
// summarised them one by one: 6.7 s of 8.5 s in cmd/compile's ssa). It is sent texts, parses them
// and answers with their summaries, then wakes the server's thread, which waits for it without
// turning its event loop (the package context is built synchronously). See SummaryHelper.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createGoParser } from '../parser';
import { summaryOf } from './packageIndex';
import type { SummaryReply, SummaryRequest } from './summaryHelper';

const setup = workerData as { port: MessagePort; signal: SharedArrayBuffer } | undefined;
if (!parentPort || !setup) throw new Error('summaryWorker.js runs as a worker thread of the language server');
const { port } = setup;
const signal = new Int32Array(setup.signal);
const parser = createGoParser();

port.on('message', (request: SummaryRequest) => {
  void (async () => {
    let reply: SummaryReply;
    try {
      const p = await parser;
      const summaries = request.files.map(({ file, text }) => {
        const tree = p.parse(text);
        if (!tree) return undefined;
        try {
          return summaryOf(file, tree);
        } finally {
          tree.delete();
        }
      });
      reply = { id: request.id, summaries };
    } catch (e) {
      reply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    Atomics.store(signal, 0, request.id);
    Atomics.notify(signal, 0);
  })();
});
