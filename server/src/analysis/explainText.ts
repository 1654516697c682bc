// Pieces of a loop's source text the explanations quote: its header, the update's step, one line.
// Pure: the document's text and spans in, strings out.
import type { Finding, Span } from './analyzer';

/** The character offset of a 0-based line and UTF-16 column. */
export function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + character;
}

/** One line of the document, trimmed, with backticks made quotes (it goes inside a code span). */
export function lineText(text: string, line: number): string {
  const start = offsetOf(text, line, 0);
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).trim().replace(/`/g, "'");
}

/** The text a span covers. */
export function spanText(text: string, s: Span): string {
  return text.slice(offsetOf(text, s.start.line, s.start.character), offsetOf(text, s.end.line, s.end.character));
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

/** An update statement as target, operator and step: `i += s`, `i = i * s`, `i <<= 1`. */
function updateParts(update: string): { target: string; op: string; step: string } | undefined {
  const m = /^\s*([\w.]+)\s*([-+*/]|<<|>>)=\s*(.+?)\s*$/.exec(update) ?? /^\s*([\w.]+)\s*=\s*\1\s*([-+*/]|<<|>>)\s*(.+?)\s*$/.exec(update);
  return m ? { target: m[1], op: m[2], step: m[3] } : undefined;
}

/**
 * What a zero-step loop's update does when the value that can be 0 is 0, from the loop header's
 * text. For `*=` and `<<=` that is the start value (`v *= 2` keeps 0 at 0) unless the cause is the factor.
 */
export function whenZero(f: Finding, text: string): string | undefined {
  if (f.rule !== 'zero-step-loop') return undefined;
  const header = loopHeader(text, f.facts.loop ?? f.span);
  if (!header) return undefined;
  const update = header.post ?? f.facts.step;
  const v = f.facts.variable ? `\`${f.facts.variable}\`` : 'the loop variable';
  const post = update ? `\`${update}\`` : 'the update';
  const never = `so ${header.cond ? `\`${header.cond}\`` : 'the condition'} never changes and the loop never ends.`;
  const parts = update ? updateParts(update) : undefined;
  if (!parts) {
    // A bare name is the step itself (`t = t.Add(d)` and `data = data[n:]` have no separate step text).
    const step = update && !/[=+-]/.test(update) ? `\`${update}\`` : 'the step';
    return `with ${step} = 0, ${post} leaves ${v} unchanged, ${never}`;
  }
  const scales = parts.op === '*' || parts.op === '/' || parts.op === '<<' || parts.op === '>>';
  const aboutTarget = f.facts.cause?.startsWith(`\`${parts.target}\``) === true;
  if (scales && parts.op === '*' && parts.step === '1' && !aboutTarget) return `multiplying by 1, ${post} leaves ${v} unchanged, ${never}`;
  if (scales && (aboutTarget || /^[1-9]\d*$/.test(parts.step))) return `with \`${parts.target}\` = 0 at the start, ${post} leaves it 0, ${never}`;
  if (parts.op === '*') return `with \`${parts.step}\` = 0, ${post} sets \`${parts.target}\` to 0 and keeps it there, ${never}`;
  return `with \`${parts.step}\` = 0, ${post} leaves \`${parts.target}\` unchanged, ${never}`;
}

/**
 * Where the value comes from, with its places as links: the `line N` (this file) and `file.go:N` (a
 * related location's file) the cause names become links, so no number is said twice; a cause that
 * names no place gets a link to its line after it, unless that is the hovered line.
 */
export function causeWithLink(f: Finding, link: (line: number) => string, hoveredLine?: number, fileLink?: (file: string, line: number) => string): string | undefined {
  const cause = f.facts.cause;
  if (!cause) return undefined;
  let named = false;
  const linked = cause
    .replace(/\bline (\d+)\b/g, (m, n: string) => { named = true; return `[${m}](${link(Number(n) - 1)})`; })
    .replace(/\b([\w.-]+\.go):(\d+)\b/g, (m, base: string, n: string) => {
      named = true;
      const line = Number(n) - 1;
      const r = f.related.find((x) => x.file && x.span.start.line === line && x.file.replace(/\\/g, '/').split('/').pop() === base);
      return r?.file && fileLink ? `[${m}](${fileLink(r.file, line)})` : m;
    });
  const at = f.facts.causeSpan?.start.line;
  if (named || at === undefined || at === hoveredLine) return linked;
  return `${linked} ([line ${at + 1}](${link(at)}))`;
}
