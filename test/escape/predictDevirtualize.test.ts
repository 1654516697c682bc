// Predicted devirtualization (predictDevirtualize.ts): an interface method call the compiler cannot
// make direct leaks its receiver; one it can is a call of the concrete method. Each case has a shape
// where the value escapes and a near miss where it stays, as Go 1.26's and Go 1.19's -m output say
// for these very sources (devirtualization.go in $GOROOT/test has more of them).
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { PackagePredictOptions } from '../../server/src/escape/predictPackage';
import { createGoParser, type Parser, type Tree } from '../../server/src/parser';
import { predictLines } from './predictLines';

let parser: Parser;
const trees: Tree[] = [];
before(async () => { parser = await createGoParser(); });
after(() => { trees.forEach((t) => t.delete()); parser.delete(); });

const GO126: PackagePredictOptions = { goVersion: 'go1.26.8' };
const GO119: PackagePredictOptions = { goVersion: 'go1.19.8' };

const TYPES = `type A interface{ A() }
type Impl struct{ n int }
type Impl2 struct{ n int }
func (*Impl) A()  {}
func (*Impl2) A() {}
`;

/** Facts of `package p` + TYPES + body; the body's first line is line 8. */
const facts = (body: string, options = GO126): string[] =>
  predictLines(parser, trees, { 'a.go': `package p\n\n${TYPES}${body}` }, options);

describe('predicted devirtualization (Go 1.26: every assignment must agree on one concrete type)', () => {
  it('two concrete types assigned to a local: the call stays indirect and both values escape; one type twice is devirtualized', () => {
    const body = `func two(c bool) { var a A = &Impl{}; if c { a = &Impl2{} }; a.A() }
func same(c bool) { var a A = &Impl{}; if c { a = &Impl{} }; a.A() }
`;
    assert.deepEqual(facts(body), ['a.go:8 escapes &Impl{}', 'a.go:8 escapes &Impl2{}']);
  });

  it('a value read from a map of interfaces is not followed; one read from a map of *Impl is an *Impl', () => {
    assert.deepEqual(facts(`func iface(m map[int]A) { var a A = &Impl{}; a = m[0]; a.A() }
func concrete(m map[int]*Impl) { var a A = &Impl{}; a = m[0]; a.A() }
`), ['a.go:8 escapes &Impl{}']);
  });

  it('a local whose address is taken may be changed through the pointer: not devirtualized', () => {
    assert.deepEqual(facts(`func taken() { var a A = &Impl{}; p := &a; _ = p; a.A() }
func kept() { var a A = &Impl{}; b := a; _ = b; a.A() }
`), ['a.go:8 escapes &Impl{}']);
  });

  it('the interface result of a //go:noinline function is unknown; an inlined `return &Impl{}` is an *Impl', () => {
    assert.deepEqual(facts(`//go:noinline
func opaque() A { return &Impl{} }
func fresh() A { return &Impl{} }
func a() { var a A = &Impl{}; a = opaque(); a.A() }
func b() { var b A = &Impl{}; b = fresh(); b.A() }
`), ['a.go:9 escapes &Impl{}', 'a.go:10 escapes &Impl{}', 'a.go:11 escapes &Impl{}']);
  });

  it('a type without the method is not asserted to (the box escapes); one with it is called directly', () => {
    assert.deepEqual(facts(`func bad() { any(0).(interface{ A() }).A() }
func good() { any(&Impl{}).(A).A() }
`), ['a.go:8 escapes 0']);
  });

  it('a devirtualized call leaks what the concrete method leaks', () => {
    assert.deepEqual(facts(`var sink any
type Leaky struct{ n int }
func (p *Leaky) A() { sink = p }
func leaks() { var a A = &Leaky{}; a.A() }
func stays() { var b A = &Impl{}; b.A() }
`), ['a.go:11 escapes &Leaky{}']);
  });

  it('a named result is not a local the devirtualizer follows; a plain local is', () => {
    assert.deepEqual(facts(`func named() (v A) { v = &Impl{}; v.A(); return }
func local() A { var v A = &Impl{}; v.A(); return nil }
`), ['a.go:8 escapes &Impl{}']);
  });
});

describe('predicted devirtualization before Go 1.26 (a never-reassigned local initialised by a conversion)', () => {
  it('a reassigned local is not followed even when the type is the same; an untouched one is', () => {
    assert.deepEqual(facts(`func re(c bool) { var a A = &Impl{}; if c { a = &Impl{} }; a.A() }
func once() { var b A = &Impl{}; b.A() }
`, GO119), ['a.go:8 escapes &Impl{}', 'a.go:8 escapes &Impl{}']);
  });

  it('a local initialised by a type assertion is not followed; one initialised by another such local is', () => {
    assert.deepEqual(facts(`func asserted() { var a A = &Impl{}; v := a.(A); v.A() }
func chained() { var a A = &Impl{}; v := a; v.A() }
`, GO119), ['a.go:8 escapes &Impl{}']);
  });
});
