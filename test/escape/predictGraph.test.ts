// Predicted mode's data-flow graph (predictGraph*.ts): each flow it follows, with a case where the
// compiler moves the value to the heap and a near miss where it does not (checked against Go 1.26's
// and Go 1.19's -m output for these shapes, or against $GOROOT/test's annotations).
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { PackagePredictOptions } from '../../server/src/escape/predictPackage';
import { createGoParser, type Parser, type Tree } from '../../server/src/parser';
import { predictLines } from './predictLines';

let parser: Parser;
const trees: Tree[] = [];
before(async () => { parser = await createGoParser(); });
after(() => { trees.forEach((t) => t.delete()); parser.delete(); });

/** Facts of `package p` + body (line 3 is the body's first line). */
const facts = (body: string, options: PackagePredictOptions = { goVersion: 'go1.26.8' }): string[] =>
  predictLines(parser, trees, { 'a.go': `package p\n\n${body}` }, options);

describe('predicted graph: addresses through locals and pointers', () => {
  it('follows &x through a chain of locals to the heap; the pointer variables themselves stay', () => {
    assert.deepEqual(facts(`var sink *int
func a() { x := 1; p := &x; q := &p; sink = *q }
func b() int { x := 1; p := &x; q := p; return *q }
`), ['a.go:4 moved-to-heap x']);
  });

  it('a store through a local pointer goes to the heap; into a local struct value it does not', () => {
    assert.deepEqual(facts(`type T struct{ p *int; n int }
func a(t *T) { x := 1; q := t; q.p = &x }
func b() int { x := 1; var s T; s.p = &x; return s.n }
func c() int { x := 1; var s T; s.p = &x; return *s.p }
`), ['a.go:4 moved-to-heap x']);
  });

  it('an address stored in a variable declared outside the loop outlives the iteration', () => {
    assert.deepEqual(facts(`func a(n int) *int {
	var last *int
	for i := 0; i < n; i++ {
		v := i
		last = &v
	}
	return last
}
func b(n int) int {
	for i := 0; i < n; i++ {
		v := i
		p := &v
		*p = 2
	}
	return 0
}
`), ['a.go:6 moved-to-heap v']);
  });

  it('p.a = p.b is ignored, as the compiler ignores self-assignments; a value without pointers carries no address', () => {
    assert.deepEqual(facts(`type Pair struct{ a, b *int }
type Bar struct{ i int; ii *int }
func a(p *Pair) { p.a = p.b }
func use() { i, j := 0, 0; p := Pair{&i, &j}; a(&p) }
func (b Bar) noLeak() int { v := 0; b.ii = &v; return b.i }
func (b Bar) leaks() *int { v := 0; b.ii = &v; return b.ii }
`), ['a.go:8 moved-to-heap v']);
  });
});

describe('predicted graph: calls', () => {
  it('an argument of a func value or an interface method leaks; of a local literal it does not', () => {
    assert.deepEqual(facts(`type I interface{ M(*int) }
func a(f func(*int)) { x := 1; f(&x) }
func b(i I) { y := 2; i.M(&y) }
func c() { z := 3; f := func(p *int) { *p = 1 }; f(&z) }
`), ['a.go:4 moved-to-heap x', 'a.go:5 moved-to-heap y']);
  });

  it("uses the package's functions' summaries: to the heap, to a result, and through dereferences", () => {
    assert.deepEqual(facts(`var sink *int
var sinkv int
func keep(p *int) { sink = p }
func id(p *int) *int { return p }
func deref(pp **int) *int { return *pp }
func a() { x := 1; keep(&x) }
func b() *int { y := 2; return id(&y) }
func c() int { z := 3; return *id(&z) }
func d() { w := 4; pw := &w; sink = deref(&pw) }
`), ['a.go:8 moved-to-heap x', 'a.go:9 moved-to-heap y', 'a.go:11 moved-to-heap w']);
  });

  it('every variadic argument of a leaking variadic parameter is marked, not only the first', () => {
    assert.deepEqual(facts(`var sink *int
func keepAll(xs ...*int) { for _, x := range xs { sink = x } }
func count(xs ...*int) int { return len(xs) }
func a() { x, y := 1, 2; keepAll(&x, &y) }
func b() int { x, y := 1, 2; return count(&x, &y) }
`), ['a.go:6 moved-to-heap x', 'a.go:6 moved-to-heap y']);
  });

  it('a value-receiver method called through a pointer dereferences it', () => {
    assert.deepEqual(facts(`type U struct{ sp *string }
type V struct{ up *U }
var sink *string
func (v V) get() *string { return v.up.sp }
func a() { s := "x"; u := &U{&s}; v := &V{u}; sink = v.get() }
func b() { s := "y"; u := U{&s}; v := &V{&u}; sink = *(&v.up.sp) }
`), ['a.go:7 moved-to-heap s', 'a.go:8 moved-to-heap s']);
  });

  it('append moves appended values to the heap, copy the pointees of copied elements; len does nothing', () => {
    assert.deepEqual(facts(`func a(s []*int) []*int { x := 1; return append(s, &x) }
func b() int { x := 1; s := []*int{&x}; return len(s) }
`, { goVersion: 'go1.19' }), ['a.go:3 moved-to-heap x']);
  });
});

