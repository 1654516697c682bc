// Applies a fix's text changes the way an editor does: all at once, on the original text.
import type { TextChange } from '../../server/src/analysis/analyzer';

/** Applies non-overlapping changes (0-based lines, UTF-16 columns). */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const at = (p: { line: number; character: number }): number => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...changes].sort((a, b) => at(b.span.start) - at(a.span.start));
  let out = text;
  for (const c of sorted) out = out.slice(0, at(c.span.start)) + c.newText + out.slice(at(c.span.end));
  return out;
}
