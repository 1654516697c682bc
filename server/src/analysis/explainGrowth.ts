// What a growth finding adds per iteration: the appended type's layout, append's growth plan under
// the module's Go release, and what keeping loop variables means. Shared by the hover and the page.
// Pure: a finding and the document's text in, numbers out.
import type { Finding, Span } from './analyzer';
import type { ExplainContext } from './explain';
import { keptLoopVariables, keptLoopVariableSentence, loopVariables } from './explainLoopVars';
import { assumedGo } from './explainRuntime';
import { offsetOf, spanText } from './explainText';
import { simulateAppend, type GrowthPlan } from './growth';
import { runtimeRules } from './runtime/rules';
import { layoutOf, type TypeLayout } from './sizes';
import { escapeRegExp } from './syntax';

/** What one iteration of a growing loop adds. */
export interface GrowthEstimate {
  target: string;
  elementType?: string;
  layout?: TypeLayout;
  perIteration: number;
  bytesPerIteration?: number;
  plan?: GrowthPlan;
}

/** What one iteration adds and, for append, when the limit is reached. */
export function estimateGrowth(f: Finding, ctx: ExplainContext): GrowthEstimate | undefined {
  const g = f.facts.growth;
  if (!g) return undefined;
  const elementType = g.elementType ?? guessElementType(g.target, f.facts.functionSpan ?? g.loop, ctx.text);
  const perIteration = g.elementsPerIteration ?? 1;
  const layout = g.kind === 'append' && elementType ? layoutOf(elementType, ctx.pkg) : undefined;
  const est: GrowthEstimate = { target: g.target, elementType, layout, perIteration };
  if (layout && layout.size > 0) {
    est.bytesPerIteration = layout.size * perIteration;
    const rules = runtimeRules((ctx.go ?? assumedGo).runtime);
    est.plan = simulateAppend(layout.size, layout.pointers, perIteration, ctx.memoryLimitBytes, { rules, use: ctx.sliceUse?.(f) ?? 'escapes' });
  }
  return est;
}

/** What keeping a loop variable in the appended values means under the module's language version. */
export function keptSentence(f: Finding, ctx: ExplainContext): string | undefined {
  const g = f.facts.growth;
  if (!g || g.kind !== 'append') return undefined;
  const start = offsetOf(ctx.text, g.loop.start.line, g.loop.start.character);
  const header = ctx.text.slice(start, ctx.text.indexOf('{', start));
  const appendText = spanText(ctx.text, f.span);
  return keptLoopVariableSentence(keptLoopVariables(loopVariables(header), appendText), (ctx.go ?? assumedGo).language);
}

/** The element type of a slice from its declaration in the function (`var x []T`, `x := make([]T…`, `x []T` parameter). */
export function guessElementType(target: string, within: Span, text: string): string | undefined {
  const start = offsetOf(text, within.start.line, 0);
  const end = offsetOf(text, within.end.line + 1, 0);
  const body = text.slice(start, end);
  const name = escapeRegExp(target);
  const patterns = [
    new RegExp(`\\bvar\\s+${name}\\s+\\[\\]([\\w.*\\[\\]{}]+)`),
    new RegExp(`\\b${name}\\s*:?=\\s*make\\(\\[\\]([\\w.*\\[\\]{}]+)`),
    new RegExp(`\\b${name}\\s*:?=\\s*\\[\\]([\\w.*\\[\\]]+)\\{`),
    new RegExp(`[(,]\\s*${name}\\s+\\[\\]([\\w.*\\[\\]]+)`),
  ];
  for (const p of patterns) {
    const m = p.exec(body);
    if (m) return m[1];
  }
  return undefined;
}

