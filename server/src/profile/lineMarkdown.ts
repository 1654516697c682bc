// The hover of a line the heap profile charges: its share, the objects, the top call stacks through
// it, and whether a finding explains it. Pure: a file view and findings in, markdown out.
import type { Finding } from '../analysis/analyzer';
import type { LoadedProfile, FileView } from './load';
import { findingsAt, movedWords, noFindingWords } from './join';
import type { PlacedLine } from './place';
import { stackInto, stackOf } from './samples';
import { StackGroups } from './stackGroups';
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
  const top = stacks > 0 ? topStacks(view.loaded, p, t).slice(0, stacks) : [];
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

/** Computed once per profile line and sample type: a 20 MB profile has millions of samples through a hot line. */
const stackCache = new WeakMap<object, Map<number, Stack[]>>();

/** The distinct stacks of the samples through a line, largest first (inlined frames unfolded). */
export function topStacks(loaded: LoadedProfile, p: PlacedLine, t: number): Stack[] {
  const owner = p.costs[0];
  const known = p.costs.length === 1 ? stackCache.get(owner)?.get(t) : undefined;
  if (known) return known;
  // The samples whose stack holds one of the line's locations, grouped by a 53-bit hash of the
  // location sequence (two halves): one pass over the samples, no string per sample.
  const { samples, locations } = loaded.profile;
  const hit = new Uint8Array(locations.length);
  for (const c of p.costs) for (const l of c.locations) hit[l] = 1;
  const groups = new StackGroups();
  const { values, types, count } = samples;
  const stack = new Int32Array(samples.maxDepth);
  for (let i = 0; i < count; i++) {
    const v = values[i * types + t];
    if (v <= 0) continue;
    const depth = stackInto(samples, i, stack);
    let through = false;
    let h1 = 0x811c9dc5;
    let h2 = depth;
    for (let k = 0; k < depth; k++) {
      const l = stack[k];
      if (hit[l]) through = true;
      h1 = Math.imul(h1 ^ l, 0x01000193);
      h2 = Math.imul(h2 + l, 0x9e3779b1) ^ (h2 >>> 15);
    }
    if (!through) continue;
    const key = (h1 >>> 6) * 2 ** 27 + (h2 >>> 5);
    groups.add(key, v, i);
  }
  const top = groups.top(10).map((g) => ({
    value: g.value,
    frames: [...stackOf(samples, g.sample)].flatMap((l) => locations[l]).map((f) => ({ function: f.function, file: f.file, line: f.line })),
  }));
  if (p.costs.length === 1) {
    const byType = stackCache.get(owner) ?? new Map<number, Stack[]>();
    byType.set(t, top);
    stackCache.set(owner, byType);
  }
  return top;
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
