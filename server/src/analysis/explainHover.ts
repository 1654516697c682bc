// The hover on a flagged loop, its step, where the step comes from, or the growing append. Editors
// like VS Code show the diagnostic (message, related locations) right above it, so the hover adds
// only what that does not say: the value's story, what grows per iteration, how the program ends,
// and a way to the full explanation — at most `hoverLineBudget` short lines. Pure: findings in, markdown out.
import type { Finding } from './analyzer';
import type { ExplainContext } from './explain';
import { estimateGrowth, keptSentence } from './explainGrowth';
import { hangHoverLine, outcomeOf, outcomeTitles, type Outcome } from './explainHang';
import { maxStackBytes, stackOverflowMessage, stackStartBytes, largestStackBytes } from './explainFacts';
import { assumedGo } from './explainRuntime';
import { goLabel } from './runtime/goVersion';
import { causeWithLink, whenZero } from './explainText';
import { runtimeRules } from './runtime/rules';
import { formatBytes } from './sizes';

/** The most lines a hover has (besides the messages of clients that show no diagnostic). */
export const hoverLineBudget = 8;

/** How the client shows the hover. */
export interface HoverStyle {
  /** Put each finding's message first, once (for clients that show no diagnostic above the hover). */
  withMessage?: boolean;
  /** A link that opens the explanation of the function at a 0-based line; absent: the hover names the code lens. */
  explainLink?(line: number): string | undefined;
  /** Without a link: the command a client without code lenses runs for the explanation (`workspace/executeCommand`). */
  explainCommand?: string;
  /** The hovered line (0-based): a link to it would lead nowhere. */
  line?: number;
}

const n = (v: number): string => v.toLocaleString('en-US');
const spanKey = (f: Finding): string => `${f.span.start.line}:${f.span.start.character}:${f.rule}`;

/** Hover markdown for the findings at one position; `related` are growth findings on the hovered loop. */
export function hoverMarkdown(findings: readonly Finding[], related: readonly Finding[], ctx: ExplainContext, style: HoverStyle = {}): string {
  if (findings.length === 0) return '';
  const go = ctx.go ?? assumedGo;
  const messages = style.withMessage ? [...new Set(findings.map((f) => `**${f.rule}**: ${f.message}`))] : [];
  const required: string[] = [];
  const optional: string[] = [];

  const story = findings.find((f) => f.facts.cause || whenZero(f, ctx.text));
  const cause = story && !saidAbove(story.facts.cause, findings, style) && causeWithLink(story, ctx.link, style.line, ctx.fileLink);
  if (cause) required.push(`- **Where the value comes from:** ${cause}`);
  const zero = story && whenZero(story, ctx.text);
  if (zero) required.push(`- **When it is 0:** ${zero}`);

  const seen = new Set<string>();
  const growing = [...findings, ...related].filter((g) => g.facts.growth && !seen.has(spanKey(g)) && seen.add(spanKey(g)));
  let numbers = false;
  for (const g of growing.slice(0, 2)) {
    const grows = growthSentence(g, ctx, style.line);
    numbers ||= grows.numbers;
    required.push(`- **What grows:** ${grows.text}`);
    const heap = ctx.heapNote?.(g);
    if (heap) optional.push(`- **Where it lives:** ${heap}`);
    const profiled = ctx.profileNote?.(g, estimateGrowth(g, ctx)?.layout?.size);
    if (profiled) optional.push(`- **In the heap profile:** ${profiled}`);
    const kept = keptSentence(g, ctx);
    if (kept) optional.push(`- **Loop variables:** ${kept}`);
  }
  if (growing.length > 2) required.push(`- **Also grows:** ${growing.slice(2).map((g) => `\`${g.facts.growth!.target}\``).join(', ')} (see the full explanation).`);

  const main = findings.find((f) => f.rule === 'infinite-recursion') ?? findings[0];
  const outcome = outcomeOf(main, [...findings, ...related]);
  // Certain when any finding on the loop is (a map's growth is possible even on a certain loop).
  const sure = [...findings, ...related].some((f) => f.severity === 'error');
  required.push(`- **How it ends:** ${endSentence(main, outcome, sure, ctx)}`);
  if (numbers || outcome === 'stack') required.push(`- **Go version:** ${goLabel(go.runtime)}: ${go.because}.`);
  const fnLine = main.facts.functionSpan?.start.line;
  const target = fnLine === undefined ? undefined : style.explainLink?.(fnLine);
  const fn = main.facts.functionName ? ` above \`${main.facts.functionName}\`` : '';
  const command = style.explainCommand ? `, or the command \`${style.explainCommand}\`` : '';
  const explanation = target ? `[${outcomeTitles[outcome]} — the full explanation](${target})` : `Full explanation: the code lens “${outcomeTitles[outcome]}”${fn}${command}.`;

  // The optional notes go in while they fit, just before how it ends.
  const room = Math.max(0, hoverLineBudget - required.length - 1);
  const at = required.findIndex((l) => l.startsWith('- **How it ends:**'));
  required.splice(at, 0, ...optional.slice(0, room));
  // Blank lines keep the messages and the link out of the list's paragraphs.
  return [...messages.flatMap((m) => [m, '']), ...required, '', explanation].join('\n');
}

