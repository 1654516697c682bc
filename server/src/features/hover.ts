// Hover on a flagged loop, its step (or where the step comes from) or the growing append, and on
// what escape analysis puts on the heap.
import type { Hover, HoverParams, InitializeParams, MarkupKind } from 'vscode-languageserver/node';
import type { ExplainContext } from '../analysis/explain';
import { hoverMarkdown } from '../analysis/explainHover';
import type { Finding } from '../analysis/analyzer';
import type { GoChoice } from '../analysis/runtime/toolchainChoice';
import { toRange, uriOf } from '../convert';
import { commands, type InitializationOptions } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import type { EscapeHover } from './escapeHints';
import { posIn } from './functions';
import { lineLink } from './links';
import { markdownToPlainText } from './plainText';

/** What the client does with a hover, from its initialize request. */
export interface HoverOptions {
  /** The client shows the diagnostic above the hover (VS Code, code-server): the hover leaves the message out. */
  diagnosticsShown?: boolean;
  /** The client runs `goOomLens.showExplanation` from a `command:` link (the VS Code extension trusts it). */
  commandLinks?: boolean;
  /** The client renders plain text only (`hover.contentFormat` lists no markdown). */
  plainText?: boolean;
}

/** Editors that show a diagnostic's message and related locations above every hover. */
const showsDiagnostics = /^(Visual Studio Code|code-server|VSCodium|Code - OSS)/i;

/** The hover options a client's initialize request implies. */
export function hoverOptionsFor(params: Pick<InitializeParams, 'capabilities' | 'clientInfo' | 'initializationOptions'>): HoverOptions {
  const ours = (params.initializationOptions as InitializationOptions | null | undefined)?.clientHandlesExplain === true;
  const formats: unknown = params.capabilities?.textDocument?.hover?.contentFormat;
  const name = params.clientInfo?.name;
  return {
    diagnosticsShown: ours || (typeof name === 'string' && showsDiagnostics.test(name)),
    commandLinks: ours,
    // No list means the client takes markdown (the protocol's default for MarkupContent).
    plainText: Array.isArray(formats) && formats.length > 0 && !formats.includes('markdown' satisfies MarkupKind),
  };
}

/** The hover as the client asked for it: markdown turned into plain text for plain-text clients. */
export function inClientFormat(hover: Hover | null, options: HoverOptions): Hover | null {
  if (!hover || !options.plainText || typeof hover.contents !== 'object' || !('kind' in hover.contents) || hover.contents.kind !== 'markdown') return hover;
  return { ...hover, contents: { kind: 'plaintext', value: markdownToPlainText(hover.contents.value) } };
}

export function provideHover(result: Analysed | undefined, params: HoverParams, settings: Settings, escape?: EscapeHover, go?: GoChoice, profileNote?: ExplainContext['profileNote'], options: HoverOptions = {}): Hover | null {
  if (!result || !settings.hover.enabled) return null;
  const p = params.position;
  const hits = result.findings.filter((f) => posIn(p, f.span) || (f.facts.causeSpan && posIn(p, f.facts.causeSpan)) || headerOf(f, p));
  const heap = escape?.at(p, hits.length > 0);
  if (hits.length === 0) return heap ? { contents: { kind: 'markdown', value: heap.markdown }, range: toRange(heap.span) } : null;
  // Growth inside a hovered loop belongs to the same story.
  const loops = hits.map((f) => f.facts.loop).filter((s) => s !== undefined);
  const related = result.findings.filter((g: Finding) => !hits.includes(g) && g.facts.growth && loops.some((l) => sameStart(l, g.facts.growth!.loop)));
  const ctx: ExplainContext = { text: result.text, pkg: result.pkg, memoryLimitBytes: settings.memoryLimitBytes, link: (line) => lineLink(result.uri, line), fileLink: (file, line) => lineLink(uriOf(file, result.uri), line), heapNote: escape?.note, sliceUse: escape?.sliceUse, go, profileNote };
  const explainLink = options.commandLinks
    ? (line: number) => `command:${commands.showExplanation}?${encodeURIComponent(JSON.stringify([result.uri, line]))}`
    : undefined;
  const main = hits[0];
  const value = hoverMarkdown(hits, related, ctx, { withMessage: !options.diagnosticsShown, explainLink, explainCommand: commands.showExplanation, line: p.line }) + (heap ? `\n\n---\n\n${heap.markdown}` : '');
  return { contents: { kind: 'markdown', value }, range: toRange(posIn(p, main.span) ? main.span : main.facts.causeSpan ?? main.span) };
}

/** The first line of a flagged loop (its header) counts as the loop. */
function headerOf(f: Finding, p: { line: number; character: number }): boolean {
  return !!f.facts.loop && f.facts.loop.start.line === p.line && p.character >= f.facts.loop.start.character;
}

function sameStart(a: { start: { line: number; character: number } }, b: { start: { line: number; character: number } }): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}
