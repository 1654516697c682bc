// Package growth holds other unbounded growth in loops that may never end (unbounded-growth):
// map inserts with changing keys, string concatenation, strings.Builder and bytes.Buffer writes.
// Severity follows the loop's.
package growth

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

type node struct {
	Name string
	Next *node
}

func use(int) {}

// Positive: a map insert whose key changes every iteration, in an endless loop.
func assignIDs(next func() string) map[int]string {
	m := map[int]string{}
	id := 0
	for {
		m[id] = next() // want "unbounded-growth:warning"
		id++
	}
}

// Positive: a key from a call counts as changing.
func byCallKey(nextID func() string, v int) map[string]int {
	m := make(map[string]int)
	for {
		m[nextID()] = v // want "unbounded-growth:warning"
	}
}

// Positive: s += on a string in a loop whose step may be 0.
func dots(n, step int) string {
	s := ""
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		s += "." // want "unbounded-growth:warning"
	}
	return s
}

// Positive: s = s + x is the same concatenation, in a stuck list walk.
func names(n *node) string {
	var s string
	for n != nil { // want "non-progressing-loop:error"
		s = s + n.Name // want "unbounded-growth:error"
	}
	return s
}

// Positive: strings.Builder.WriteString in a stuck loop.
func builder(i, n int) string {
	var b strings.Builder
	for i < n { // want "non-progressing-loop:error"
		b.WriteString("x") // want "unbounded-growth:error"
	}
	return b.String()
}

// Positive: strings.Builder.WriteRune, the builder passed in by pointer.
func runes(b *strings.Builder, r rune) {
	for {
		b.WriteRune(r) // want "unbounded-growth:error"
	}
}

// Positive: bytes.Buffer.Write in an endless loop.
func buffer(chunk []byte) []byte {
	var buf bytes.Buffer
	for {
		buf.Write(chunk) // want "unbounded-growth:error"
	}
}

// Positive: bytes.Buffer.WriteByte in a loop whose step may be 0.
func bytesOut(n, step int) []byte {
	var buf bytes.Buffer
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		buf.WriteByte('a') // want "unbounded-growth:warning"
	}
	return buf.Bytes()
}

// Positive: fmt.Fprintf into a strings.Builder, in a loop whose step is certainly 0.
func formatted(n int) string {
	var b strings.Builder
	for i := 0; i < n; i += 0 { // want "zero-step-loop:error"
		fmt.Fprintf(&b, "%d,", i) // want "unbounded-growth:error"
	}
	return b.String()
}

// Positive: fmt.Fprintln into a bytes.Buffer, in an endless loop.
func lines(next func() string) string {
	var buf bytes.Buffer
	for {
		fmt.Fprintln(&buf, next()) // want "unbounded-growth:error"
	}
}

// Negative: a constant key overwrites one entry.
func lastValue(next func() string) {
	m := map[string]string{}
	for {
		m["last"] = next()
		use(len(m))
	}
}

// Negative (for the growth; the loop is still reported): when the step is 0, i does not change,
// so the key does not change either and the map holds one entry.
func keyIsStuckVariable(n, step int) map[int]bool {
	seen := map[int]bool{}
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		seen[i] = true
	}
	return seen
}

// Negative: a builder declared inside the loop.
func builderInside(next func() string) {
	for {
		var b strings.Builder
		b.WriteString(next())
		use(b.Len())
	}
}

// Negative: the builder is reset every iteration.
func builderReset(next func() string) {
	var b strings.Builder
	for {
		b.Reset()
		b.WriteString(next())
		use(b.Len())
	}
}

// Negative: the buffer is reset every iteration.
func bufferReset(next func() []byte) {
	var buf bytes.Buffer
	for {
		buf.Reset()
		buf.Write(next())
		use(buf.Len())
	}
}

// Negative: the string is reset every iteration.
func stringReset(next func() string) {
	s := ""
	for {
		s = ""
		s += next()
		use(len(s))
	}
}

// Negative: the map is replaced every iteration.
func mapReset(next func() int) {
	m := map[int]bool{}
	for {
		m = make(map[int]bool)
		m[next()] = true
		use(len(m))
	}
}

// Negative: the inserted key is deleted again.
func insertDelete(next func() int) {
	m := map[int]bool{}
	id := 0
	for {
		m[id] = true
		use(next())
		delete(m, id)
		id++
	}
}

// Negative: growth in a bounded loop.
func boundedGrowth(n int) (string, map[int]int) {
	s := ""
	m := map[int]int{}
	for i := 0; i < n; i++ {
		s += "."
		m[i] = i
	}
	return s, m
}

// Negative: growth in a range loop.
func rangedGrowth(words []string) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
	}
	return b.String()
}

// Negative: an endless loop with a way out.
func untilEmpty(next func() string) string {
	s := ""
	for {
		v := next()
		if v == "" {
			return s
		}
		s += v
	}
}

// Negative: adding to an integer is not growth.
func counter(next func() int) {
	total := 0
	for {
		total += next()
		use(total)
	}
}

// Negative: writing to an io.Writer does not grow anything we can see.
func stream(w io.Writer, next func() string) {
	for {
		fmt.Fprintf(w, "%s\n", next())
	}
}
