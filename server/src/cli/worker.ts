// Worker thread for `check --jobs N`: checks the directories it is sent, one at a time, through a
// UnitRunner, which analyses them and stores the results in the cache.
import { parentPort, workerData } from 'node:worker_threads';
import { briefError } from './checkUnit';
import { ParserUnavailable, UnitRunner } from './unitRunner';
import type { UnitReply, UnitRequest, WorkerSetup } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('cliWorker.js runs as a worker thread of go-oom-lens check');
const setup = workerData as WorkerSetup;
const runner = new UnitRunner(setup.options, setup.cache);

port.on('message', (request: UnitRequest) => {
  void (async () => {
    let reply: UnitReply;
    try {
      reply = { id: request.id, outcome: await runner.analyse(request.unit) };
    } catch (e) {
      reply = e instanceof ParserUnavailable ? { id: request.id, error: e.message, setup: true } : { id: request.id, error: briefError(e) };
    }
    port.postMessage(reply);
  })();
});
