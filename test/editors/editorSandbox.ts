// What the editor tests (Neovim, Emacs) share: the README's config blocks, a sandbox with a copy of
// the incident's workspace and `go-oom-lens` on PATH (a wrapper around the built dist/cli.js), the
// editor's version (a clear failure when it is missing), and waiting for the server to end.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processGone } from '../escape/goPackages';
import { incidentDir, repoRoot } from '../install/installHarness';

export const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const cli = path.join(repoRoot, 'dist', 'cli.js');

/** The first ```lang block after the README line that starts with `label`; throws when there is none. */
export function readmeBlockAfter(label: string, lang: 'lua' | 'elisp'): string {
  const lines = readme.split('\n');
  const at = lines.findIndex((l) => l.startsWith(label));
  if (at < 0) throw new Error(`README.md has no line starting with "${label}"`);
  const m = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(lines.slice(at + 1).join('\n'));
  if (!m) throw new Error(`README.md has no \`\`\`${lang} block after "${label}"`);
  return m[1];
}

/** The first line of `command --version`; throws, saying how to install it, when it does not run. */
export function editorVersion(command: string, install: string): string {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`${command} is not installed or does not run (${r.error?.message ?? `exit ${r.status}`}): install it with \`${install}\` (.ci/run does)`);
  }
  return r.stdout.split('\n')[0];
}

/** One run's folders under `dir`: the workspace (a copy of the incident), `bin` holding `go-oom-lens`, a temp folder, the report file. */
export function editorRunFolders(dir: string): { ws: string; file: string; bin: string; tmp: string; out: string } {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const ws = path.join(dir, 'ws');
  fs.cpSync(incidentDir, ws, { recursive: true });
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // The command the README's config starts: `go-oom-lens` on PATH, here the built CLI.
  fs.writeFileSync(path.join(bin, 'go-oom-lens'), `#!${process.execPath}\nrequire(${JSON.stringify(cli)});\n`, { mode: 0o755 });
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  return { ws, file: path.join(ws, 'main.go'), bin, tmp, out: path.join(dir, 'report.json') };
}

/** Waits (polling) until the process `pid` has ended; false if it still runs after `ms`. */
export async function ended(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!processGone(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
