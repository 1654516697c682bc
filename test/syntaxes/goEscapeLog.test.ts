// The escape-log grammar, tokenized by the same engine VS Code uses (vscode-textmate + oniguruma).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const grammarPath = path.resolve(__dirname, '../../../syntaxes/go-escape-log.tmLanguage.json');
let grammar: vsctm.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.go-escape-log' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar('source.go-escape-log');
  assert.ok(loaded, 'the grammar loads');
  grammar = loaded;
});

/** The scopes of the token that starts where `part` starts in `line` (every token of `part` is checked by `expect`). */
function scopesOf(line: string, part: string, from = 0): string[][] {
  const start = line.indexOf(part, from);
  assert.ok(start >= 0, `'${part}' is in '${line}'`);
  const end = start + part.length;
  const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
  const covering = tokens.filter((t) => t.startIndex < end && t.endIndex > start);
  assert.ok(covering.length > 0 && covering[0].startIndex <= start, `a token starts at '${part}'`);
  return covering.map((t) => t.scopes);
}

function expect(line: string, part: string, scope: string, from = 0): void {
  for (const scopes of scopesOf(line, part, from)) {
    assert.ok(scopes.includes(scope), `'${part}' in '${line}' has ${scope}; got ${scopes.join(' ')}`);
  }
}

function expectNot(line: string, part: string, scope: string): void {
  for (const scopes of scopesOf(line, part)) assert.ok(!scopes.includes(scope), `'${part}' in '${line}' lacks ${scope}; got ${scopes.join(' ')}`);
}

describe('go-escape-log grammar', () => {
  it('marks positions: file, line, column', () => {
    const line = './main.go:10:2: moved to heap: t';
    expect(line, './main.go', 'entity.name.filename.go-escape-log');
    expect(line, '10', 'constant.numeric.line.go-escape-log');
    expect(line, '2', 'constant.numeric.column.go-escape-log', 12);
    expect(line, 'moved to heap', 'keyword.control.heap.moved.go-escape-log');
    expect(line, 't', 'variable.other.go-escape-log', 31);
  });

  it('marks escapes to heap, with the expression, in facts and explanation headers', () => {
    const fact = './main.go:21:13: make([]byte, n) escapes to heap';
    expect(fact, 'make([]byte, n)', 'variable.other.expression.go-escape-log');
    expect(fact, 'escapes to heap', 'keyword.control.heap.escapes.go-escape-log');
    expectNot(fact, 'escapes to heap', 'invalid.illegal.error.go-escape-log');
    const header = './main.go:10:2: t escapes to heap:';
    expect(header, 'escapes to heap', 'keyword.control.heap.escapes.go-escape-log');
  });

  it('marks does not escape as the stack', () => {
    const line = './main.go:36:13: make([]int, 10) does not escape';
    expect(line, 'does not escape', 'constant.language.stack.go-escape-log');
    expect(line, 'make([]int, 10)', 'variable.other.expression.go-escape-log');
  });

  it('marks leaking params, to the heap and to a result', () => {
    const heap = './main.go:14:11: leaking param: x';
    expect(heap, 'leaking param', 'storage.modifier.leak.go-escape-log');
    expect(heap, 'x', 'variable.parameter.go-escape-log', 31);
    const result = './main.go:18:9: leaking param: p to result ~r0 level=0';
    expect(result, 'to result', 'storage.modifier.leak.go-escape-log');
    expect(result, '~r0', 'variable.other.result.go-escape-log');
    expect(result, '0', 'constant.numeric.level.go-escape-log', result.indexOf('level='));
    const content = './b.go:45:10: leaking param content: s';
    expect(content, 'leaking param content', 'storage.modifier.leak.go-escape-log');
    const header = './main.go:14:11: parameter x leaks to {heap} with derefs=0:';
    expect(header, 'leaks to', 'storage.modifier.leak.go-escape-log');
    expect(header, '{heap}', 'variable.other.flow.go-escape-log');
  });

  it('marks flow lines and their steps with the reason and the position', () => {
    const flow = './main.go:10:2:   flow: ~r0 = &t:';
    expect(flow, 'flow', 'keyword.other.flow.go-escape-log');
    expect(flow, '~r0 = &t', 'variable.other.flow.go-escape-log');
    const step = './main.go:10:2:     from &t (address-of) at ./main.go:11:9';
    expect(step, 'from', 'keyword.other.from.go-escape-log');
    expect(step, '&t', 'variable.other.expression.go-escape-log');
    expect(step, 'address-of', 'string.other.reason.go-escape-log');
    expect(step, 'at', 'keyword.other.at.go-escape-log', step.indexOf(') at') + 2);
    expect(step, './main.go', 'entity.name.filename.go-escape-log', step.indexOf(' at ') + 4);
    expect(step, '11', 'constant.numeric.line.go-escape-log', step.indexOf(' at '));
    const call = './main.go:33:14:     from fmt.Fprintln(io.Writer(os.Stdout), fmt.a...) (call parameter) at ./main.go:33:13';
    expect(call, 'call parameter', 'string.other.reason.go-escape-log');
    expect(call, 'fmt.Fprintln(io.Writer(os.Stdout), fmt.a...)', 'variable.other.expression.go-escape-log');
    const size = './main.go:21:13:     from make([]byte, n) (non-constant size) at ./main.go:21:13';
    expect(size, 'non-constant size', 'string.other.reason.go-escape-log');
  });

  it('dims inlining and other informational lines', () => {
    expect('./main.go:33:13: inlining call to fmt.Println', 'inlining call to', 'keyword.other.inlining.go-escape-log');
    expect('./main.go:33:13: inlining call to fmt.Println', 'fmt.Println', 'comment.line.inlining.go-escape-log');
    expect('./main.go:9:6: can inline newT with cost 12 as: func() *T { t := T{...}; return &t }', 'newT', 'comment.line.inlining.go-escape-log');
    expect('./main.go:32:2: main capturing by ref: x (addr=false assign=true width=8)', 'capturing by ref', 'comment.line.informational.go-escape-log');
    expect('<autogenerated>:1: inlining call to ExecError.Error', '<autogenerated>', 'entity.name.filename.go-escape-log');
  });

  it('marks compile errors and go-command errors as errors', () => {
    const line = './a.go:9:9: undefined: undefinedThing';
    expect(line, 'undefined: undefinedThing', 'invalid.illegal.error.go-escape-log');
    expect(line, './a.go', 'entity.name.filename.go-escape-log');
    expect('go: go.mod file not found in current directory or any parent directory', 'go.mod file not found', 'invalid.illegal.error.go-escape-log');
    expectNot('./main.go:10:2: moved to heap: t', 'moved to heap', 'invalid.illegal.error.go-escape-log');
  });

  it('marks the package header and a command line', () => {
    expect('# example.com/esc1', 'example.com/esc1', 'entity.name.package.go-escape-log');
    expect('$ go list -export -gcflags=-m=2 .', 'go list -export -gcflags=-m=2 .', 'string.unquoted.command.go-escape-log');
  });

  it("reads go-oom-lens escape's text output, predicted label included", () => {
    const line = 'main.go:10:2: moved to heap: t (predicted: returned)';
    expect(line, 'moved to heap', 'keyword.control.heap.moved.go-escape-log');
    expect(line, 'predicted', 'storage.modifier.predicted.go-escape-log');
    expect(line, 'returned', 'string.other.reason.go-escape-log');
    const escapes = 'main.go:21:13: make([]byte, n) escapes to heap (non-constant size)';
    expect(escapes, 'escapes to heap', 'keyword.control.heap.escapes.go-escape-log');
    expect(escapes, 'non-constant size', 'string.other.reason.go-escape-log');
    expectNot(escapes, 'non-constant size', 'invalid.illegal.error.go-escape-log');
  });

  it('accepts Windows paths', () => {
    const line = 'C:\\work\\app\\main.go:3:4: moved to heap: y';
    expect(line, 'C:\\work\\app\\main.go', 'entity.name.filename.go-escape-log');
    expect(line, '3', 'constant.numeric.line.go-escape-log', line.indexOf('.go:'));
    expect(line, 'moved to heap', 'keyword.control.heap.moved.go-escape-log');
  });
});

