// The hover of every finding over the rule fixtures and the examples, through the real hover
// provider: short (at most 8 lines), never the diagnostic's message or related locations again
// where the editor shows the diagnostic above it, never one line number twice; the message exactly once elsewhere.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { hoverLineBudget } from '../../server/src/analysis/explainHover';
import { hoverOptionsFor, inClientFormat } from '../../server/src/features/hover';
import { markdownToPlainText } from '../../server/src/features/plainText';
import { createGoParser } from '../../server/src/parser';
import { everyHover, type FindingHover } from './everyHover';

let parser: Parser;
let vscode: FindingHover[];
let others: FindingHover[];
before(async () => {
  parser = await createGoParser();
  vscode = everyHover(parser, hoverOptionsFor({ capabilities: {}, clientInfo: { name: 'Visual Studio Code' }, initializationOptions: { clientHandlesExplain: true } }));
  others = everyHover(parser, hoverOptionsFor({ capabilities: {}, clientInfo: { name: 'Neovim' } }));
});
after(() => parser?.delete());

const lines = (md: string): string[] => md.split('\n').filter((l) => l.trim() !== '');
/** The hover as read: plain text, link targets dropped. */
const shown = (md: string): string => markdownToPlainText(md.replace(/\]\([^)]*\)/g, ']()'));

test('every finding of the fixtures and examples has a hover', () => {
  assert.ok(vscode.length > 150, `only ${vscode.length} hovers`);
  const empty = vscode.filter((h) => h.text.trim() === '');
  assert.deepEqual(empty.map((h) => h.where), []);
});

test(`in VS Code every hover has at most ${hoverLineBudget} lines and none repeats the diagnostic's message`, () => {
  const long = vscode.filter((h) => lines(h.text).length > hoverLineBudget).map((h) => `${h.where}: ${lines(h.text).length} lines\n${h.text}`);
  assert.deepEqual(long, []);
  const repeats = vscode.filter((h) => {
    const text = shown(h.text);
    // The whole message, or any of its sentences of some length, said again.
    const sentences = h.finding.message.split(/(?<=[.!?])\s+/).filter((s) => s.length >= 40);
    return text.includes(shown(h.finding.message)) || sentences.some((s) => text.includes(shown(s)));
  });
  assert.deepEqual(repeats.map((h) => `${h.where}\n  message: ${h.finding.message}\n  hover: ${h.text}`), []);
  // Nor a related location's message (VS Code lists them under the message).
  const related = vscode.filter((h) => h.finding.related.some((r) => r.message.length >= 30 && shown(h.text).toLowerCase().includes(shown(r.message).toLowerCase())));
  assert.deepEqual(related.map((h) => `${h.where}\n  related: ${h.finding.related.map((r) => r.message).join(' | ')}\n  hover: ${h.text}`), []);
  assert.ok(vscode.every((h) => !h.text.includes(`**${h.finding.rule}**`)), 'the rule id is in the diagnostic already');
});

test('no hover says one line number twice', () => {
  const twice = vscode.filter((h) => {
    const numbers = [...shown(h.text).matchAll(/\bline (\d+)\b|\.go:(\d+)\b/g)].map((m) => m[1] ?? m[2]);
    return new Set(numbers).size !== numbers.length || /\(line (\d+)\)\)? — (?:\[)?line \1\b/.test(h.text);
  });
  assert.deepEqual(twice.map((h) => `${h.where}: ${h.text}`), []);
});

test('every hover links to the full explanation (a command link in VS Code, the lens by name elsewhere)', () => {
  for (const h of vscode) assert.match(h.text, /\]\(command:goOomLens\.showExplanation\?[^)]+\)$/, h.where);
  for (const h of others) assert.match(h.text, /Full explanation: the code lens “Why (OOM, not stack overflow\?|this hangs|stack overflow, not OOM\?)”/, h.where);
  for (const h of others) assert.match(h.text, /, or the command `goOomLens\.showExplanation`\.$/, `${h.where}: a client without code lenses is told the command`);
});

test('in a client that shows no diagnostic, the hover says the message exactly once', () => {
  for (const h of others) {
    const count = h.text.split(h.finding.message).length - 1;
    assert.equal(count, 1, `${h.where}: the message appears ${count} times\n${h.text}`);
    assert.ok(lines(h.text).length <= hoverLineBudget + new Set(h.text.match(/^\*\*[\w-]+\*\*: .*$/gm)).size, `${h.where}: too long\n${h.text}`);
  }
});

test('hover contentFormat: plain text only for a client that lists only plaintext', () => {
  const caps = (formats?: string[]) => ({ capabilities: { textDocument: { hover: formats ? { contentFormat: formats as ('plaintext' | 'markdown')[] } : {} } } });
  assert.equal(hoverOptionsFor(caps(['plaintext'])).plainText, true);
  assert.equal(hoverOptionsFor(caps(['markdown', 'plaintext'])).plainText, false);
  assert.equal(hoverOptionsFor(caps(['plaintext', 'markdown'])).plainText, false);
  assert.equal(hoverOptionsFor(caps()).plainText, false);
  assert.equal(hoverOptionsFor(caps([])).plainText, false);
  // A malformed capability is no reason to fail the initialize request.
  assert.equal(hoverOptionsFor({ capabilities: { textDocument: { hover: { contentFormat: 7 as never } } }, clientInfo: { name: 5 as never } }).plainText, false);
  const hover = { contents: { kind: 'markdown' as const, value: '- **What grows:** `demos` ([line 49](file:///w/main.go#L49))' } };
  assert.deepEqual(inClientFormat(hover, { plainText: true }), { contents: { kind: 'plaintext', value: '- What grows: “demos” (main.go:49)' } });
  assert.equal(inClientFormat(hover, { plainText: false }), hover);
  assert.equal(inClientFormat(null, { plainText: true }), null);
});

test('the plain text of every hover has no markdown left', () => {
  for (const h of others) {
    const text = markdownToPlainText(h.text);
    // Code (now in “quotes”) may hold anything; the rest must be free of markup.
    assert.doesNotMatch(text.replace(/“[^”]*”/g, ''), /\*\*|`|\]\(|file:\/\//, `${h.where}:\n${text}`);
  }
});

test('markdown to plain text: emphasis, code, links, images, headings, fences, escapes', () => {
  assert.equal(markdownToPlainText('**bold** and _it_ and `a*b_c`'), 'bold and it and “a*b_c”');
  assert.equal(markdownToPlainText('see [line 12](file:///a/b/main.go#L12)'), 'see main.go:12');
  assert.equal(markdownToPlainText('from [config.go:7](file:///a/config.go#L7)'), 'from config.go:7');
  assert.equal(markdownToPlainText('the [loop](file:///a/main.go#L3) here'), 'the loop (main.go:3) here');
  assert.equal(markdownToPlainText('[docs](https://go.dev/doc) and [run](command:x.y?%5B%5D)'), 'docs (https://go.dev/doc) and run');
  assert.equal(markdownToPlainText('![Heap vs. iterations](data:image/svg+xml;base64,AAAA)'), '[image: Heap vs. iterations]');
  assert.equal(markdownToPlainText('# Why `f` hangs\n\n```\nfatal error: stack overflow\n```'), 'Why “f” hangs\n\n    fatal error: stack overflow');
  assert.equal(markdownToPlainText('a \\* b, snake_case_name stays'), 'a * b, snake_case_name stays');
});
