// `go-oom-lens <command> …`: finds the subcommand in a table and runs it.
// Exit codes: 0 nothing found, 1 findings at or above the threshold, 2 bad usage or unreadable input.
import { ExitCode, UsageError, type CommandModule } from './command';
import { packageInfo } from './packageInfo';

interface CommandEntry { summary: string; load(): Promise<CommandModule> }

/** Every subcommand: one line each; the module exports `run(args)`. */
const commands: Record<string, CommandEntry> = {
  check: { summary: 'report Go loops that never end while memory grows, and unbounded recursion', load: () => import('./check.js') },
  lsp: { summary: 'run the language server on stdio (for Neovim, Helix, Emacs, …)', load: () => import('./lsp.js') },
  escape: { summary: "print the Go compiler's escape-analysis facts for a package (or --predict them)", load: () => import('./escape.js') },
  profile: { summary: 'print the hottest lines of a heap profile (pprof), joined with the findings', load: () => import('./profile.js') },
};

const program = 'go-oom-lens';

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length), 'help'.length);
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `Usage: ${program} <command> [arguments]`,
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  show this help, or a command's help: ${program} help <command>`,
    '',
    `Options: --version prints the version. Run '${program} <command> --help' for a command's options.`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`${packageInfo().version}\n`);
    return ExitCode.ok;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    if (rest.length === 0) {
      process.stdout.write(`${usage()}\n`);
      return ExitCode.ok;
    }
    return main([rest[0], '--help']);
  }
  if (name === undefined) {
    process.stderr.write(`${usage()}\n`);
    return ExitCode.usage;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) throw new UsageError(`unknown command '${name}'`);
  try {
    return await (await entry.load()).run(rest);
  } catch (e) {
    if (e instanceof UsageError && e.command === undefined) throw new UsageError(e.message, name);
    throw e;
  }
}

// `go-oom-lens check | head`: a closed pipe ends the run quietly instead of with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode rather than exit(): lets piped stdout drain; commands end their own workers and servers.
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      const help = e.command ? `${program} ${e.command} --help` : `${program} help`;
      process.stderr.write(`${program}: ${e.message}\nRun '${help}' for usage.\n`);
      process.exitCode = ExitCode.usage;
      return;
    }
    process.stderr.write(`${program}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = ExitCode.usage;
  },
);