describe('go-escape-log grammar on the logs real compilers printed (test/escape/fixtures)', () => {
  const fixtures = path.resolve(__dirname, '../../../test/escape/fixtures');
  const logs = fs.readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'broken')
    .flatMap((d) => ['go1.19-m2.log', 'go1.26-m2.log'].map((f) => path.join(fixtures, d.name, f)));

  it('marks no line of a successful run as an error, and every fact and header with its keyword', () => {
    assert.ok(logs.length >= 6, `found ${logs.length} logs`);
    for (const log of logs) {
      for (const line of fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
        const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
        const bad = tokens.find((t) => t.scopes.some((s) => s.startsWith('invalid.')));
        assert.ok(!bad, `${path.relative(fixtures, log)}: '${line}' has ${bad?.scopes.join(' ')} at ${bad?.startIndex}`);
        const keyword = / (escapes to heap|moved to heap|leaking param|leaks to|does not escape)\b/.exec(line);
        if (keyword && !/^\S+: (can inline|inlining call)/.test(line) && !/:\s{3,}from /.test(line)) {
          assert.ok(scopesOf(line, keyword[1], keyword.index).flat().some((s) => /^(keyword\.control\.heap|storage\.modifier\.leak|constant\.language\.stack)\./.test(s)), `'${keyword[1]}' in '${line}' is marked`);
        }
      }
    }
  });

  it("Go 1.24+: `in F:` and `for F` name the function; the flow's ← is part of the flow", () => {
    const header = './jobs.go:14:2: j escapes to heap in newJob:';
    expect(header, 'escapes to heap', 'keyword.control.heap.escapes.go-escape-log');
    expect(header, 'newJob', 'entity.name.function.go-escape-log');
    const leak = './jobs.go:18:15: parameter names leaks to {storage for (~r0).Name} for startAll with derefs=1:';
    expect(leak, '{storage for (~r0).Name}', 'variable.other.flow.go-escape-log');
    expect(leak, 'startAll', 'entity.name.function.go-escape-log');
    expect('./jobs.go:14:2:   flow: ~r0 ← &j:', '~r0 ← &j', 'variable.other.flow.go-escape-log');
  });
});
