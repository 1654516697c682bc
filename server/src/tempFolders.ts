// Temporary folders named after the server process that made them (`<prefix><pid>-…`), so a later
// process can remove those of processes that were killed before they could clean up (SIGKILL).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Creates `<tmp>/<prefix><pid>-XXXXXX`, first removing the abandoned folders of that prefix. */
export function processTempDir(prefix: string): string {
  removeAbandoned(prefix);
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
}

/** Removes the folders of processes that ended without cleaning up (killed): their pid no longer runs. */
export function removeAbandoned(prefix: string): void {
  const tmp = os.tmpdir();
  let names: string[] = [];
  try {
    names = fs.readdirSync(tmp).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    try {
      fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
    } catch { /* another user's, or gone meanwhile */ }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
