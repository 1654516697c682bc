// Markdown as readable plain text, for clients whose `hover.contentFormat` lists only 'plaintext'
// (they would show `**`, backticks and link targets raw). Handles what our hovers and pages write:
// emphasis, code spans and fences, links and images, headings, escapes. Pure: text in, text out.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Plain text for markdown: `**x**` → x, `` `x` `` → “x”, `[text](file:///a/b.go#L12)` → text (b.go:12). */
export function markdownToPlainText(markdown: string): string {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) { fenced = !fenced; continue; }
    out.push(fenced ? `    ${line}` : plainLine(line));
  }
  return out.join('\n');
}

function plainLine(line: string): string {
  // Code spans first, kept out of the other rewrites (their `*` and `_` are code, not emphasis).
  const codes: string[] = [];
  let s = line.replace(/(`+)([^`]|[^`].*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) => {
    codes.push(`“${code.trim()}”`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  s = s.replace(/^\s{0,3}#{1,6}\s+/, '');
  s = s.replace(/!\[([^\]]*)\]\(([^)\s]*)\)/g, (_m, alt: string) => `[image: ${alt}]`);
  s = s.replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, (_m, text: string, target: string) => linkText(text, target));
  s = s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1');
  s = s.replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=$|[\s.,;:!?)])/g, '$1$2');
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]);
}

/** A link as its text and where it goes; a link whose text is its place (`line N`, `file.go:N`) is just `file.go:N`. */
function linkText(text: string, target: string): string {
  if (/^command:/i.test(target)) return text;
  const file = /^file:\/\/[^#]*/i.exec(target);
  if (!file) return target && target !== text ? `${text} (${target})` : text;
  const line = /#L(\d+)/.exec(target)?.[1];
  let name: string;
  try {
    name = path.basename(fileURLToPath(file[0]));
  } catch {
    name = file[0];
  }
  const place = line ? `${name}:${line}` : name;
  if (text.trim() === place || (line && text.trim() === `line ${line}`)) return place;
  return `${text} (${place})`;
}
