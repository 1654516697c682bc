// Explanations of findings in markdown: the hover for one loop, and the document the
// "Why OOM, not stack overflow?" code lens opens for one function. Pure: findings, the document's
// text and the package context in, markdown out.
import type { Finding, Span } from './analyzer';
import { heapChartMarkdown } from './explainChart';
import { largestStackBytes, loopStory, maxStackBytes, recursionStory, stackOverflowMessage, stackStartBytes } from './explainFacts';
import { keptLoopVariables, keptLoopVariableSentence, loopVariables } from './explainLoopVars';
import { assumedGo, growthStory, numbersFor, runtimeSection, versionLine } from './explainRuntime';
import { simulateAppend, type GrowthPlan, type SliceUse } from './growth';
import type { PackageContext } from './values/summaries';
import { runtimeRules } from './runtime/rules';
import type { GoChoice } from './runtime/toolchainChoice';
import { formatBytes, layoutOf, type TypeLayout } from './sizes';

export interface ExplainContext {
  /** The document's text (for quoting the loop). */
  text: string;
  pkg: PackageContext;
  memoryLimitBytes: number;
  /** A link to a line of this document (0-based line). */
  link(line: number): string;
  /** Where a growing value lives, from escape analysis (`demos`' backing array: heap (compiler: …)). */
  heapNote?(f: Finding): string | undefined;
  /** Which Go builds the module (runtime rules) and its language version; absent: the newest known release. */
  go?: GoChoice;
  /** How the appended slice is used (from escape analysis); absent: it escapes, every array on the heap. */
  sliceUse?(f: Finding): SliceUse | undefined;
  /** What an opened heap profile holds at a growth finding (features/profileService.ts); absent without a profile. */
  profileNote?(f: Finding, elementBytes?: number): string | undefined;
}

export interface GrowthEstimate {
  target: string;
  elementType?: string;
  layout?: TypeLayout;
  perIteration: number;
  bytesPerIteration?: number;
  plan?: GrowthPlan;
}

const n = (v: number): string => v.toLocaleString('en-US');

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

