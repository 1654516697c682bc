// Hover on a flagged loop, its step (or where the step comes from) or the growing append, and on
// what escape analysis puts on the heap.
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { hoverMarkdown, type ExplainContext } from '../analysis/explain';
import type { Finding } from '../analysis/analyzer';
import type { GoChoice } from '../analysis/runtime/toolchainChoice';
import { toRange } from '../convert';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import type { EscapeHover } from './escapeHints';
import { posIn } from './functions';
import { lineLink } from './links';

export function provideHover(result: Analysed | undefined, params: HoverParams, settings: Settings, escape?: EscapeHover, go?: GoChoice, profileNote?: ExplainContext['profileNote']): Hover | null {
  if (!result || !settings.hover.enabled) return null;
  const p = params.position;
  const hits = result.findings.filter((f) => posIn(p, f.span) || (f.facts.causeSpan && posIn(p, f.facts.causeSpan)) || headerOf(f, p));
  const heap = escape?.at(p, hits.length > 0);
  if (hits.length === 0) return heap ? { contents: { kind: 'markdown', value: heap.markdown }, range: toRange(heap.span) } : null;
  // Growth inside a hovered loop belongs to the same story.
  const loops = hits.map((f) => f.facts.loop).filter((s) => s !== undefined);
  const related = result.findings.filter((g: Finding) => !hits.includes(g) && g.facts.growth && loops.some((l) => sameStart(l, g.facts.growth!.loop)));
  const ctx: ExplainContext = { text: result.text, pkg: result.pkg, memoryLimitBytes: settings.memoryLimitBytes, link: (line) => lineLink(result.uri, line), heapNote: escape?.note, sliceUse: escape?.sliceUse, go, profileNote };
  const main = hits[0];
  const value = hoverMarkdown(hits, related, ctx) + (heap ? `\n\n---\n\n${heap.markdown}` : '');
  return { contents: { kind: 'markdown', value }, range: toRange(posIn(p, main.span) ? main.span : main.facts.causeSpan ?? main.span) };
}

/** The first line of a flagged loop (its header) counts as the loop. */
function headerOf(f: Finding, p: { line: number; character: number }): boolean {
  return !!f.facts.loop && f.facts.loop.start.line === p.line && p.character >= f.facts.loop.start.character;
}

function sameStart(a: { start: { line: number; character: number } }, b: { start: { line: number; character: number } }): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}
