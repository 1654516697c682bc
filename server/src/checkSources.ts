// Parses the files of one package and analyses each with the package's context.
// Shared by the CLI, the tests and the benchmarks; the language server has its own incremental path.
import type { Parser } from 'web-tree-sitter';
import type { Finding, SourceFile } from './analysis/analyzer';
import { analyzeFile, type AnalyzeOptions } from './analysis/driver';
import { forgetTree } from './analysis/treeMemo';
import { packageContextFrom, summarizeFile, type PackageContext } from './analysis/values/summaries';

/** A file's findings and the package context they were found with (explanations size types with it). */
export interface PackageFileResult { path: string; findings: Finding[]; pkg: PackageContext }

/**
 * Analyses files that belong to one package (same directory and package clause).
 * Trees are deleted before returning.
 */
export function checkPackage(parser: Parser, files: ReadonlyArray<{ path: string; text: string }>, options?: AnalyzeOptions): PackageFileResult[] {
  const parsed: SourceFile[] = [];
  try {
    for (const f of files) {
      const tree = parser.parse(f.text);
      if (!tree) throw new Error(`tree-sitter could not parse ${f.path}`);
      parsed.push({ path: f.path, text: f.text, tree });
    }
    const pkg = packageContextFrom(parsed.map((f) => summarizeFile(f.path, f.tree)));
    return parsed.map((f) => {
      const findings = analyzeFile(f, pkg, options);
      forgetTree(f.tree);
      return { path: f.path, findings, pkg };
    });
  } finally {
    for (const f of parsed) f.tree.delete();
  }
}

/** The package clause's name, read without parsing (`""` when there is none). */
export function packageClauseOf(text: string): string {
  const m = /^\s*package\s+([\p{L}_][\p{L}\p{N}_]*)/mu.exec(text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''));
  return m ? m[1] : '';
}
