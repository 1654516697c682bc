// Predicted mode: what it claims (precision first) and what it deliberately does not claim.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseEscapeLog } from '../../server/src/escape/parse';
import { predictPackage } from '../../server/src/escape/predictPackage';
import type { PackagePredictOptions } from '../../server/src/escape/predictPackage';
import { predictLines } from './predictLines';
import type { EscapeFact } from '../../server/src/escape/types';
import { createGoParser, type Parser, type Tree } from '../../server/src/parser';

let parser: Parser;
const trees: Tree[] = [];
before(async () => { parser = await createGoParser(); });
after(() => { trees.forEach((t) => t.delete()); parser.delete(); });

const predict = (files: Record<string, string>, options: PackagePredictOptions = {}, all = false): string[] => predictLines(parser, trees, files, options, all);
const one = (body: string, options?: PackagePredictOptions): string[] => predict({ 'a.go': `package p\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n\n${body}` }, options);

describe('predictEscapes: addresses that outlive the frame', () => {
  it('claims a returned address, a store through a pointer parameter, an append to a global, a send', () => {
    assert.deepEqual(one(`type T struct{ p *int; n int }
var global []*int
func a() *int { x := 1; return &x }
func b(t *T) { y := 2; t.p = &y }
func c() { z := 3; global = append(global, &z) }
func d(ch chan *int) { w := 4; ch <- &w }
func e() *T { return &T{n: 1} }
func f() *T { return new(T) }
func g() (r *int) { v := 5; r = &v; return }
func h() *int { u := 6; p := &u; return p }
`), [
      'a.go:9 moved-to-heap x', 'a.go:10 moved-to-heap y', 'a.go:11 moved-to-heap z', 'a.go:11 escapes append', 'a.go:12 moved-to-heap w',
      'a.go:13 escapes &T{...}', 'a.go:14 escapes new(T)', 'a.go:15 moved-to-heap v', 'a.go:16 moved-to-heap u',
    ]);
  });

  it('stays silent where the address may stay on the stack', () => {
    assert.deepEqual(one(`type T struct{ p *int }
func a() int { x := 1; p := &x; return *p }
func b(t T) { y := 2; t.p = &y; _ = t }
func c() { t := &T{}; _ = t }
func d() int { s := make([]int, 16); return len(s) }
func e(n int) int { m := make(map[int]int, n); return len(m) }
func f() { defer func() { recover() }() }
func g() int { x := 0; func() { x++ }(); return x }
`), []);
  });
});

describe('predictEscapes: interfaces, makes, closures', () => {
  it('claims values boxed for fmt, log and panic, but not pointers, errors or interfaces', () => {
    assert.deepEqual(one(`func a(n int, s string, xs []int, err error, p *int, v any) {
	fmt.Println(n, s, len(xs), "lit", err, p, v)
	fmt.Printf("%d %s", n, s)
	panic(n)
}
`), ['a.go:8 escapes n', 'a.go:8 escapes s', 'a.go:8 escapes len(xs)', 'a.go:8 escapes "lit"', 'a.go:9 escapes n', 'a.go:9 escapes s', 'a.go:10 escapes n']);
  });

  it('claims a make with a non-constant size before Go 1.25, and a too large one always', () => {
    const body = `const small = 64
func a(n int) int { s := make([]byte, n); return len(s) }
func b() int { s := make([]byte, small); return len(s) }
func c() int { s := make([]byte, 1<<20); return len(s) }
`;
    assert.deepEqual(one(body, { goVersion: 'go1.19' }), ['a.go:8 escapes make([]byte, n)', 'a.go:10 escapes make([]byte, 1<<20)']);
    assert.deepEqual(one(body, { goVersion: 'go1.25.0' }), ['a.go:10 escapes make([]byte, 1<<20)']);
  });

  it('claims goroutine and returned closures and what they capture by reference', () => {
    assert.deepEqual(one(`func a() {
	count := 0
	name := "x"
	go func() { count++; println(name) }()
}
func b() func() int { n := 0; return func() int { n++; return n } }
func c() { done := make(chan bool); go func() { done <- true }() }
`), ['a.go:8 moved-to-heap count', 'a.go:10 escapes func literal', 'a.go:12 moved-to-heap n', 'a.go:12 escapes func literal', 'a.go:13 escapes func literal']);
  });

  it('claims a concrete value returned as an interface, a returned concatenation, package-level allocations', () => {
    assert.deepEqual(predict({ 'a.go': `package p

import "errors"

type E struct{ code int; msg string }

var ErrX = errors.New("x")
var table = map[string]int{"a": 1}

func (e E) Error() string { return e.msg }
func f(code int) error { return E{code, "bad"} }
func g(a string) string { return "[" + a + "]" }
func h() error { return errors.New("h") }
` }, { goVersion: 'go1.19' }), ['a.go:7 escapes &errors.errorString{...}', 'a.go:8 escapes map[string]int{...}', 'a.go:11 escapes E{...}', 'a.go:12 escapes "[" + a + "]"', 'a.go:13 escapes &errors.errorString{...}']);
  });

  it('Go 1.26 initialises a package variable\'s errors.New statically, and reflect.ValueOf no longer leaks', () => {
    const files = { 'a.go': 'package p\n\nimport (\n\t"errors"\n\t"reflect"\n)\n\nvar ErrX = errors.New("x")\n\nfunc k(n int) reflect.Kind { return reflect.ValueOf(n).Kind() }\n' };
    assert.deepEqual(predict(files, { goVersion: 'go1.26.8' }), []);
    assert.deepEqual(predict(files, { goVersion: 'go1.19.8' }), ['a.go:8 escapes &errors.errorString{...}', 'a.go:10 escapes n']);
  });

  it("follows the package's own functions that leak their parameters, across files", () => {
    assert.deepEqual(predict({
      'store.go': 'package p\n\ntype T struct{ n int }\n\nvar all []*T\n\nfunc keep(t *T) { all = append(all, t) }\n',
      'use.go': 'package p\n\nfunc use() {\n\tvar t T\n\tkeep(&t)\n}\n',
    }), ['store.go:7 escapes append', 'use.go:4 moved-to-heap t']);
  });

  it('skips dead code: false constants and other platforms', () => {
    assert.deepEqual(one(`const debug = false
func a(n int) {
	if debug {
		fmt.Println(n)
	}
	if runtime.GOOS == "windows" {
		fmt.Println(n)
	}
}
`.replace('const debug', 'import "runtime"\n\nconst debug'), { goos: 'linux', goarch: 'amd64' }), []);
  });

  it('labels append growth in loops separately (not a compiler fact)', () => {
    const facts = predict({ 'a.go': 'package p\n\nfunc f(xs []int) []int {\n\tvar out []int\n\tfor _, x := range xs {\n\t\tout = append(out, x)\n\t}\n\treturn out\n}\n' }, { goVersion: 'go1.19' }, true);
    assert.deepEqual(facts, ['a.go:6 append-growth out']);
  });
});

