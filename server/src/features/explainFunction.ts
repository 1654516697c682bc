// The explanation of one function, for the code lens's command.
import type { Tree } from 'web-tree-sitter';
import type { Finding } from '../analysis/analyzer';
import { explanationMarkdown, type ExplainContext } from '../analysis/explain';
import { outcomeOf, type Outcome } from '../analysis/explainHang';
import { uriOf } from '../convert';
import type { ExplainResult } from '../protocol';
import type { Settings } from '../settings';
import type { Analysed } from './analysis';
import { functionOf, lineIn } from './functions';
import { lineLink } from './links';

/** What the explanation knows beyond the analysis: escape facts, which Go builds the module, an opened heap profile. */
export type ExplainExtras = Pick<ExplainContext, 'heapNote' | 'sliceUse' | 'go' | 'profileNote'>;

/** The explanation of the function that holds `line`, or null when it has no finding to explain. */
/** `withFixes`: fills in the fixes of findings of `result` (its "Quick fixes" section names them). */
export function explainFunction(result: Analysed | undefined, tree: Tree | undefined, line: number, settings: Settings, extras: ExplainExtras = {}, withFixes?: (findings: readonly Finding[]) => void): ExplainResult | null {
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
  withFixes?.(findings);
  const markdown = explanationMarkdown(name, findings, {
    text: result.text, pkg: result.pkg, memoryLimitBytes: settings.memoryLimitBytes, link: (l) => lineLink(result.uri, l), fileLink: (file, l) => lineLink(uriOf(file, result.uri), l), ...extras,
  }, result.findings);
  const outcomes = new Set(findings.map((f) => outcomeOf(f, result.findings)));
  const title = (['oom', 'hang', 'stack'] as Outcome[]).filter((o) => outcomes.has(o)).map((o) => titleWords[o]).join('; ');
  return { title: `${name}: ${title}`, markdown };
}

const titleWords: Record<Outcome, string> = { oom: 'why OOM, not stack overflow', hang: 'why this hangs', stack: 'why stack overflow, not OOM' };