/** Whether the diagnostic shown above the hover already says `text` (in its message or a related location). */
function saidAbove(text: string | undefined, findings: readonly Finding[], style: HoverStyle): boolean {
  if (!text || style.withMessage) return false;
  const norm = (t: string): string => t.trim().replace(/[.\s]+$/, '').toLowerCase();
  return findings.some((f) => norm(f.message).includes(norm(text)) || f.related.some((r) => norm(r.message) === norm(text)));
}

/** One sentence on what a growth finding adds per iteration and when append passes the limit. */
function growthSentence(f: Finding, ctx: ExplainContext, hoveredLine?: number): { text: string; numbers: boolean } {
  const g = f.facts.growth!;
  const est = estimateGrowth(f, ctx);
  const where = f.span.start.line === hoveredLine ? '' : ` ([line ${f.span.start.line + 1}](${ctx.link(f.span.start.line)}))`;
  const what = `\`${g.target}\`${where}`;
  if (!est?.layout || !est.bytesPerIteration) {
    const by = g.kind === 'append' && est?.elementType ? ` by ${est.perIteration} × \`${est.elementType}\`` : '';
    return { text: `${what} grows every iteration${by} (${kindWords[g.kind]}); nothing frees it while the loop runs.`, numbers: false };
  }
  const each = `${est.perIteration} × \`${est.elementType}\` = ${n(est.bytesPerIteration)} B per iteration`;
  const label = runtimeRules((ctx.go ?? assumedGo).runtime).label;
  const limit = est.plan?.limitIteration !== undefined
    ? `; ${label}'s \`growslice\` moves it to ever larger heap arrays, past ${formatBytes(ctx.memoryLimitBytes)} after about ${n(est.plan.limitIteration)} iterations`
    : '; `growslice` moves it to ever larger heap arrays';
  return { text: `${what} gains ${each}${limit}.`, numbers: true };
}

const kindWords: Record<string, string> = {
  append: 'append', 'map-insert': 'map inserts', 'string-concat': 'string concatenation', 'builder-write': 'buffer writes',
};

/** How the program ends: OOM kill, stack overflow, or a hang; a possible finding says "if". */
function endSentence(f: Finding, outcome: Outcome, sure: boolean, ctx: ExplainContext): string {
  switch (outcome) {
    case 'stack':
      return `the stack doubles from ${formatBytes(stackStartBytes)} to ${formatBytes(largestStackBytes)}; the next growth passes ${n(maxStackBytes)} bytes: \`${stackOverflowMessage}\`, \`fatal error: stack overflow\`, exit status 2.`;
    case 'oom':
      return `${sure ? '' : 'if the loop never ends, '}an OOM kill: SIGKILL (exit 137), no panic, no Go traceback.`;
    case 'hang':
      return `${sure ? '' : 'if the loop never ends, '}${hangHoverLine(f, ctx.text, (ctx.go ?? assumedGo).runtime)}`;
  }
}
