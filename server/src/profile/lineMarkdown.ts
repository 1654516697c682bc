// The hover of a line the heap profile charges: its share, the objects, the top call stacks through
// it, and whether a finding explains it. Pure: a file view and findings in, markdown out.
import type { Finding } from '../analysis/analyzer';
import type { LoadedProfile, FileView } from './load';
import { findingsAt, movedWords, noFindingWords } from './join';
import type { PlacedLine } from './place';
import { amount, count, percent, sampleWords } from './words';

/** A link to a workspace file's line (0-based), or undefined for code outside the workspace. */
export type FrameLink = (file: string, line: number) => string | undefined;

/** Markdown for one charged line. */
export function lineMarkdown(view: FileView, p: PlacedLine, findings: readonly Finding[], link: FrameLink, stacks = 3): string {
  const t = view.index;
  const w = sampleWords[view.type];
  const name = p.function.slice(p.function.lastIndexOf('/') + 1);
  const out = [`**Heap profile** · \`${name}\` · ${view.type}`, ''];
  out.push(`- **Here:** ${amount(p.self[t], view.type)} ${w.state}, ${percent(p.self[t], view.total)} of ${w.whole} (${amount(view.total, view.type)})`);
  if (p.total[t] > p.self[t]) out.push(`- **Through this line** (with what it calls): ${amount(p.total[t], view.type)}, ${percent(p.total[t], view.total)}`);
  if (view.objects !== undefined) out.push(`- **Objects:** ${count(p.self[view.objects])} ${w.state}`);
  if (p.moved !== 0) out.push(`- **Another version:** ${movedWords(p)}.`);
  const flagged = findingsAt(p.line, findings);
  out.push(flagged.length > 0
    ? `- **Finding:** ${flagged.map((f) => `\`${f.rule}\``).join(', ')} — the growth the analysis flagged is what holds this memory.`
    : `- **Finding:** none — ${noFindingWords}.`);
  const top = topStacks(view.loaded, p, t).slice(0, stacks);
  if (top.length > 0) {
    out.push('', '**Top stacks through this line**', '');
    top.forEach((s, i) => {
      const shown = s.frames.slice(0, maxFrames).map((f) => frameText(f, view, link));
      if (s.frames.length > maxFrames) shown.push('…');
      out.push(`${i + 1}. ${amount(s.value, view.type)} (${percent(s.value, view.total)}): ${shown.join(' ← ')}`);
    });
  }
  out.push('', `_Profile: ${view.loaded.source}_`);
  return out.join('\n');
}

interface Stack { value: number; frames: Array<{ function: string; file: string; line: number }> }

/** The distinct stacks of the samples through a line, largest first (inlined frames unfolded). */
export function topStacks(loaded: LoadedProfile, p: PlacedLine, t: number): Stack[] {
  const byKey = new Map<string, Stack>();
  const { samples, locations } = loaded.profile;
  for (const c of p.costs) {
    for (const i of c.samples) {
      const s = samples[i];
      if (s.values[t] <= 0) continue;
      const key = s.stack.join(',');
      const known = byKey.get(key);
      if (known) { known.value += s.values[t]; continue; }
      byKey.set(key, { value: s.values[t], frames: s.stack.flatMap((l) => locations[l]).map((f) => ({ function: f.function, file: f.file, line: f.line })) });
    }
  }
  return [...byKey.values()].sort((a, b) => b.value - a.value);
}

/** Frames shown of one stack (from the allocation outwards). */
const maxFrames = 8;

function frameText(f: { function: string; file: string; line: number }, view: FileView, link: FrameLink): string {
  const name = `\`${f.function.slice(f.function.lastIndexOf('/') + 1)}\``;
  const mapped = view.loaded.attribution.byProfilePath.get(f.file);
  const base = f.file.slice(f.file.lastIndexOf('/') + 1);
  const target = mapped ? link(mapped, f.line - 1) : undefined;
  return target ? `${name} [${base}:${f.line}](${target})` : `${name} ${base}:${f.line}`;
}
