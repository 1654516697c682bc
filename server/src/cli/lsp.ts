// `go-oom-lens lsp --stdio`: the same language server as the VS Code extension's, for other editors
// (Neovim, Helix, Emacs, …). The process ends when the client ends the connection.
import { startServer } from '../server';
import { createServerConnection } from '../transport';

const usage = `Usage: go-oom-lens lsp --stdio

Runs the Go OOM Lens language server on standard input and output.
Settings (goOomLens.*) come from the editor: workspace/configuration, didChangeConfiguration,
or initializationOptions.settings.
`;

/** Runs the server on stdio; `--help` prints the usage. */
export async function runLsp(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--stdio');
  if (unknown.length > 0) {
    process.stderr.write(`go-oom-lens lsp: unknown argument ${unknown[0]}\n${usage}`);
    return 2;
  }
  startServer(createServerConnection(['--stdio']));
  // vscode-languageserver ends the process itself on `exit` or when stdin closes (0 after `shutdown`, else 1).
  return new Promise<number>(() => undefined);
}

/** The CLI's subcommand module interface. */
export const run = runLsp;
