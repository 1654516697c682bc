// The analysis core's vocabulary: rules, findings, fixes. Pure: no LSP, no VS Code, no I/O.
import type { Node, Tree } from 'web-tree-sitter';
import type { PackageContext } from './values/summaries';

export type Severity = 'error' | 'warning';

/** Zero-based line and UTF-16 column (the same convention as LSP and web-tree-sitter). */
export interface Pos { line: number; character: number }
export interface Span { start: Pos; end: Pos }

/** A location that explains a finding: where a value comes from, the loop, the recursive call. */
export interface Related {
  span: Span;
  message: string;
  /** Absent when the location is in the same file as the finding. */
  file?: string;
}

/** One text replacement; edits of one fix never overlap. */
export interface TextChange { span: Span; newText: string }

/** One alternative way to fix a finding. */
export interface Fix {
  title: string;
  /** The safest fix of a finding is preferred (shown first, applied by "auto fix"). */
  preferred?: boolean;
  changes: TextChange[];
}

/** What the explanations (hover, code lens) need to know about a growing loop. */
export interface GrowthFacts {
  /** Name of what grows (`demos`, `s.items`). */
  target: string;
  /** `append`, `map insert`, `string concatenation`, `builder write`. */
  kind: 'append' | 'map-insert' | 'string-concat' | 'builder-write';
  /** The element type's source text when known (`Demo`, `*Demo`, `[]byte`). */
  elementType?: string;
  /** Elements appended per iteration (1 for `append(x, v)`), when known. */
  elementsPerIteration?: number;
  /** The loop that never ends. */
  loop: Span;
}

/** The facts a finding is built from; features read them instead of re-analysing. */
export interface FindingFacts {
  /** The loop (or, for recursion, the function) the finding is about. */
  loop?: Span;
  /** Name of the loop variable or step (`i`, `interval`). */
  variable?: string;
  step?: string;
  /** What the stuck update does, in one sentence with its cause ("`i` starts at 0 (…), and `i *= 2` keeps it 0."). */
  stuck?: string;
  /** Where the (possibly) zero value comes from, in words, and its location. */
  cause?: string;
  causeSpan?: Span;
  /** The enclosing function's name and span (for the code lens). */
  functionName?: string;
  functionSpan?: Span;
  growth?: GrowthFacts;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  related: Related[];
  fixes: Fix[];
  facts: FindingFacts;
}

/** A parsed Go file. */
export interface SourceFile {
  /** Path or URI; only used to name related locations in other files. */
  path: string;
  text: string;
  tree: Tree;
}

/** What a rule gets: one file, its package context and a way to report. */
export interface Pass {
  file: SourceFile;
  pkg: PackageContext;
  /** Computes a value once per file and shares it between rules (e.g. the loop verdicts). */
  memo<T>(key: string, compute: () => T): T;
  report(finding: Finding): void;
  /** Tells that some code was left out for being beyond a documented limit of the analysis. */
  skipped(span: Span, reason: string): void;
}

export interface Rule {
  /** Stable kebab-case id; it is `Diagnostic.code`. */
  id: string;
  /** First line of the documentation. */
  title: string;
  /** Markdown documentation (what, why, examples, fixes). */
  doc: string;
  /** The highest severity the rule reports. */
  defaultSeverity: Severity;
  run(pass: Pass): void;
}

/** A tree-sitter node's span. */
export function spanOf(node: Node): Span {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}
