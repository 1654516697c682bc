// An opened heap profile as LSP: an inlay hint at the end of each hot line (`▲ 9.2 MiB in use · 98%`)
// whose tooltip is the line's hover, and that hover (share, objects, top stacks, and whether a finding
// explains the line) on the line itself.
import { pathToFileURL } from 'node:url';
import type { Hover, InlayHint, InlayHintParams, MarkupContent, Position } from 'vscode-languageserver/node';
import { toRange } from '../convert';
import type { Finding, Span } from '../analysis/analyzer';
import { lineMarkdown } from '../profile/lineMarkdown';
import { hotLines, type FileView } from '../profile/load';
import type { PlacedLine } from '../profile/place';
import { annotation } from '../profile/words';
import type { Settings } from '../settings';
import { lineLink } from './links';
import type { ProfileService } from './profileService';

/** Every profile hint's label starts with this (the client's escape-hint toggle keeps them). */
export const profileHintMark = '▲';

/** The end-of-line annotations of a document's hot lines within the requested range. */
export function provideProfileHints(profile: ProfileService | undefined, params: InlayHintParams, text: string | undefined, findings: readonly Finding[], settings: Settings): InlayHint[] {
  const view = profile?.view(params.textDocument.uri);
  if (!view || text === undefined) return [];
  const lines = text.split('\n');
  const { start, end } = params.range;
  const out: InlayHint[] = [];
  for (const p of hotLines(view, settings.profile.threshold)) {
    if (p.line < start.line || p.line > end.line || p.line >= lines.length) continue;
    const position: Position = { line: p.line, character: lines[p.line].replace(/\r$/, '').length };
    const label = annotation(p.self[view.index], view.total, view.type) + (p.moved !== 0 ? ` (profile: line ${p.profileLines.join(', ')})` : '');
    // No stacks in the tooltip: on a large profile they take a pass over every sample (the hover has them, cached).
    const tooltip: MarkupContent = { kind: 'markdown', value: markdownOf(view, p, findings, 0) };
    out.push({ position, label, tooltip, paddingLeft: true });
  }
  return out;
}

/** The profile part of the hover at a position: on an annotated line only. */
export function profileHover(profile: ProfileService | undefined, uri: string, p: Position, findings: readonly Finding[], settings: Settings): { markdown: string; span: Span } | undefined {
  const view = profile?.view(uri);
  if (!view) return undefined;
  const hit = hotLines(view, settings.profile.threshold).find((l) => l.line === p.line);
  if (!hit) return undefined;
  return { markdown: markdownOf(view, hit, findings), span: { start: { line: p.line, character: 0 }, end: { line: p.line + 1, character: 0 } } };
}

/** The hover with the profile's part appended (or the profile's part alone). */
export function withProfileHover(hover: Hover | null, part: { markdown: string; span: Span } | undefined): Hover | null {
  if (!part) return hover;
  if (!hover) return { contents: { kind: 'markdown', value: part.markdown }, range: toRange(part.span) };
  const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  return { ...hover, contents: { kind: 'markdown', value: `${value}\n\n---\n\n${part.markdown}` } };
}

function markdownOf(view: FileView, p: PlacedLine, findings: readonly Finding[], stacks = 3): string {
  return lineMarkdown(view, p, findings, (file, line) => lineLink(pathToFileURL(file).toString(), line), stacks);
}
