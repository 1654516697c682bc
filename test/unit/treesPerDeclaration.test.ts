// Re-analysing single declarations (what the server does after an edit) must find exactly what
// analysing the whole file finds: checked on every rule fixture, declaration by declaration.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Node, Parser } from 'web-tree-sitter';
import type { Finding } from '../../server/src/analysis/analyzer';
import { analyzeFile } from '../../server/src/analysis/driver';
import { analyzeDeclarations, declarationView } from '../../server/src/analysis/incremental';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { createGoParser } from '../../server/src/parser';

const testdata = path.resolve(__dirname, '..', '..', '..', 'test', 'rules', 'testdata');
let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

function goFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? goFiles(p) : e.name.endsWith('.go') ? [p] : [];
  });
}

const key = (f: Finding): string => `${f.span.start.line}:${f.span.start.character} ${f.rule} ${f.severity} ${f.message}`;

test('per-declaration analysis equals whole-file analysis on the rule fixtures', () => {
  const files = goFiles(testdata);
  assert.ok(files.length > 0, `no fixtures under ${testdata}`);
  let findings = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const tree = parser.parse(text);
    assert.ok(tree);
    try {
      const source = { path: file, text, tree };
      const pkg = packageContextFrom([summarizeFile(file, tree)]);
      const whole = analyzeFile(source, pkg).map(key).sort();
      const decls = tree.rootNode.namedChildren.filter((n): n is Node => !!n && !['package_clause', 'import_declaration', 'comment'].includes(n.type));
      const pieces = decls.flatMap((d) => analyzeDeclarations(source, pkg, {}, [d])).map(key).sort();
      assert.deepEqual(pieces, whole, path.relative(testdata, file));
      findings += whole.length;
    } finally {
      tree.delete();
    }
  }
  assert.ok(findings > 0, 'the fixtures produce findings');
});

test('the declaration view shows the context and the chosen declarations only', () => {
  const text = 'package p\n\nimport "fmt"\n\nfunc a() {\n\tfor {}\n}\n\nfunc b() {\n\tfor {\n\t\tfmt.Println()\n\t}\n}\n';
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const b = tree.rootNode.namedChildren[3] as Node;
    const view = declarationView(tree, [b]);
    assert.deepEqual(view.rootNode.namedChildren.map((n) => n?.type), ['package_clause', 'import_declaration', 'function_declaration']);
    assert.deepEqual(view.rootNode.descendantsOfType('for_statement').map((n) => n?.startPosition.row), [9]);
    assert.equal(view.rootNode.type, 'source_file');
    assert.equal(summarizeFile('p.go', view).funcs.map((f) => f.name).join(), 'b');
  } finally {
    tree.delete();
  }
});
