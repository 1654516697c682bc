// Runs the units in the main thread (jobs = 1) or spreads them over worker threads. Workers take the
// next unit from one queue, largest directory (in bytes) first, as soon as they are idle, so that one
// big package does not finish last on a single core and no worker waits while work is left.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultJobs } from './checkOptions';
import type { DirUnit } from './collect';
import { failedUnit, type UnitOptions, type UnitResult } from './checkUnit';
import { UnitRunner, type CacheSetup, type UnitOutcome } from './unitRunner';
import type { UnitReply, UnitRequest, WorkerSetup } from './workerProtocol';

/** One result per unit in the units' order, whatever the number of jobs, and what the cache did. */
export interface UnitsRun {
  results: UnitResult[];
  /** Units answered from the cache. */
  cachedUnits: number;
  /** Bytes written to the cache. */
  storedBytes: number;
  /** Threads that analysed (1: the main thread). */
  jobs: number;
  /** Seconds those threads spent on units, summed: jobs × wall time minus this is how long they idled. */
  busySeconds: number;
}

/**
 * Answers what it can from the cache (in the main thread: reading and hashing is cheap, and a run
 * that the cache answers entirely never starts a worker or loads the parser), then analyses the rest
 * with `jobs` threads, or as many as their size calls for when `jobs` is undefined.
 */
export async function runUnits(units: readonly DirUnit[], options: UnitOptions, jobs: number | undefined, cache?: CacheSetup): Promise<UnitsRun> {
  const runner = new UnitRunner(options, cache);
  const run: UnitsRun = { results: new Array<UnitResult>(units.length), cachedUnits: 0, storedBytes: 0, jobs: 1, busySeconds: 0 };
  const misses: DirUnit[] = [];
  const missAt: number[] = [];
  units.forEach((unit, i) => {
    const hit = runner.lookup(unit);
    if (hit) {
      run.results[i] = hit;
      run.cachedUnits++;
    } else {
      misses.push(unit);
      missAt.push(i);
    }
  });
  run.jobs = Math.min(jobs ?? defaultJobs(misses.reduce((n, u) => n + u.bytes, 0)), Math.max(1, misses.length));
  const outcomes = run.jobs <= 1 ? await inProcess(runner, misses) : await inWorkers(misses, { options, cache }, run.jobs);
  outcomes.forEach((o, k) => {
    run.results[missAt[k]] = o.result;
    run.storedBytes += o.stored;
    run.busySeconds += o.busySeconds;
  });
  return run;
}

async function inProcess(runner: UnitRunner, units: readonly DirUnit[]): Promise<UnitOutcome[]> {
  try {
    const outcomes: UnitOutcome[] = [];
    for (const u of units) outcomes.push(await runner.analyse(u));
    return outcomes;
  } finally {
    await runner.dispose();
  }
}

/** dist/cliWorker.js beside the bundle, or worker.js beside this module when run from tsc output. */
function workerFile(): string {
  const bundled = path.join(__dirname, 'cliWorker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'worker.js');
}

function failed(unit: DirUnit, reason: string): UnitOutcome {
  return { result: failedUnit(unit, reason), cached: false, stored: 0, busySeconds: 0 };
}

function inWorkers(units: readonly DirUnit[], setup: WorkerSetup, workers: number): Promise<UnitOutcome[]> {
  const file = workerFile();
  const queue = units.map((_, i) => i).sort((a, b) => units[b].bytes - units[a].bytes || a - b);
  const outcomes: UnitOutcome[] = new Array<UnitOutcome>(units.length);
  let pending = units.length;

  return new Promise((resolve) => {
    const settle = (id: number, outcome: UnitOutcome): void => {
      outcomes[id] = outcome;
      if (--pending === 0) resolve(outcomes);
    };
    /** A worker that cannot start would fail every unit the same way: fail them once, here. */
    const giveUp = (reason: string): void => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) settle(id, failed(units[id], reason));
    };

    const start = (): void => {
      const worker = new Worker(file, { workerData: setup });
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
          settle(reply.id, failed(units[reply.id], reply.error));
          if (reply.setup) giveUp(reply.error);
        } else {
          settle(reply.id, reply.outcome);
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
        settle(id, failed(units[id], failure));
        if (done === 0) giveUp(failure);
        else if (queue.length > 0) start();
      });
      next();
    };

    for (let i = 0; i < workers; i++) start();
  });
}
