// Runs the units in the main thread (jobs = 1) or spreads them over worker threads, largest
// directory first so that one big package does not finish last on a single core.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createGoParser } from '../parser';
import type { DirUnit } from './collect';
import { checkUnit, failedUnit, type UnitOptions, type UnitResult } from './checkUnit';
import type { UnitReply, UnitRequest, WorkerSetup } from './workerProtocol';

/** One result per unit, in the units' order, whatever the number of jobs. */
export async function runUnits(units: readonly DirUnit[], options: UnitOptions, jobs: number): Promise<UnitResult[]> {
  if (jobs <= 1 || units.length <= 1) return inProcess(units, options);
  return inWorkers(units, options, Math.min(jobs, units.length));
}

async function inProcess(units: readonly DirUnit[], options: UnitOptions): Promise<UnitResult[]> {
  const parser = await createGoParser();
  try {
    return units.map((u) => checkUnit(parser, u, options));
  } finally {
    parser.delete();
  }
}

/** dist/cliWorker.js beside the bundle, or worker.js beside this module when run from tsc output. */
function workerFile(): string {
  const bundled = path.join(__dirname, 'cliWorker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'worker.js');
}

function inWorkers(units: readonly DirUnit[], options: UnitOptions, workers: number): Promise<UnitResult[]> {
  const file = workerFile();
  const queue = units.map((_, i) => i).sort((a, b) => units[b].bytes - units[a].bytes || a - b);
  const results: UnitResult[] = new Array<UnitResult>(units.length);
  let pending = units.length;

  return new Promise((resolve) => {
    const settle = (id: number, result: UnitResult): void => {
      results[id] = result;
      if (--pending === 0) resolve(results);
    };
    /** A worker that cannot start would fail every unit the same way: fail them once, here. */
    const giveUp = (reason: string): void => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) settle(id, failedUnit(units[id], reason));
    };

    const start = (): void => {
      const worker = new Worker(file, { workerData: options satisfies WorkerSetup });
      let current: number | undefined;
      let done = 0;
      let failure = 'the worker thread stopped';
      const next = (): void => {
        current = queue.shift();
        if (current === undefined) void worker.terminate();
        else worker.postMessage({ id: current, unit: units[current] } satisfies UnitRequest);
      };
      worker.on('message', (reply: UnitReply) => {
        current = undefined;
        done++;
        if ('error' in reply) {
          settle(reply.id, failedUnit(units[reply.id], reply.error));
          if (reply.setup) giveUp(reply.error);
        } else {
          settle(reply.id, reply.result);
        }
        next();
      });
      worker.on('error', (e) => {
        failure = e.stack ?? e.message;
      });
      worker.on('exit', () => {
        // A crash (not our terminate()): fail the unit in hand and carry on with a fresh worker,
        // unless this worker never finished a unit (then the next one would crash too).
        if (current === undefined) return;
        const id = current;
        current = undefined;
        settle(id, failedUnit(units[id], failure));
        if (done === 0) giveUp(failure);
        else if (queue.length > 0) start();
      });
      next();
    };

    for (let i = 0; i < workers; i++) start();
  });
}
