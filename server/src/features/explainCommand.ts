// goOomLens.showExplanation for editors other than VS Code, through workspace/executeCommand: the
// result is always the explanation ({ title, markdown }) so clients without window/showDocument
// (Neovim 0.7, eglot) can show it themselves; clients with it also get the page opened from a
// markdown file. Those files live in one folder per server process, replaced on each run and
// removed when the server ends, so nothing is left behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { commands, type ExplainResult } from '../protocol';
import { processTempDir } from '../tempFolders';

const prefix = 'go-oom-lens-explain-';

/** The folder of this process's explanation files: created on first use, removed by `dispose` or at exit. */
export class ExplanationFiles {
  private dir: string | undefined;
  private readonly onExit = (): void => this.dispose();
  // Killed by a signal, node exits without 'exit' handlers: clean up, then die of the same signal.
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.dispose();
    process.kill(process.pid, signal);
  };

  /** Writes (or replaces) the file of one explanation and returns its path. */
  write(result: ExplainResult): string {
    if (!this.dir || !fs.existsSync(this.dir)) {
      this.dir = processTempDir(prefix);
      this.listen(true);
    }
    const file = path.join(this.dir, `${result.title.replace(/[^\w.-]+/g, '-')}.md`);
    fs.writeFileSync(file, result.markdown);
    return file;
  }

  dispose(): void {
    this.listen(false);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private listen(on: boolean): void {
    process.removeListener('exit', this.onExit);
    for (const s of signals) process.removeListener(s, this.onSignal);
    if (!on) return;
    process.once('exit', this.onExit);
    for (const s of signals) process.once(s, this.onSignal);
  }
}

const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

export interface ExplainCommandHost {
  explain(uri: string, line: number): ExplainResult | null;
  /** Whether the client supports window/showDocument (known after initialize). */
  showDocument(): boolean;
}

/** Answers workspace/executeCommand for the explanation; returns the files' owner, to dispose at shutdown. */
export function registerExplainCommand(connection: Connection, host: ExplainCommandHost): ExplanationFiles {
  const files = new ExplanationFiles();
  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command !== commands.showExplanation || !args || typeof args[0] !== 'string') return null;
    const result = host.explain(args[0], Number(args[1] ?? 0));
    if (!result) return null;
    if (host.showDocument()) {
      const uri = pathToFileURL(files.write(result)).toString();
      await connection.window.showDocument({ uri }).catch(() => undefined);
    }
    return result;
  });
  return files;
}
