package progress

import (
	"io"
	"strings"
	"time"
)

// RuneWidth stands in for a display-width function (go-runewidth, uniseg): 0 for zero-width runes.
func RuneWidth(r rune) int {
	if r == '\u200d' {
		return 0
	}
	return 1
}

// Positive (warning): j cycles through the runes; if every rune is zero-width, i never moves.
func pad(width int, chars string) string {
	r := []rune(chars)
	j := 0
	var b strings.Builder
	for i := 0; i < width; { // want "zero-step-loop:warning"
		b.WriteRune(r[j]) // want "unbounded-growth:warning"
		j = (j + 1) % len(r)
		i += RuneWidth(r[j])
	}
	return b.String()
}

// Negative: each rune counts at least one cell.
func padClamped(width int, chars string) string {
	r := []rune(chars)
	j := 0
	var b strings.Builder
	for i := 0; i < width; {
		b.WriteRune(r[j])
		j = (j + 1) % len(r)
		i += max(RuneWidth(r[j]), 1)
	}
	return b.String()
}

type window struct {
	r   io.Reader
	cur []byte
	buf [64]byte
}

func (w *window) refill() {
	n, _ := w.r.Read(w.buf[:])
	w.cur = w.buf[:n]
}

// Positive (warning): at the end of the input the refill leaves cur empty and m is 0.
func (w *window) copyN(out *[]byte, n int) {
	for n > 0 { // want "zero-step-loop:warning"
		m := len(w.cur)
		if m > n {
			m = n
		}
		*out = append(*out, w.cur[:m]...)
		w.cur = w.cur[m:]
		n -= m
		if len(w.cur) == 0 {
			w.refill()
		}
	}
}

// Negative: an empty refill ends the copy.
func (w *window) copyNChecked(out *[]byte, n int) error {
	for n > 0 {
		if len(w.cur) == 0 {
			w.refill()
			if len(w.cur) == 0 {
				return io.ErrUnexpectedEOF
			}
		}
		m := min(len(w.cur), n)
		*out = append(*out, w.cur[:m]...)
		w.cur = w.cur[m:]
		n -= m
	}
	return nil
}

// blockEnd returns the length of the bracketed block at the start of data, or -1 when it is unterminated.
func blockEnd(data []byte, open, close byte) int {
	level := 0
	for i, c := range data {
		switch c {
		case open:
			level++
		case close:
			level--
			if level == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// Positive (warning): on an unterminated block, blockEnd's -1 cancels the i++.
func countKeys(data []byte) int {
	keys := 0
	for i := 0; i < len(data); { // want "non-progressing-loop:warning"
		switch data[i] {
		case '"':
			keys++
		case '[':
			i = blockEnd(data[i:], '[', ']') + i
		}
		i++
	}
	return keys
}

// Negative: the sentinel is checked before it is added.
func countKeysChecked(data []byte) int {
	keys := 0
	for i := 0; i < len(data); {
		switch data[i] {
		case '"':
			keys++
		case '[':
			e := blockEnd(data[i:], '[', ']')
			if e < 0 {
				return keys
			}
			i += e
		}
		i++
	}
	return keys
}

// Positive (error): nothing in the body changes i or len(buf); it only writes elements.
func patch(buf []byte) {
	for i := 0; len(buf)-i > 3; { // want "non-progressing-loop:error"
		if buf[i+3] == 0xeb {
			buf[i] = 0
		}
	}
}

// Negative: writing to a map adds keys, which the condition reads.
func fill(m map[int]bool) {
	for i := 0; len(m) < 8; {
		m[i] = true
		i++
	}
}

// Negative: a Duration method on a constant is a constant.
func minutes(from, to int64) []int64 {
	var out []int64
	for m := from; m < to; m += time.Minute.Milliseconds() {
		out = append(out, m)
	}
	return out
}

// Negative: every caller passes a non-zero constant stride.
func everyNth(items []int, stride int) []int {
	var out []int
	for i := 0; i < len(items); i += stride {
		out = append(out, items[i])
	}
	return out
}

func evens(items []int) []int { return everyNth(items, 2) }

func quads(items []int) []int { return everyNth(items, 4) }

// paragraph returns how many bytes the paragraph at the start of data takes; 0 when it cannot tell.
func paragraph(data []byte) int {
	for i := 0; i+1 < len(data); i++ {
		if data[i] == '\n' && data[i+1] == '\n' {
			return i + 2
		}
	}
	return 0
}

// Positive (warning): paragraph's summary says it can return 0, and the exits read only the data.
func paragraphs(data []byte) [][]byte {
	var out [][]byte
	for len(data) > 0 { // want "zero-step-loop:warning"
		if data[0] == '#' {
			break
		}
		n := paragraph(data)
		out = append(out, data[:n]) // want "unbounded-append:warning"
		data = data[n:]
	}
	return out
}

// Negative: the integer division by step would already have panicked on 0.
func perStep(items []int, step int) []int {
	groups := len(items) / step
	out := make([]int, 0, groups)
	for i := 0; i < len(items); i += step {
		out = append(out, items[i])
	}
	return out
}