/** Hover markdown for the findings at one position (a loop, its step, an append). */
export function hoverMarkdown(findings: readonly Finding[], related: readonly Finding[], ctx: ExplainContext): string {
  const parts: string[] = [];
  for (const f of findings) {
    const lines: string[] = [`**${f.rule}** · ${f.severity === 'error' ? 'certain (error)' : 'possible (warning)'}`, '', f.message, ''];
    if (f.facts.cause) {
      const where = f.facts.causeSpan ? ` — [line ${f.facts.causeSpan.start.line + 1}](${ctx.link(f.facts.causeSpan.start.line)})` : '';
      lines.push(`- **Where the value comes from:** ${f.facts.cause}${where}`);
    }
    const zero = whenZero(f, ctx.text);
    if (zero) lines.push(`- **When it is 0:** ${zero}`);
    for (const g of [f, ...related].filter((x) => x.facts.growth)) {
      lines.push(`- **What grows:** ${growthSentence(g, ctx)}`);
      const heap = ctx.heapNote?.(g);
      if (heap) lines.push(`- **Where it lives:** ${heap}`);
      const kept = keptSentence(g, ctx);
      if (kept) lines.push(`- **Loop variables:** ${kept}`);
      const profiled = ctx.profileNote?.(g, estimateGrowth(g, ctx)?.layout?.size);
      if (profiled) lines.push(`- **In the heap profile:** ${profiled}`);
    }
    if (f.rule === 'infinite-recursion') {
      lines.push(`- **How it ends:** every call adds a stack frame; the goroutine stack doubles from ${formatBytes(stackStartBytes)} until the next size would pass ${n(maxStackBytes)} bytes, then \`${stackOverflowMessage}\` and \`fatal error: stack overflow\` with a traceback.`);
    } else {
      lines.push('- **Why OOM, not stack overflow:** a loop adds no stack frames; append\'s arrays live on the heap, which grows until the kernel\'s OOM killer sends SIGKILL (exit 137) — no panic, no Go traceback.');
    }
    lines.push(`- **Go version:** ${versionLine(ctx.go ?? assumedGo)}`);
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n---\n\n');
}

function growthSentence(f: Finding, ctx: ExplainContext): string {
  const g = f.facts.growth;
  if (!g) return '';
  const est = estimateGrowth(f, ctx);
  const link = `[line ${f.span.start.line + 1}](${ctx.link(f.span.start.line)})`;
  const what = `\`${g.target}\` (${kindWords[g.kind]}, ${link})`;
  if (!est?.layout || !est.bytesPerIteration) {
    const by = g.kind === 'append' && est?.elementType ? ` by ${est.perIteration} × \`${est.elementType}\`` : '';
    return `${what} grows every iteration${by}; nothing frees it while the loop runs.`;
  }
  const each = `${est.perIteration} × \`${est.elementType}\` = ${est.bytesPerIteration} B per iteration (${est.layout.note})`;
  const limit = est.plan?.limitIteration !== undefined
    ? `; with ${runtimeRules((ctx.go ?? assumedGo).runtime).label}'s append growth the backing array needs more than ${formatBytes(ctx.memoryLimitBytes)} after about ${n(est.plan.limitIteration)} iterations`
    : '';
  return `${what} gains ${each}${limit}.`;
}

/** What keeping a loop variable in the appended values means under the module's language version. */
function keptSentence(f: Finding, ctx: ExplainContext): string | undefined {
  const g = f.facts.growth;
  if (!g || g.kind !== 'append') return undefined;
  const start = offsetOf(ctx.text, g.loop.start.line, g.loop.start.character);
  const header = ctx.text.slice(start, ctx.text.indexOf('{', start));
  const appendText = ctx.text.slice(offsetOf(ctx.text, f.span.start.line, f.span.start.character), offsetOf(ctx.text, f.span.end.line, f.span.end.character));
  return keptLoopVariableSentence(keptLoopVariables(loopVariables(header), appendText), (ctx.go ?? assumedGo).language);
}

/** How growth other than append behaves (no size estimate: the amount per iteration is not known here). */
const otherGrowth: Record<string, string> = {
  'string-concat': 'Strings are immutable: each `+=` allocates a new string holding the old text plus the addition and copies both; the old string becomes garbage, the new one stays live. Memory grows with the total length, and every iteration copies more than the last.',
  'builder-write': '`strings.Builder` and `bytes.Buffer` keep their bytes in one slice that grows (at least doubling) on the heap when it is full; nothing is freed while the builder is live.',
  'map-insert': 'A map that gets a new key every iteration grows its storage (doubling when it fills — buckets before Go 1.24, Swiss tables since); entries stay until they are deleted, and a map never shrinks.',
};

const kindWords: Record<string, string> = {
  append: 'append', 'map-insert': 'map inserts', 'string-concat': 'string concatenation', 'builder-write': 'buffer writes',
};

/** What the loop's update does when the step is 0, from the loop header's text. */
function whenZero(f: Finding, text: string): string | undefined {
  if (f.rule !== 'zero-step-loop' && f.rule !== 'non-progressing-loop') return undefined;
  const header = loopHeader(text, f.facts.loop ?? f.span);
  if (!header) return undefined;
  if (f.rule === 'non-progressing-loop') {
    return header.cond ? `nothing in the loop changes what \`${header.cond}\` reads, so once it is true it stays true.` : undefined;
  }
  const v = f.facts.variable ? `\`${f.facts.variable}\`` : 'the loop variable';
  const stepText = stepExpression(header.post ?? f.facts.step);
  const step = stepText ? `\`${stepText}\`` : 'the step';
  const post = header.post ? `\`${header.post}\`` : f.facts.step ? `\`${f.facts.step}\`` : 'the update';
  const cond = header.cond ? `\`${header.cond}\`` : 'the condition';
  return `with ${step} = 0, ${post} leaves ${v} unchanged, so ${cond} never changes and the loop never ends.`;
}

/** The step of an update statement: `s` in `i += s`, `i -= s`, `i = i + s`, `i *= s`. */
function stepExpression(update: string | undefined): string | undefined {
  if (!update) return undefined;
  const m = /^\s*([\w.]+)\s*(?:[-+*]|<<)=\s*(.+?)\s*$/.exec(update) ?? /^\s*([\w.]+)\s*=\s*\1\s*[-+*]\s*(.+?)\s*$/.exec(update);
  if (m) return m[2];
  return /[=+-]/.test(update) ? undefined : update;
}

/** The condition and post statement of a `for` header, when the loop starts with one. */
export function loopHeader(text: string, loop: Span): { cond?: string; post?: string } | undefined {
  const start = offsetOf(text, loop.start.line, loop.start.character);
  const brace = text.indexOf('{', start);
  if (!text.startsWith('for', start) || brace < 0) return undefined;
  const head = text.slice(start + 3, brace).trim();
  const parts = head.split(';').map((p) => p.trim());
  if (parts.length === 3) return { cond: parts[1] || undefined, post: parts[2] || undefined };
  if (parts.length === 1 && head && !/\brange\b/.test(head)) return { cond: head };
  return {};
}

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + character;
}

