// Messages between `check` and its worker threads (dist/cliWorker.js). Structured clone carries
// the Set of rule ids in AnalyzeOptions as it is.
import type { DirUnit } from './collect';
import type { UnitOptions, UnitResult } from './checkUnit';

/** Passed as `workerData`. */
export type WorkerSetup = UnitOptions;

export interface UnitRequest { id: number; unit: DirUnit }

/** `setup` marks a worker that cannot work at all (no parser): restarting it would not help. */
export type UnitReply = { id: number; result: UnitResult } | { id: number; error: string; setup?: boolean };
