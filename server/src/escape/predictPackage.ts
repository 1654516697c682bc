// Predicted facts for a whole package: its files' declarations give each file better typing and the
// package's own functions' leaks. The sync entry takes trees (the server has them); the async one
// parses texts (the CLI). No LSP, no VS Code.
import type { Tree } from 'web-tree-sitter';
import { packageContextFrom, summarizeFile } from '../analysis/values/summaries';
import { createGoParser } from '../parser';
import { type PredictOptions, packageGraphSummaries, predictEscapes } from './predict';
import { summarizeEscapes } from './predictSummary';
import type { EscapeFact } from './types';

export type PackagePredictOptions = Omit<PredictOptions, 'pkg' | 'funcs'>;

/** Predicts the facts of every file of one package (all its files, parsed). */
export function predictPackage(files: ReadonlyArray<{ path: string; tree: Tree }>, options: PackagePredictOptions = {}): EscapeFact[] {
  const pkg = packageContextFrom(files.map((f) => summarizeFile(f.path, f.tree)));
  const funcs = files.flatMap((f) => summarizeEscapes(f.tree, pkg));
  const graphSummaries = packageGraphSummaries(files, { ...options, pkg, funcs });
  return files.flatMap((f) => predictEscapes(f, { ...options, pkg, funcs, graphSummaries }));
}

/** Parses the texts and predicts their facts; the trees are freed before returning. */
export async function predictPackageTexts(files: ReadonlyArray<{ path: string; text: string }>, options: PackagePredictOptions = {}): Promise<EscapeFact[]> {
  const parser = await createGoParser();
  const trees: Array<{ path: string; tree: Tree }> = [];
  try {
    for (const f of files) {
      const tree = parser.parse(f.text);
      if (tree) trees.push({ path: f.path, tree });
    }
    return predictPackage(trees, options);
  } finally {
    for (const t of trees) t.tree.delete();
    parser.delete();
  }
}
