// The predictor's facts as short strings, for the predicted-mode tests: `file:line kind name`.
import * as path from 'node:path';
import { predictPackage, type PackagePredictOptions } from '../../server/src/escape/predictPackage';
import type { Parser, Tree } from '../../server/src/parser';

/** Predicts the facts of one or more files (trees are kept in `trees` for the caller to delete); heap kinds only unless all. */
export function predictLines(parser: Parser, trees: Tree[], files: Record<string, string>, options: PackagePredictOptions = {}, all = false): string[] {
  const parsed = Object.entries(files).map(([p, text]) => {
    const tree = parser.parse(text)!;
    trees.push(tree);
    return { path: p, tree };
  });
  return predictPackage(parsed, options)
    .filter((f) => all || f.kind !== 'append-growth')
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
    .map((f) => `${path.basename(f.file)}:${f.line} ${f.kind} ${f.name}`);
}
