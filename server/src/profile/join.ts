// Findings joined with a heap profile: what a flagged append or loop holds in the profile, in the
// words the hover, the code lens and the explanation quote. Pure: findings and a file view in, text out.
import type { Finding, Span } from '../analysis/analyzer';
import type { FileView } from './load';
import type { PlacedLine } from './place';
import { about, amount, percent, sampleWords } from './words';

/** The profile lines a finding covers: its own line(s) for growth, the loop's lines for a loop. */
export function findingLines(f: Finding, view: FileView): PlacedLine[] {
  const span: Span | undefined = f.facts.growth ? f.span : f.facts.loop;
  if (!span || f.rule === 'infinite-recursion') return [];
  const out: PlacedLine[] = [];
  for (let l = span.start.line; l <= span.end.line; l++) {
    const p = view.lines.get(l);
    if (p && p.self[view.index] > 0) out.push(p);
  }
  return out;
}

/** What a finding's lines hold (self, of the view's sample type), or 0. */
export function findingValue(f: Finding, view: FileView): number {
  return findingLines(f, view).reduce((n, p) => n + p.self[view.index], 0);
}

/**
 * The quote for a finding, or undefined when its lines hold nothing: "in the profile you opened,
 * this append holds 812 MiB, 91% of in-use memory: at 4,096 B per element, about 207,000 elements".
 */
export function findingQuote(f: Finding, view: FileView, elementBytes?: number): string | undefined {
  const value = findingValue(f, view);
  if (value <= 0) return undefined;
  const w = sampleWords[view.type];
  const what = f.facts.growth ? `this ${growthNoun[f.facts.growth.kind] ?? 'growth'} ${w.verb}` : `the lines of this loop ${w.verb === 'holds' ? 'hold' : w.verb}`;
  let text = `in the profile you opened, ${what} ${amount(value, view.type)}, ${percent(value, view.total)} of ${w.whole}`;
  if (f.facts.growth?.kind === 'append' && w.bytes && elementBytes && elementBytes > 0) {
    text += `: at ${elementBytes.toLocaleString('en-US')} B per element, about ${about(value / elementBytes)} elements`;
  }
  const moved = findingLines(f, view).find((p) => p.moved !== 0);
  if (moved) text += ` (${movedWords(moved)})`;
  return text;
}

const growthNoun: Record<string, string> = { append: 'append', 'map-insert': 'map insert', 'string-concat': 'concatenation', 'builder-write': 'buffer write' };

/** "the profile is of another version: matched by `handler` and the offset in it (line 20 there)". */
export function movedWords(p: PlacedLine): string {
  const name = p.function.slice(p.function.lastIndexOf('.') + 1);
  return `the profile is of another version of this file, ${Math.abs(p.moved)} line${Math.abs(p.moved) === 1 ? '' : 's'} ${p.moved > 0 ? 'further down now' : 'further up now'}: matched by function \`${name}\` and the offset in it (line ${p.profileLines.join(', ')} there)`;
}

/** Findings whose lines include this one (a flagged append on it, a flagged loop around it). */
export function findingsAt(line: number, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => {
    if (f.rule === 'infinite-recursion') return false;
    const span = f.facts.growth ? f.span : f.facts.loop;
    return !!span && line >= span.start.line && line <= span.end.line;
  });
}

/** What a hot line without a finding says, instead of inventing one. */
export const noFindingWords = 'no loop here was proven to be unbounded: look at the callers';
