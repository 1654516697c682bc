// Messages between `check` and its worker threads (dist/cliWorker.js). Structured clone carries
// the Set of rule ids in AnalyzeOptions as it is.
import type { DirUnit } from './collect';
import type { UnitOptions } from './checkUnit';
import type { CacheSetup, UnitOutcome } from './unitRunner';

/** Passed as `workerData`: the analysis options, and the cache unless it is off. */
export interface WorkerSetup { options: UnitOptions; cache?: CacheSetup }

export interface UnitRequest { id: number; unit: DirUnit }

/** `setup` marks a worker that cannot work at all (no parser): restarting it would not help. */
export type UnitReply = { id: number; outcome: UnitOutcome } | { id: number; error: string; setup?: boolean };
