// Worker thread for `check --jobs N`: creates one parser, then checks the directories it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { createGoParser } from '../parser';
import { briefError, checkUnit } from './checkUnit';
import type { UnitReply, UnitRequest, WorkerSetup } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('cliWorker.js runs as a worker thread of go-oom-lens check');
const options = workerData as WorkerSetup;
const parser = createGoParser();

port.on('message', (request: UnitRequest) => {
  parser.then(
    (p) => {
      let reply: UnitReply;
      try {
        reply = { id: request.id, result: checkUnit(p, request.unit, options) };
      } catch (e) {
        reply = { id: request.id, error: briefError(e) };
      }
      port.postMessage(reply);
    },
    (e: unknown) => port.postMessage({ id: request.id, error: `cannot load the Go parser: ${briefError(e)}`, setup: true } satisfies UnitReply),
  );
});