/** The element type of a slice from its declaration in the function (`var x []T`, `x := make([]T…`, `x []T` parameter). */
export function guessElementType(target: string, within: Span, text: string): string | undefined {
  const start = offsetOf(text, within.start.line, 0);
  const end = offsetOf(text, within.end.line + 1, 0);
  const body = text.slice(start, end);
  const name = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/** The document the code lens opens: why this function's process is OOM-killed (or overflows its stack). */
export function explanationMarkdown(functionName: string, findings: readonly Finding[], ctx: ExplainContext): string {
  const recursion = findings.filter((f) => f.rule === 'infinite-recursion');
  const loops = findings.filter((f) => f.rule !== 'infinite-recursion');
  const out: string[] = [];
  if (loops.length > 0) out.push(...loopSection(functionName, loops, ctx));
  if (recursion.length > 0) out.push(...recursionSection(functionName, recursion, ctx));
  const go = ctx.go ?? assumedGo;
  // The release the numbers are for goes right under the title.
  out.splice(2, 0, `_${versionLine(go)}_`, '');
  out.push(...runtimeSection(go),
    `_Generated by Go OOM Lens for a memory limit of ${formatBytes(ctx.memoryLimitBytes)} (setting \`goOomLens.memoryLimit\`), 64-bit platform, ${numbersFor(go)}._`);
  return out.join('\n');
}

function loopSection(functionName: string, findings: readonly Finding[], ctx: ExplainContext): string[] {
  const out = [`# Why \`${functionName}\` is OOM-killed, not stopped by a stack overflow`, ''];
  const loopFindings = findings.filter((f) => !f.facts.growth);
  const growth = findings.filter((f) => f.facts.growth);
  out.push('## The loop', '');
  for (const f of loopFindings.length > 0 ? loopFindings : findings) {
    const loop = f.facts.loop ?? f.facts.growth?.loop ?? f.span;
    out.push(`- [line ${loop.start.line + 1}](${ctx.link(loop.start.line)}): \`${lineText(ctx.text, loop.start.line)}\` — ${f.message}`);
    if (f.facts.cause) out.push(`  - ${f.facts.cause}${f.facts.causeSpan ? ` ([line ${f.facts.causeSpan.start.line + 1}](${ctx.link(f.facts.causeSpan.start.line)}))` : ''}`);
    const zero = whenZero(f, ctx.text);
    if (zero) out.push(`  - When it is 0: ${zero}`);
  }
  out.push('');
  let plan: GrowthPlan | undefined;
  let label = '';
  for (const f of growth) {
    const est = estimateGrowth(f, ctx);
    if (!est) continue;
    out.push(`## What each iteration adds to \`${est.target}\``, '');
    const heap = ctx.heapNote?.(f);
    if (heap) out.push(`**Where it lives:** ${heap}.`, '');
    const kept = keptSentence(f, ctx);
    if (kept) out.push(`**Loop variables:** ${kept}`, '');
    const profiled = ctx.profileNote?.(f, est.layout?.size);
    if (profiled) out.push(`**In the heap profile:** ${profiled}.`, '');
    if (est.layout && est.bytesPerIteration) {
      out.push(`Each iteration appends ${est.perIteration} × \`${est.elementType}\`: **${est.layout.size} B** each (${est.layout.note}; alignment ${est.layout.align} B), **${est.bytesPerIteration} B per iteration** in the backing array.`, '');
      if (est.layout.fields && est.layout.fields.length > 0) {
        out.push('| field | type | offset | size |', '| --- | --- | ---: | ---: |');
        for (const fl of est.layout.fields) out.push(`| \`${fl.name}\` | \`${fl.type}\` | ${fl.offset} | ${fl.size} |`);
        out.push(`| | | **total** | **${est.layout.size}** |`, '', 'Fields are placed at multiples of their alignment and the struct is padded to its largest alignment (Go sizes on 64-bit: string 16 B, slice 24 B, interface 16 B, pointer/map/chan/func 8 B, int 8 B).', '');
      }
      if (est.layout.pointers) out.push('The element holds pointers, so whatever they point to (each element\'s own allocations) comes on top of this.', '');
      if (est.plan) {
        plan ??= est.plan;
        label ||= `${est.target} ([]${est.elementType})`;
        out.push(...planSection(est, ctx));
      }
    } else {
      const kind = f.facts.growth?.kind;
      const unknownSize = kind === 'append' && est.elementType ? ` (element type \`${est.elementType}\`, whose size is not known here)` : '';
      out.push(`\`${est.target}\` grows every iteration${unknownSize}; nothing frees it while the loop runs, so the heap grows until the limit.`, '');
      if (kind && otherGrowth[kind]) out.push(otherGrowth[kind], '');
    }
  }
  if (growth.some((f) => f.facts.growth?.kind === 'append')) {
    const rules = runtimeRules((ctx.go ?? assumedGo).runtime);
    out.push(`## How append grows in ${rules.label}`, '', ...growthStory(rules).map((s) => `- ${s}`), '');
  }
  if (plan) out.push('## Heap vs. iterations', '', heapChartMarkdown(plan, ctx.memoryLimitBytes, label), '', `The blue line is the live backing array (log scale); the green line is the goroutine stack, which a loop never grows; the dashed red line is the ${formatBytes(ctx.memoryLimitBytes)} limit.`, '');
  out.push('## Why OOM and not a stack overflow', '', ...loopStory.map((s) => `- ${s}`), '');
  const fixes = findings.flatMap((f) => f.fixes.map((x) => x.title));
  if (fixes.length > 0) out.push('## Quick fixes', '', ...[...new Set(fixes)].map((t) => `- ${t}`), '');
  return out;
}

function planSection(est: GrowthEstimate, ctx: ExplainContext): string[] {
  const plan = est.plan as GrowthPlan;
  const rows = plan.steps.length > 12 ? [...plan.steps.slice(0, 6), undefined, ...plan.steps.slice(-5)] : plan.steps;
  const out = [`Growth with ${plan.runtime}'s rules:`, '', '| iteration | new capacity | backing array | live while copying |', '| ---: | ---: | ---: | ---: |'];
  for (const s of rows) {
    if (!s) out.push('| … | … | … | … |');
    else if (s.onStack) out.push(`| ${n(s.iteration)} | ${n(s.cap)} | ${formatBytes(s.bytes)} (stack buffer) | — |`);
    else out.push(`| ${n(s.iteration)} | ${n(s.cap)} | ${formatBytes(s.bytes)} | ${formatBytes(s.peakBytes)} |`);
  }
  out.push('');
  if (plan.limitIteration !== undefined) {
    out.push(`**After about ${n(plan.limitIteration)} iterations** the next growth needs the old array (${formatBytes(plan.bytesBeforeLimit ?? 0)}) plus a larger new one — more than the ${formatBytes(ctx.memoryLimitBytes)} limit. From there the kernel's OOM killer ends the process (if the GC's slack has not already pushed it over earlier).`, '');
  }
  return out;
}

function recursionSection(functionName: string, findings: readonly Finding[], ctx: ExplainContext): string[] {
  const out = [`# Why \`${functionName}\` dies with a stack overflow, not an OOM kill`, ''];
  for (const f of findings) out.push(`- [line ${f.span.start.line + 1}](${ctx.link(f.span.start.line)}): \`${lineText(ctx.text, f.span.start.line)}\` — ${f.message}`);
  out.push('', ...recursionStory.map((s) => `- ${s}`), '',
    `Stack growth: ${formatBytes(stackStartBytes)} → 4 KiB → … → ${formatBytes(largestStackBytes)}, then the next size (1 GiB) passes the ${n(maxStackBytes)}-byte limit:`, '',
    '```', stackOverflowMessage, 'fatal error: stack overflow', '', 'runtime stack:', '…', `goroutine 1 [running]:`, `main.${functionName}(…)`, '…', '```', '');
  return out;
}

function lineText(text: string, line: number): string {
  const start = offsetOf(text, line, 0);
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).trim().replace(/`/g, "'");
}
