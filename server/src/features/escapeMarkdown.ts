// Escape facts in words: the tooltip and hover of a heap hint (the compiler's reason and its flow as
// linked steps), and the note the append hover and the explanation add about where the backing
// array lives. Pure: markdown out; links come from the caller.
import * as path from 'node:path';
import type { Finding } from '../analysis/analyzer';
import { isHeapKind, type EscapeFact, type FlowStep } from '../escape/types';
import type { EscapeView } from './escapeFacts';
import { lineIn } from './functions';
import { escapeRegExp } from '../analysis/syntax';

/** A link to a 1-based line of a file (an absolute path, as facts name files). */
export type FileLink = (file: string, line: number) => string;

/** Readable words for the compiler's reasons (its flow notes and HeapAllocReason). */
const reasonWords: Record<string, string> = {
  'return': 'it is returned, so it outlives the call',
  'call parameter': 'it is passed to a function that keeps it (or whose code the compiler cannot see)',
  'non-constant size': 'its size is not known at compile time',
  'too large for stack': 'it is too large for the stack',
  'too aligned for stack': 'it needs more alignment than the stack gives',
  'captured by a closure': 'a closure that outlives the frame captures it',
  'interface-converted': 'it is converted to an interface value that escapes',
  'assign': 'it is assigned to something that outlives the frame',
  'stored in a package variable': 'it is stored in a package variable',
  'append in a loop': 'append in a loop allocates each larger array on the heap',
  'returned': 'it is returned, so it outlives the call',
};

/** The reason in words, keeping the compiler's own term (the predictor's reasons are words already). */
export function reasonText(why: string, predicted = false): string {
  const words = reasonWords[why];
  if (words) return predicted ? words : `${words} (\`${why}\`)`;
  return predicted ? why : `\`${why}\``;
}

/** Tooltip and hover text for the heap facts of one expression or variable. */
export function heapFactsMarkdown(facts: readonly EscapeFact[], view: Pick<EscapeView, 'source' | 'predictedBecause'>, link: FileLink): string {
  const predicted = view.source === 'predicted';
  const out: string[] = [];
  for (const f of facts) {
    out.push(predicted
      ? `**⇡heap?** predicted: \`${f.message}\``
      : `**⇡heap** \`${f.message}\` — Go compiler (\`-gcflags=-m=2\`)`);
    if (f.why) out.push('', `**Why:** ${reasonText(f.why, predicted)}.`);
    const steps = flowMarkdown(f.reasons ?? [], link);
    if (steps.length > 0) out.push('', '**How it gets there:**', '', ...steps);
    out.push('');
  }
  if (predicted) {
    out.push(`_Predicted from the source${view.predictedBecause ? ` because ${view.predictedBecause}` : ''}; the Go compiler may decide otherwise._`);
  }
  return out.join('\n').trimEnd();
}

/**
 * The compiler's flow as steps: each `flow: dst = src:` (`dst ← src` since Go 1.24) becomes "dst ← src", each
 * `from expr (why) at file:line` a linked sub-step under it.
 */
export function flowMarkdown(steps: readonly FlowStep[], link: FileLink): string[] {
  const out: string[] = [];
  let n = 0;
  for (const s of steps) {
    const flow = /^flow:\s*(.+?)\s+(?:=|←)\s+(.+?):?$/.exec(s.text);
    if (flow) {
      out.push(`${++n}. ${operand(flow[1])} ← ${operand(flow[2])}`);
      continue;
    }
    const from = /^from (.*) \(([^()]+)\)$/.exec(s.text);
    const where = `[${path.basename(s.file)}:${s.line}](${link(s.file, s.line)})`;
    const indent = n > 0 ? '   ' : '';
    if (from) out.push(`${indent}- \`${from[1]}\` — ${from[2]} · ${where}`);
    else out.push(`${indent}- ${s.text.replace(/`/g, "'")} · ${where}`);
  }
  return out;
}

/** A flow operand in words: `{heap}`, `~r0`, `&{storage for x}`, temporaries. */
export function operand(text: string): string {
  const t = text.trim();
  if (t === '{heap}') return '**the heap**';
  if (/^~r\d+$/.test(t)) return t === '~r0' ? 'the result' : `result ${Number(t.slice(2)) + 1}`;
  if (/^~R\d+$/.test(t)) return 'an inlined call\'s result';
  if (t === '{temp}' || /^\.autotmp_\d+$/.test(t)) return 'a temporary';
  const storage = /^(&?)\{storage for (.+)\}$/.exec(t);
  if (storage) return storage[1] ? `a pointer to \`${storage[2]}\`` : `\`${storage[2]}\``;
  return `\`${t}\``;
}

/**
 * Where an appended-to slice's backing array lives, from the escape facts of its function:
 * "`demos`' backing array: heap (compiler: …)". Undefined for other growth or when there are no facts.
 */
export function appendHeapNote(f: Finding, view: EscapeView, text: string): string | undefined {
  const g = f.facts.growth;
  if (!g || g.kind !== 'append' || view.facts.length === 0) return undefined;
  const within = f.facts.functionSpan ?? g.loop;
  const inFunction = view.facts.filter((x) => lineIn(x.line - 1, within));
  const onAppend = inFunction.filter((x) => isHeapKind(x.kind) && lineIn(x.line - 1, f.span));
  const whose = `${possessive(g.target)} backing array: heap`;
  if (view.source === 'predicted') {
    const growth = onAppend.find((x) => x.kind === 'append-growth' && x.name === g.target);
    const others = onAppend.filter((x) => x.kind !== 'append-growth');
    const parts = [growth?.why ?? 'append in a loop', ...others.map((x) => `each iteration also allocates \`${x.name}\` on the heap`)];
    return `${whose} (predicted: ${parts.join('; ')})`;
  }
  const lines = text.split('\n');
  const declares = new RegExp(`^\\s*(?:var\\s+)?${escapeRegExp(g.target)}\\b[^=]*?:?=\\s*(?:make\\(|\\[\\])`);
  const parts: string[] = [];
  const moved = inFunction.find((x) => x.kind === 'moved-to-heap' && x.name === g.target);
  if (moved) parts.push(`\`${g.target}\` itself is moved to the heap${moved.why ? `: ${moved.why}` : ''}`);
  const first = inFunction.find((x) => (isHeapKind(x.kind) || x.kind === 'does-not-escape') && !onAppend.includes(x) && /^(make\(|\[\])/.test(x.name) && declares.test(lines[x.line - 1] ?? ''));
  if (first && isHeapKind(first.kind)) parts.push(`the first array, \`${first.name}\`, escapes to heap${first.why ? ` (${first.why})` : ''}`);
  else if (first) parts.push(`the first array, \`${first.name}\`, does not escape, but every larger one append allocates is on the heap`);
  else parts.push('append\'s larger arrays come from runtime.growslice, always on the heap');
  for (const x of onAppend) if (x.name !== g.target) parts.push(`each iteration also allocates \`${x.name}\` on the heap${x.why ? ` (${x.why})` : ''}`);
  return `${whose} (compiler: ${parts.join('; ')})`;
}

function possessive(name: string): string {
  return name.endsWith('s') ? `\`${name}\`'` : `\`${name}\`'s`;
}

