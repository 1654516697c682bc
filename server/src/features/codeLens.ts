// "Why OOM, not stack overflow?" above every function with unbounded growth, and the matching
// "Why stack overflow, not OOM?" above unbounded recursion.
import type { CodeLens } from 'vscode-languageserver/node';
import type { Tree } from 'web-tree-sitter';
import { toRange } from '../convert';
import { commands } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { functionOf } from './functions';

export const lensTitles = { oom: 'Why OOM, not stack overflow?', stack: 'Why stack overflow, not OOM?' } as const;

export function provideCodeLenses(result: Analysed | undefined, tree: Tree | undefined, settings: Settings): CodeLens[] {
  if (!result || !settings.codeLens.enabled) return [];
  const lenses = new Map<string, CodeLens>();
  for (const f of result.findings) {
    if (settings.rules[f.rule] === 'off') continue;
    const kind = f.rule === 'infinite-recursion' ? 'stack' : f.facts.growth ? 'oom' : undefined;
    if (!kind) continue;
    const fn = functionOf(f, tree);
    if (!fn) continue;
    const key = `${fn.span.start.line}:${kind}`;
    if (lenses.has(key)) continue;
    const at = { start: fn.span.start, end: fn.span.start };
    lenses.set(key, { range: toRange(at), command: { title: lensTitles[kind], command: commands.showExplanation, arguments: [result.uri, fn.span.start.line] } });
  }
  return [...lenses.values()];
}
