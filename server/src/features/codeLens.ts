// A lens above every function with a flagged loop or recursion, titled by how the program ends:
// "Why OOM, not stack overflow?" (the loop grows memory), "Why this hangs" (it grows nothing),
// "Why stack overflow, not OOM?" (unbounded recursion).
import type { CodeLens } from 'vscode-languageserver/node';
import type { Tree } from 'web-tree-sitter';
import { outcomeOf, outcomeTitles } from '../analysis/explainHang';
import { toRange } from '../convert';
import { commands } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { functionOf } from './functions';

/** The lens titles: `oom`, `hang`, `stack`. */
export const lensTitles = outcomeTitles;

export function provideCodeLenses(result: Analysed | undefined, tree: Tree | undefined, settings: Settings): CodeLens[] {
  if (!result || !settings.codeLens.enabled) return [];
  const lenses = new Map<string, CodeLens>();
  for (const f of result.findings) {
    if (settings.rules[f.rule] === 'off') continue;
    const kind = outcomeOf(f, result.findings);
    const fn = functionOf(f, tree);
    if (!fn) continue;
    const key = `${fn.span.start.line}:${kind}`;
    if (lenses.has(key)) continue;
    const at = { start: fn.span.start, end: fn.span.start };
    lenses.set(key, { range: toRange(at), command: { title: lensTitles[kind], command: commands.showExplanation, arguments: [result.uri, fn.span.start.line] } });
  }
  return [...lenses.values()];
}
