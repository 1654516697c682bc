// factSpan: from the compiler's position conventions to the whole expression or identifier.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { factSpan } from '../../server/src/escape/anchor';
import { createGoParser, type Parser, type Tree } from '../../server/src/parser';

let parser: Parser;
let tree: Tree;
const text = [
  'package p',
  '',
  'func f(n int, t *T) (*T, []byte, string, int) {',
  '\tcfg := Config{Name: "x"}',
  '\tb := make([]byte, n)',
  '\tp := &T{A: 1}',
  '\tgo func() { println(t.A) }()',
  '\treturn p, b, "a" + cfg.Name, t.List[0]',
  '}',
].join('\n');

before(async () => { parser = await createGoParser(); tree = parser.parse(text)!; });
after(() => { tree.delete(); parser.delete(); });

const spanText = (line: number, column: number): string | undefined => {
  const span = factSpan({ line, column, kind: 'escapes' }, tree);
  if (!span) return undefined;
  const lines = text.split('\n');
  return span.start.line === span.end.line ? lines[span.start.line].slice(span.start.character, span.end.character) : `${span.start.line}-${span.end.line}`;
};

describe('factSpan', () => {
  it('finds the variable of moved to heap and the expression of escapes', () => {
    assert.equal(spanText(4, 2), 'cfg');
    assert.equal(spanText(4, 15), 'Config{Name: "x"}', 'a composite literal at its {');
    assert.equal(spanText(5, 11), 'make([]byte, n)', 'a call at its (');
    assert.equal(spanText(6, 7), '&T{A: 1}', '&T{...} at its &');
    assert.equal(spanText(7, 5), 'func() { println(t.A) }', 'a func literal');
    assert.equal(spanText(8, 19), '"a" + cfg.Name', 'a binary expression at its operator');
    assert.equal(spanText(8, 24), 'cfg.Name', 'a selector at its .');
    assert.equal(spanText(8, 37), 't.List[0]', 'an index at its [');
  });

  it('gives up on positions that start no node', () => {
    assert.equal(spanText(4, 4), undefined);
    assert.equal(spanText(40, 1), undefined);
  });
});
