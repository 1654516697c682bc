// Runs the real gofmt on Go text: the quick fixes must leave gofmt-clean code.
import { spawnSync } from 'node:child_process';

/** gofmt's output for `text`; throws with a clear reason when gofmt is missing or the code does not parse. */
export function gofmt(text: string): string {
  const r = spawnSync('gofmt', [], { input: text, encoding: 'utf8' });
  if (r.error) {
    throw new Error(`gofmt could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): install Go (Debian: apt-get install golang-go) so the fix tests can check formatting`);
  }
  if (r.status !== 0) throw new Error(`gofmt rejected the code:\n${r.stderr}\n--- code ---\n${text}`);
  return r.stdout;
}