describe('predictEscapes: fact shape', () => {
  it('marks facts as predicted, with 1-based UTF-16 positions and a reason', () => {
    const tree = parser.parse('package p\n\nfunc f() *int { _ = "é😀"; x := 1; return &x }\n')!;
    trees.push(tree);
    const [fact] = predictPackage([{ path: '/src/p/a.go', tree }]);
    const expected: EscapeFact = { file: '/src/p/a.go', line: 3, column: 28, kind: 'moved-to-heap', name: 'x', message: 'moved to heap: x', why: 'returned', source: 'predicted' };
    assert.deepEqual(fact, expected);
  });

  for (const [version, pkg, min] of [['go1.19', 'esc1', 6], ['go1.26', 'esc1', 6], ['go1.19', 'jobs', 3], ['go1.26', 'jobs', 3], ['go1.19', 'buffers', 4], ['go1.26', 'buffers', 2]] as const) {
    it(`claims nothing the ${version} compiler does not report for the fixture package ${pkg}`, () => {
      const dir = path.resolve(__dirname, '../../../test/escape/fixtures', pkg);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.go')).map((f) => {
        const tree = parser.parse(fs.readFileSync(path.join(dir, f), 'utf8'))!;
        trees.push(tree);
        return { path: path.join(dir, f), tree };
      });
      const compiler = parseEscapeLog(fs.readFileSync(path.join(dir, `${version}-m2.log`), 'utf8'), { cwd: dir }).facts;
      const predicted = predictPackage(files, { goVersion: version }).filter((f) => f.kind === 'moved-to-heap' || f.kind === 'escapes');
      assert.ok(predicted.length >= min, `predicted ${predicted.length} facts`);
      for (const f of predicted) {
        assert.ok(compiler.some((c) => c.kind === f.kind && c.file === f.file && c.line === f.line), `the compiler also reports ${f.kind} ${f.name} on line ${f.line}`);
      }
    });
  }
});

describe('predictEscapes: code the compiler drops', () => {
  it('skips the cases of a switch on a constant that cannot match, and code after a kept branch that returns', () => {
    const facts = one(`import "runtime"

const truth = true

func a() string {
	switch runtime.GOOS {
	case "plan9":
		panic("plan9")
	case "linux":
		return "linux"
	}
	panic("unreachable on linux")
}
func b() int {
	if !truth {
		panic("never")
	} else {
		return 0
	}
	panic("dead")
}
func c(n int) {
	switch n {
	case 1:
		panic("live")
	}
}
`, { goos: 'linux', goarch: 'amd64' });
    assert.deepEqual(facts, ['a.go:31 escapes "live"']);
  });
});
