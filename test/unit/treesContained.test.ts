// A reparse whose syntax errors reach past what was edited parses the edited part as blank, so
// every declaration the edits did not touch keeps its node (and its findings). Each case is an
// edit that makes tree-sitter's error recovery take the declarations after it; the property is
// checked with the tree kept and with it freed in between (the two must agree).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser, Tree } from 'web-tree-sitter';
import { AnalysisService } from '../../server/src/features/analysis';
import { PackageIndex } from '../../server/src/features/packageIndex';
import { createGoParser } from '../../server/src/parser';
import { defaultSettings } from '../../server/src/settings';
import { IncrementalTree, type ContentChange } from '../../server/src/trees';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const base = `package p

func A() {
\ta := 1
\t_ = a
}

//go:nosplit
func B() {
\tb := f(1)
\t_ = b
}

// C is documented.
func C() {
\tc := 3
\t_ = c
}

/* a comment
between functions */

func D() {
}

//go:linkname read
//go:nosplit
func read(addr int, sz uintptr) {
	sp := addr
	doread(addr, sz, sp)
}

//go:nosplit
func write(addr int, sz uintptr) {
	sp := addr
	dowrite(addr, sz, sp)
}

// Polls for ready network connections.
// Returns a list of goroutines that become runnable.
func poll(delay int64) int32 {
	return 0
}

func E() {
}
`;

/** The function declarations of a tree: name → text. */
function functions(tree: Tree): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of tree.rootNode.namedChildren) if (c?.type === 'function_declaration') out.set(c.childForFieldName('name')!.text, c.text);
  return out;
}

const at = (text: string, needle: string, offset = 0): { line: number; character: number } => {
  const i = text.indexOf(needle) + offset;
  assert.ok(i >= offset, `${JSON.stringify(needle)} is in the text`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length - 1, character: i - (before.lastIndexOf('\n') + 1) };
};
const insert = (text: string, needle: string, what: string, offset = 0): ContentChange => ({ range: { start: at(text, needle, offset), end: at(text, needle, offset) }, text: what });

const cases: Array<{ name: string; edits: (text: string) => ContentChange[][]; touched: string[] }> = [
  { name: 'a backtick in B after A lost its closing brace', edits: (t) => [[{ range: { start: at(t, '}\n\n//go:nosplit'), end: at(t, '}\n\n//go:nosplit', 1) }, text: '' }], [insert(t.replace('}\n\n//go:nosplit', '\n\n//go:nosplit'), 'b := f', '`')]], touched: ['A', 'B'] },
  { name: 'an insertion at the first character of a declaration', edits: (t) => [[insert(t, '// C is documented.', 'func x() {\n')]], touched: ['C'] },
  { name: 'an unclosed function pasted between two others', edits: (t) => [[insert(t, '\n\nfunc E', '\nfunc Z() {', 1)]], touched: ['D'] },
  { name: 'an unclosed bracket in a function after a directive comment', edits: (t) => [[insert(t, 'f(1', '[')]], touched: ['B'] },
  { name: 'a line break inside a top-level comment', edits: (t) => [[insert(t, 'between functions', '\n', 8)]], touched: [] },
  { name: 'an unclosed bracket in a signature after directive comments', edits: (t) => [[insert(t, 'read(addr', '[', 9)]], touched: ['read'] },
  { name: 'a line break inside a line comment, its rest now code', edits: (t) => [[insert(t, 'ready network', '\n', 6)]], touched: ['poll'] },
];

for (const c of cases) {
  test(`the declarations an edit did not touch keep their nodes: ${c.name}`, () => {
    const results: string[] = [];
    for (const free of [false, true]) {
      const doc = new IncrementalTree(parser, base);
      try {
        const first = functions(doc.parsed().tree);
        for (const batch of c.edits(base)) {
          doc.applyChanges(batch);
          doc.parsed();
          if (free) doc.release();
        }
        const { tree } = doc.parsed();
        const now = functions(tree);
        for (const [name, text] of first) {
          if (c.touched.includes(name)) continue;
          assert.equal(now.get(name), text, `${free ? 'freed' : 'kept'}: ${name} is in the tree as it was (${[...now.keys()].join(' ')})`);
        }
        results.push(JSON.stringify(doc.blankRanges));
      } finally {
        doc.dispose();
      }
    }
    assert.equal(results[1], results[0], 'the same blanks whether the tree was kept or freed');
  });
}

test('a comment typed after a constant, a character at a time, keeps the constant in the package summary', () => {
  const text = `package p

const step = 0

func b(items []int) []int {
\tvar out []int
\tfor i := 0; i < len(items); i += step {
\t\tout = append(out, items[i])
\t}
\treturn out
}
`;
  const settings = { ...defaultSettings(), debounceMs: 0 };
  const service = new AnalysisService(parser, new PackageIndex(parser), { settings: () => settings, publish: () => undefined, log: () => undefined });
  const uri = 'untitled:p.go';
  const rules = (): string[] => service.current(uri)!.findings.map((f) => `${f.rule}:${f.severity}@${f.span.start.line}`).sort();
  try {
    service.open(uri, undefined, 1, text);
    const before = rules();
    assert.ok(before.some((r) => r.startsWith('zero-step-loop:error')), JSON.stringify(before));
    let version = 1;
    const typed = ' // x';
    for (let k = 0; k < typed.length; k++) {
      service.change(uri, ++version, [{ range: { start: { line: 2, character: 14 + k }, end: { line: 2, character: 14 + k } }, text: typed[k] }]);
      // ` /` is a division without its operand (the constant is parsed as blank meanwhile); from `//` on, a comment.
      if (k >= 2) assert.deepEqual(rules(), before, `after typing ${JSON.stringify(typed.slice(0, k + 1))}`);
    }
  } finally {
    service.dispose();
  }
});

test('standard-library shapes: a bracket typed into a signature after directives, a line break inside a doc comment', () => {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();
  const names = (tree: Tree): string[] => [...functions(tree).keys()];
  for (const [file, line, character, text, edited] of [
    ['runtime/asan.go', 35, 18, '[', 'asanread'],
    ['runtime/netpoll_stub.go', 34, 10, '\n', ''],
  ] as const) {
    const doc = new IncrementalTree(parser, fs.readFileSync(path.join(goroot, 'src', file), 'utf8'));
    try {
      const before = names(doc.parsed().tree);
      assert.ok(before.length > 5, `${file}: ${before.join(' ')}`);
      doc.applyChanges([{ range: { start: { line, character }, end: { line, character } }, text }]);
      const now = names(doc.parsed().tree);
      assert.deepEqual(before.filter((n) => !now.includes(n)), edited ? [edited] : [], `${file}: only the edited function is gone (blank)`);
    } finally {
      doc.dispose();
    }
  }
});
