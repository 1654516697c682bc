// One escape-analysis run per package at a time: a newer request for the same package cancels the
// running one, waits for its process to be gone, and the superseded run's results are dropped.
import * as path from 'node:path';
import { type EscapeRun, type EscapeRunOptions, runEscapeAnalysis } from './compiler';

interface Slot {
  generation: number;
  controller: AbortController;
  done: Promise<unknown>;
}

export class EscapeScheduler {
  private readonly slots = new Map<string, Slot>();
  private generation = 0;

  constructor(private readonly runner: (options: EscapeRunOptions) => Promise<EscapeRun> = runEscapeAnalysis) {}

  /**
   * Runs escape analysis for options.packageDir, superseding any run for the same package.
   * Resolves to undefined when this request was itself superseded (its results are dropped);
   * a cancellation through options.signal resolves to a run with outcome `cancelled`.
   */
  async run(options: EscapeRunOptions): Promise<EscapeRun | undefined> {
    const key = path.resolve(options.packageDir);
    const previous = this.slots.get(key);
    previous?.controller.abort();
    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    const generation = ++this.generation;
    let release!: () => void;
    const slot: Slot = { generation, controller, done: new Promise<void>((r) => (release = r)) };
    this.slots.set(key, slot);
    try {
      // Never two go processes on one package: the cancelled one ends (killed) first.
      if (previous) await previous.done.catch(() => undefined);
      if (this.slots.get(key)?.generation !== generation) return undefined;
      const result = await this.runner({ ...options, signal: controller.signal });
      if (this.slots.get(key)?.generation !== generation) return undefined;
      return result;
    } finally {
      options.signal?.removeEventListener('abort', onCallerAbort);
      if (this.slots.get(key)?.generation === generation) this.slots.delete(key);
      release();
    }
  }

  /** Whether a run for the package is in progress. */
  isRunning(packageDir: string): boolean {
    return this.slots.has(path.resolve(packageDir));
  }

  /** Cancels the run for one package; its promise resolves with outcome `cancelled`. */
  cancel(packageDir: string): void {
    this.slots.get(path.resolve(packageDir))?.controller.abort();
  }

  /** Cancels every run (server shutdown). */
  cancelAll(): void {
    for (const slot of this.slots.values()) slot.controller.abort();
  }
}
