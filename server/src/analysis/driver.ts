// Runs the enabled rules over one file with its package context.
import type { Finding, Pass, Severity, SourceFile, Span } from './analyzer';
import { tooDeepDeclarations } from './nesting';
import type { PackageContext } from './values/summaries';
import { allRules } from './registry';
import { withoutDeclarations } from './treeView';
import { isGenerated } from './generated';

export interface AnalyzeOptions {
  /** Rule ids to run; all rules when absent. */
  rules?: ReadonlySet<string>;
  /** Drop findings below this severity (`error` keeps only certain findings). */
  minSeverity?: Severity;
  /** Told when a rule fails on this file (e.g. code nested too deeply); the other rules still run. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /** Told (once per place and reason) about code left out for being beyond the analysis's limits. */
  onSkipped?: (skipped: Skipped) => void;
}

/** Code the analysis did not look at, and why (nested or long beyond its documented limits). */
export interface Skipped { file: string; span: Span; reason: string }

const rank: Record<Severity, number> = { warning: 1, error: 2 };

/** Analyses one parsed file; pure and synchronous. Findings are sorted by position. */
export function analyzeFile(file: SourceFile, pkg: PackageContext, options: AnalyzeOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const min = rank[options.minSeverity ?? 'warning'];
  const memo = new Map<string, unknown>();
  const told = new Set<string>();
  const skipped = (span: Span, reason: string): void => {
    const key = `${span.start.line}:${span.start.character}:${reason}`;
    if (told.has(key)) return;
    told.add(key);
    options.onSkipped?.({ file: file.path, span, reason });
  };
  // Generated code is fixed in its generator: like staticcheck, report nothing in it (and look at
  // nothing: the nesting scan alone cost 2.5 ms per keystroke in rewriteAMD64.go's dispatcher).
  if (isGenerated(file.text)) return findings;
  // Declarations nested beyond the limit are left out before any rule walks them (see nesting.ts).
  const deep = tooDeepDeclarations(file.tree, file.text);
  for (const d of deep) skipped(d.span, d.reason);
  const target = deep.length > 0 ? { ...file, tree: withoutDeclarations(file.tree, deep.map((d) => d.node)) } : file;
  for (const rule of allRules) {
    if (options.rules && !options.rules.has(rule.id)) continue;
    const pass: Pass = {
      file: target,
      pkg,
      skipped,
      memo: <T>(key: string, compute: () => T): T => {
        if (!memo.has(key)) memo.set(key, compute());
        return memo.get(key) as T;
      },
      report(f) {
        if (rank[f.severity] >= min) findings.push(f);
      },
    };
    try {
      rule.run(pass);
    } catch (error) {
      // A rule that cannot handle this file (pathological nesting, a bug) must not take the others down.
      options.onRuleError?.(rule.id, error);
    }
  }
  return findings.sort(compareFindings);
}

/** The order of findings: by position, then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.span.start.line - b.span.start.line || a.span.start.character - b.span.start.character || a.rule.localeCompare(b.rule);
}

