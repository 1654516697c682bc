// A declaration view's search for descendants starts at its declarations: searching from the root
// within a declaration's range walks every top-level node before it, which made a whole-file pass
// (one declaration at a time) quadratic in the number of declarations.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { declarationView } from '../../server/src/analysis/incremental';
import { createGoParser } from '../../server/src/parser';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

test('descendants are searched from the declarations, never from the root, and are the same', () => {
  const fns = Array.from({ length: 40 }, (_, i) => `func f${i}(n int) int {\n\tfor i := 0; i < n; i += ${i % 3} {\n\t\tfor j := 0; j < i; j++ {\n\t\t}\n\t}\n\treturn n\n}\n`);
  const tree = parser.parse(`package p\n\n${fns.join('\n')}`)!;
  try {
    const decls = tree.rootNode.namedChildren.filter((n): n is Node => n?.type === 'function_declaration').filter((_, i) => i % 7 === 3);
    const expected = decls.flatMap((d) => d.descendantsOfType('for_statement')).map((n) => n?.startIndex);
    let rootSearches = 0;
    const root = tree.rootNode;
    const watchedRoot = new Proxy(root, {
      get: (target, key) => (key === 'descendantsOfType' ? (...args: Parameters<Node['descendantsOfType']>) => { rootSearches++; return target.descendantsOfType(...args); } : Reflect.get(target, key)),
    });
    const watched = new Proxy(tree, { get: (target, key) => (key === 'rootNode' ? watchedRoot : Reflect.get(target, key)) }) as Tree;
    const view = declarationView(watched, decls);
    const got = view.rootNode.descendantsOfType('for_statement').map((n) => n?.startIndex);
    assert.deepEqual(got, expected);
    assert.equal(got.length, decls.length * 2);
    assert.equal(rootSearches, 0, 'the root is not searched');
  } finally {
    tree.delete();
  }
});
