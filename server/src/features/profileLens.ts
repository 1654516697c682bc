// With a heap profile open, a code lens above each function whose flagged loop or append holds
// profile bytes: `▲ 9.2 MiB in use (98%) in this function's flagged growth`, opening the explanation
// (which quotes the same figures).
import type { CodeLens } from 'vscode-languageserver/node';
import type { Tree } from 'web-tree-sitter';
import { toRange } from '../convert';
import { findingValue } from '../profile/join';
import { amount, percent, sampleWords } from '../profile/words';
import { commands } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { functionOf } from './functions';
import type { ProfileService } from './profileService';

export function provideProfileLenses(profile: ProfileService | undefined, result: Analysed | undefined, tree: Tree | undefined, settings: Settings): CodeLens[] {
  const view = result && profile?.view(result.uri);
  if (!view || !result || !settings.codeLens.enabled) return [];
  const byFunction = new Map<number, { value: number; line: number }>();
  for (const f of result.findings) {
    if (settings.rules[f.rule] === 'off' || !f.facts.growth) continue;
    const value = findingValue(f, view);
    const fn = value > 0 ? functionOf(f, tree) : undefined;
    if (!fn) continue;
    const known = byFunction.get(fn.span.start.line);
    byFunction.set(fn.span.start.line, { value: (known?.value ?? 0) + value, line: fn.span.start.line });
  }
  const w = sampleWords[view.type];
  return [...byFunction.values()].map(({ value, line }) => ({
    range: toRange({ start: { line, character: 0 }, end: { line, character: 0 } }),
    command: {
      title: `▲ profile: its flagged growth ${w.verb} ${amount(value, view.type)} (${percent(value, view.total)} of ${w.whole})`,
      command: commands.showExplanation,
      arguments: [result.uri, line],
    },
  }));
}
