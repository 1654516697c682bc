// What every `go-oom-lens` subcommand module provides, and the error that means "bad usage" (exit 2).

/** A subcommand module: `run` receives the arguments after the subcommand's name. */
export interface CommandModule {
  /** Resolves to the process exit code once the command is done (for `lsp`, when the connection ends). */
  run(args: readonly string[]): Promise<number>;
}

/** Thrown for bad usage; main prints the message and a hint, and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes shared by all subcommands. */
export const ExitCode = { ok: 0, findings: 1, usage: 2 } as const;
