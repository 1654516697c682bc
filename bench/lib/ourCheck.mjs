// One timed run of our own `go-oom-lens check --format json --stats` (dist/cli.js), without the
// result cache: these figures are of the analysis (bench/cache.mjs measures the cache).
import * as path from 'node:path';
import { timed } from './proc.mjs';
import { root } from './probe.mjs';

export const cli = path.join(root, 'dist', 'cli.js');

/** Resolves the run with its findings, the CLI's own stats and its skipped / internal-error lines. */
export async function checkRun(paths, jobs) {
  const r = await timed(process.execPath, [cli, 'check', '--format', 'json', '--stats', '--no-cache', '--jobs', String(jobs), ...paths]);
  if (r.error) throw r.error;
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`go-oom-lens check exited ${r.code} without JSON:\n${r.stderr.slice(0, 2000)}`);
  }
  const stats = Object.fromEntries([...(/^stats: (.*)$/m.exec(r.stderr)?.[1] ?? '').matchAll(/(\w+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
  return {
    ...r,
    stats,
    findings: report.findings,
    skipped: lines.filter((l) => /: skipped/.test(l)).length,
    internal: lines.filter((l) => /^go-oom-lens: internal error/.test(l)),
  };
}