describe('predicted graph: interface calls the compiler cannot devirtualize', () => {
  it('a local interface assigned two concrete types (or read from a map of interfaces) leaks its receiver; one type is devirtualized', () => {
    assert.deepEqual(facts(`type A interface{ A() }
type Impl struct{}
type Impl2 struct{}
func (*Impl) A()  {}
func (*Impl2) A() {}
func a() { var v A = &Impl{}; v = &Impl2{}; v.A() }
func b(m map[int]A) { var v A = &Impl{}; v = m[0]; v.A() }
func c() { var v A = &Impl{}; v.A(); v = &Impl{}; v.A() }
`), ['a.go:8 escapes &Impl{}', 'a.go:8 escapes &Impl2{}', 'a.go:9 escapes &Impl{}']);
  });
});

describe('predicted graph: closures, go and defer', () => {
  it('a deferred closure in a loop escapes with what it captures; outside a loop it does not', () => {
    assert.deepEqual(facts(`func a(xs []int) {
	for _, v := range xs {
		vv := v
		defer func() { vv++; println(vv) }()
	}
}
func b() { n := 0; defer func() { n++; println(n) }() }
`), ['a.go:5 moved-to-heap vv', 'a.go:6 escapes func literal']);
  });

  it('a func literal that captures nothing is reported when it reaches the heap, not when it only outlives a closure', () => {
    assert.deepEqual(facts(`var sink func() int
func a() { sink = func() int { return 1 } }
func b() int {
	foo := func() int { return 1 }
	func(x int) {
		if x > 10 {
			foo = func() int { return 2 }
		}
	}(11)
	return foo()
}
`), ['a.go:4 escapes func literal']);
  });

  it('go f(&x): the wrapper closure captures &x and lives on the heap, whatever f does (Go 1.19 and 1.26)', () => {
    const body = `var sink *int
func keep(p *int) { sink = p }
func look(p *int) int { return *p }
func a() { x, y := 1, 2; go keep(&x); go look(&y) }
`;
    assert.deepEqual(facts(body), ['a.go:6 moved-to-heap x', 'a.go:6 moved-to-heap y']);
    assert.deepEqual(facts(body, { goVersion: 'go1.19.8' }), ['a.go:6 moved-to-heap x', 'a.go:6 moved-to-heap y']);
  });

  it('go/defer-in-loop arguments boxed for an interface parameter are captured boxes; a top-level defer keeps them', () => {
    const body = `func show(p *int, xs ...any) {}
func a(i int) { go show(nil, i, "s") }
func b(i int) { for { defer show(nil, i) } }
func c(i int) { defer show(nil, i) }
`;
    const want = ['a.go:4 escapes i', 'a.go:4 escapes "s"', 'a.go:5 escapes i'];
    assert.deepEqual(facts(body), want);
    assert.deepEqual(facts(body, { goVersion: 'go1.19.8' }), want);
  });

  it('the wrapper builds new(T) and composite literals itself (after Go 1.19), but captures their elements and &T{}', () => {
    const body = `type T struct{ p *int }
func lookP(t *T) {}
func lookT(t T) {}
func look(p *int) {}
func lookS(s []*int) {}
func a() { go look(new(int)); x := 1; go lookT(T{&x}); y := 1; go lookS([]*int{&y}); go lookP(&T{}) }
`;
    assert.deepEqual(facts(body), ['a.go:8 moved-to-heap x', 'a.go:8 moved-to-heap y', 'a.go:8 escapes &T{}']);
    assert.deepEqual(facts(body, { goVersion: 'go1.19.8' }), ['a.go:8 escapes new(int)', 'a.go:8 moved-to-heap x', 'a.go:8 moved-to-heap y', 'a.go:8 escapes &T{}']);
  });

  it('go t.M() of a pointer method captures &t; of a value method a copy of t', () => {
    assert.deepEqual(facts(`type T struct{ n int }
func (t *T) M() {}
func (t T) V() {}
func a() { var t T; go t.M(); var u T; go u.V() }
`), ['a.go:6 moved-to-heap t']);
  });

  it('a type assertion to a value type copies out of the interface: the box stays', () => {
    assert.deepEqual(facts(`var sink any
func a() { var x any = 1; var v int; *(&v) = x.(int); _ = v }
func b() { i := 1; sink = &i }
`), ['a.go:5 moved-to-heap i']);
  });
});
