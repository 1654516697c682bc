// Analysing only some top-level declarations of a file, on the file's own (full) tree, so an edit
// costs the declarations it touched rather than the whole file. The rules walk from
// `file.tree.rootNode`; here that root is a view whose children are the package clause, the
// imports and the chosen declarations, and whose `descendantsOfType` searches only those
// declarations. Findings outside the declarations are dropped.
// Proposed replacement: an `analyzeFile(…, { within })` option in the driver that the rules honour.
import type { Node, Point, Tree } from 'web-tree-sitter';
import type { Finding, SourceFile } from './analyzer';
import { analyzeFile, type AnalyzeOptions } from './driver';
import type { PackageContext } from './values/summaries';
import { rootView } from './treeView';

const contextTypes = new Set(['package_clause', 'import_declaration']);

/** A tree whose root shows only the file's context and the given top-level declarations. */
export function declarationView(tree: Tree, decls: readonly Node[]): Tree {
  const root = tree.rootNode;
  const children: Node[] = [];
  for (let c = root.firstNamedChild; c; c = c.nextNamedSibling) {
    if (contextTypes.has(c.type)) children.push(c);
    else if (c.type !== 'comment') break;
  }
  children.push(...decls);
  // Searched from each declaration, not from the root within its range: tree-sitter walks the root's
  // children up to the range's start, so a whole-file pass, one declaration at a time, was quadratic
  // (a 1 MB file of 3,500 functions: 211 s to its first diagnostics).
  const descendantsOfType = (types: string | string[], _start?: Point, _end?: Point): Node[] =>
    decls.flatMap((d) => d.descendantsOfType(types)
      .filter((n): n is Node => n !== null && n.startIndex >= d.startIndex && n.endIndex <= d.endIndex));
  return rootView(tree, children, descendantsOfType);
}

/** Runs the rules on some top-level declarations only; pure like `analyzeFile`. */
export function analyzeDeclarations(file: SourceFile, pkg: PackageContext, options: AnalyzeOptions, decls: readonly Node[]): Finding[] {
  if (decls.length === 0) return [];
  const view = { ...file, tree: declarationView(file.tree, decls) };
  const rows = decls.map((d) => [d.startPosition.row, d.endPosition.row] as const);
  return analyzeFile(view, pkg, options).filter((f) => rows.some(([s, e]) => f.span.start.line >= s && f.span.start.line <= e));
}
