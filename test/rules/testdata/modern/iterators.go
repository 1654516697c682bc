package modern

import (
	"iter"
	"slices"
)

// naturals yields 0, 1, 2, … forever: its only way out is the consumer saying stop.
func naturals() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; ; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

// pairs yields forever as an iter.Seq2.
func pairs() iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		n := 0
		for {
			if !yield(n, "x") {
				return
			}
			n++
		}
	}
}

// ticks is itself an iterator (ranged over without a call) that yields forever.
func ticks(yield func(int) bool) {
	for {
		if !yield(1) {
			return
		}
	}
}

// repeat is a generic iterator that yields v forever.
func repeat[T any](v T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for {
			if !yield(v) {
				return
			}
		}
	}
}

// upTo ends: its loop has a bound.
func upTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

// ofSlice ends: it ranges over a slice.
func ofSlice(s []int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

// untilDone ends when the channel closes: its loop has a way out of its own.
func untilDone(ch <-chan int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for {
			v, ok := <-ch
			if !ok {
				return
			}
			if !yield(v) {
				return
			}
		}
	}
}

// maybeEmpty may return before its loop starts.
func maybeEmpty(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		if n == 0 {
			return
		}
		for {
			if !yield(n) {
				return
			}
		}
	}
}

// Ring is a generic type whose All method yields its items round and round forever.
type Ring[T any] struct{ items []T }

func (r *Ring[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for i := 0; ; i++ {
			if !yield(r.items[i%len(r.items)]) {
				return
			}
		}
	}
}

// Positive: an endless iterator ranged over with an append and no break grows forever (certain: error).
func collectNaturals() []int {
	var out []int
	for v := range naturals() { // want "non-progressing-loop:warning"
		out = append(out, v) // want "unbounded-append:error"
	}
	return out
}

// Positive: the same over an iter.Seq2, growing a map under changing keys (a map: warning).
func collectPairs() map[int]string {
	m := map[int]string{}
	for k, v := range pairs() { // want "non-progressing-loop:warning"
		m[k] = v // want "unbounded-growth:warning"
	}
	return m
}

// Positive: a function that is itself the iterator, ranged over as a value.
func collectTicks() []int {
	var out []int
	for v := range ticks { // want "non-progressing-loop:warning"
		out = append(out, v) // want "unbounded-append:error"
	}
	return out
}

// Positive: a generic iterator instantiated explicitly and implicitly.
func collectRepeats() ([]int, []string) {
	var a []int
	var b []string
	for v := range repeat[int](1) { // want "non-progressing-loop:warning"
		a = append(a, v) // want "unbounded-append:error"
	}
	for v := range repeat("x") { // want "non-progressing-loop:warning"
		b = append(b, v) // want "unbounded-append:error"
	}
	return a, b
}

// Positive: an iterator held in a local, and one written as a func literal.
func collectLocals() []int {
	var out []int
	seq := naturals()
	for v := range seq { // want "non-progressing-loop:warning"
		out = append(out, v) // want "unbounded-append:error"
	}
	gen := func(yield func(int) bool) {
		for {
			if !yield(7) {
				return
			}
		}
	}
	for v := range gen { // want "non-progressing-loop:warning"
		out = append(out, v) // want "unbounded-append:error"
	}
	return out
}

// Positive: a method of a generic type that yields forever.
func collectRing(r *Ring[string]) []string {
	var out []string
	for v := range r.All() { // want "non-progressing-loop:warning"
		out = append(out, v) // want "unbounded-append:error"
	}
	return out
}

// Negative: a range body that breaks stops the endless iterator.
func firstTen() []int {
	var out []int
	for v := range naturals() {
		if v >= 10 {
			break
		}
		out = append(out, v)
	}
	return out
}

// Negative: a range body that returns stops it too.
func findFirst(want int) int {
	for v := range naturals() {
		if v == want {
			return v
		}
	}
	return -1
}

// Negative: iterators that end on their own (a bound, a slice, a closed channel, an early return).
func collectEnding(n int, s []int, ch <-chan int) []int {
	var out []int
	for v := range upTo(n) {
		out = append(out, v)
	}
	for v := range ofSlice(s) {
		out = append(out, v)
	}
	for v := range untilDone(ch) {
		out = append(out, v)
	}
	for v := range maybeEmpty(n) {
		out = append(out, v)
	}
	return out
}

// Negative: an imported iterator is not guessed about (slices.Values ends with its slice).
func collectImported(s []int) []int {
	var out []int
	for v := range slices.Values(s) {
		out = append(out, v)
	}
	return out
}

// Negative: a local that holds an iterator only sometimes endless is not trusted.
func collectReassigned(n int) []int {
	var out []int
	seq := naturals()
	if n > 0 {
		seq = upTo(n)
	}
	for v := range seq {
		out = append(out, v)
	}
	return out
}

// Cycle.Items yields forever, but Bag.Items returns a slice: a method is known only by its name, so
// a range over x.Items() is trusted to be endless only when every Items of the package is.
type Cycle struct{ n int }

func (c *Cycle) Items() iter.Seq[int] {
	return func(yield func(int) bool) {
		for {
			if !yield(c.n) {
				return
			}
		}
	}
}

// Bag holds items in a slice.
type Bag struct{ items []int }

func (b *Bag) Items() []int { return b.items }

// Negative: Items is ambiguous by name (Bag.Items ends), so neither range is judged.
func collectItems(b *Bag, c *Cycle) []int {
	var out []int
	for _, v := range b.Items() {
		out = append(out, v)
	}
	for v := range c.Items() {
		out = append(out, v)
	}
	return out
}

// loud yields forever and panics when the consumer stops: still only the consumer can stop it.
func loud() iter.Seq[int] {
	return func(yield func(int) bool) {
		for {
			if !yield(1) {
				panic("stopped")
			}
		}
	}
}

// fragile panics on its own after a while: it can end without the consumer.
func fragile(limit int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; ; i++ {
			if i > limit {
				panic("too many")
			}
			if !yield(i) {
				return
			}
		}
	}
}

// Positive: the panicking-on-stop iterator never ends without a break.
func collectLoud() []int {
	var out []int
	for v := range loud() { // want "non-progressing-loop:warning"
		out = append(out, v) // want "unbounded-append:error"
	}
	return out
}

// Negative: an iterator with a panic of its own ends (badly), so its range is not judged.
func collectFragile(limit int) []int {
	var out []int
	for v := range fragile(limit) {
		out = append(out, v)
	}
	return out
}
