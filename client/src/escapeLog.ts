// The text one compiler run adds to the "Go OOM Lens: Escape Analysis" output channel, in the
// shape the go-escape-log grammar highlights: a `$ command` line, the compiler's log, a summary.
// No VS Code API here, so it is unit-tested.
import type { EscapeLogParams } from '../../server/src/protocol';

/** The output-channel text of one run. */
export function escapeLogText(p: EscapeLogParams): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const lines = [`$ cd ${quote(p.packageDir)} && ${p.command.map((a) => (a === '-overlay=…' ? a : quote(a))).join(' ')}`];
  const log = p.log.replace(/\s+$/, '');
  if (log) lines.push(log);
  const overlay = p.overlay.length > 0 ? `; unsaved buffers analysed: ${p.overlay.map((f) => f.split(/[\\/]/).pop()).join(', ')}` : '';
  lines.push(`(${p.outcome}: ${p.message}, ${(p.durationMs / 1000).toFixed(1)} s${overlay})`, '');
  return lines.join('\n');
}
