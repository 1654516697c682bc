// Views of a tree that show only some of its top-level declarations: the rules walk from
// `file.tree.rootNode`, so a root whose children and `descendantsOfType` leave declarations out
// makes every rule skip them (incremental analysis, declarations nested too deeply).
import type { Node, Point, Tree } from 'web-tree-sitter';

/** A tree whose root hides the given top-level declarations (code the analysis skips). */
export function withoutDeclarations(tree: Tree, excluded: readonly Node[]): Tree {
  const root = tree.rootNode;
  const hidden = new Set(excluded.map((d) => d.id));
  const children = root.namedChildren.filter((c): c is Node => c !== null && !hidden.has(c.id));
  const ranges = excluded.map((d) => [d.startIndex, d.endIndex] as const).sort((a, b) => a[0] - b[0]);
  // Top-level declarations do not overlap: the last range starting at or before a node decides.
  const hiddenNode = (n: Node): boolean => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ranges[mid][0] <= n.startIndex) lo = mid;
      else hi = mid - 1;
    }
    const r = ranges[lo];
    return r !== undefined && n.startIndex >= r[0] && n.endIndex <= r[1];
  };
  const descendantsOfType = (types: string | string[], _start?: Point, _end?: Point): Node[] =>
    root.descendantsOfType(types).filter((n): n is Node => n !== null && !hiddenNode(n));
  return rootView(tree, children, descendantsOfType);
}

/** The tree with a root that shows `children` and searches with `descendantsOfType`. */
export function rootView(tree: Tree, children: Node[], descendantsOfType: (types: string | string[], start?: Point, end?: Point) => Node[]): Tree {
  const root = tree.rootNode;
  const view = new Proxy(root, {
    get(target, prop) {
      switch (prop) {
        case 'namedChildren': case 'children': return children;
        case 'namedChildCount': case 'childCount': return children.length;
        case 'namedChild': case 'child': return (i: number) => children[i] ?? null;
        case 'firstNamedChild': case 'firstChild': return children[0] ?? null;
        case 'lastNamedChild': case 'lastChild': return children[children.length - 1] ?? null;
        case 'descendantsOfType': return descendantsOfType;
        default: {
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
      }
    },
  });
  return Object.create(tree, { rootNode: { get: () => view } }) as Tree;
}
