// The explanation of one function, for the code lens's command.
import type { Tree } from 'web-tree-sitter';
import { explanationMarkdown } from '../analysis/explain';
import type { Finding } from '../analysis/analyzer';
import type { ExplainResult } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { functionOf, lineIn } from './functions';
import { lineLink } from './links';

/** The explanation of the function that holds `line`, or null when it has no finding to explain. */
export function explainFunction(result: Analysed | undefined, tree: Tree | undefined, line: number, settings: Settings, heapNote?: (f: Finding) => string | undefined): ExplainResult | null {
  if (!result) return null;
  let name: string | undefined;
  const findings = result.findings.filter((f) => {
    if (settings.rules[f.rule] === 'off') return false;
    const fn = functionOf(f, tree);
    if (!fn || !lineIn(line, fn.span)) return false;
    name ??= fn.name;
    return true;
  });
  if (!name || findings.length === 0) return null;
  const markdown = explanationMarkdown(name, findings, {
    text: result.text, pkg: result.pkg, memoryLimitBytes: settings.memoryLimitBytes, link: (l) => lineLink(result.uri, l), heapNote,
  });
  const recursion = findings.every((f) => f.rule === 'infinite-recursion');
  return { title: recursion ? `${name}: why stack overflow, not OOM` : `${name}: why OOM, not stack overflow`, markdown };
}
