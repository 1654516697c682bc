// Escape facts as LSP: inlay hints (`⇡heap`, `⇡heap?` when predicted) with the compiler's reason
// and flow as their tooltip, the same text on hover, and the append hover's note on the heap.
import type { InlayHint, InlayHintParams, MarkupContent } from 'vscode-languageserver/node';
import type { Finding, Span } from '../analysis/analyzer';
import type { SliceUse } from '../analysis/growth';
import { uriOf } from '../convert';
import { cachedHeapHints, heapFactsAt, hintsInLines, hintsWithout, type EscapeView } from './escapeFacts';
import { appendHeapNote, heapFactsMarkdown, type FileLink } from './escapeMarkdown';
import type { EscapeService } from './escapeService';
import { lineLink } from './links';

/** The inlay hints of a document's heap facts within the requested range. */
export function provideEscapeHints(escape: EscapeService | undefined, params: InlayHintParams): InlayHint[] {
  const v = escape?.view(params.textDocument.uri);
  if (!v) return [];
  const { start, end } = params.range;
  const link = fileLink(v.view);
  const out: InlayHint[] = [];
  for (const h of hintsInLines(cachedHeapHints(v.view.facts, v.tree, v.text, start.line, end.line), start.line, end.line)) {
    const p = h.position;
    const tooltip: MarkupContent = { kind: 'markdown', value: heapFactsMarkdown(h.facts, v.view, link) };
    out.push({ position: p, label: h.label, tooltip, ...(h.before ? { paddingRight: true } : { paddingLeft: true }) });
  }
  return out;
}

/** What the hover reads of the escape facts (see features/hover.ts). */
export interface EscapeHover {
  /**
   * The heap facts of the expression or variable at a position; beside a finding, without the
   * predicted append growth (the finding's own hover says where the array lives).
   */
  at(p: { line: number; character: number }, besideFinding?: boolean): { markdown: string; span: Span } | undefined;
  /** Where an appended-to slice's backing array lives (append findings). */
  note(f: Finding): string | undefined;
  /** Whether the compiler said the append escapes (`escapes`) or not (`local`); undefined without its word. */
  sliceUse(f: Finding): SliceUse | undefined;
}

/** The escape side of a document's hover, when it has escape facts. */
export function escapeHover(escape: EscapeService | undefined, uri: string): EscapeHover | undefined {
  const v = escape?.view(uri);
  if (!v) return undefined;
  return {
    at: (p, besideFinding) => {
      const hints = cachedHeapHints(v.view.facts, v.tree, v.text, p.line, p.line);
      const h = heapFactsAt(besideFinding ? hintsWithout(hints, 'append-growth') : hints, p);
      return h ? { markdown: heapFactsMarkdown(h.facts, v.view, fileLink(v.view)), span: h.span } : undefined;
    },
    note: (f) => appendHeapNote(f, v.view, v.text),
    sliceUse: (f) => {
      if (v.view.source !== 'compiler' || f.facts.growth?.kind !== 'append') return undefined;
      const said = v.view.facts.find((x) => x.name === 'append' && x.line - 1 >= f.span.start.line && x.line - 1 <= f.span.end.line);
      return said?.kind === 'does-not-escape' ? 'local' : said ? 'escapes' : undefined;
    },
  };
}

function fileLink(view: EscapeView): FileLink {
  return (file, line) => lineLink(uriOf(file, view.uri), line - 1);
}
