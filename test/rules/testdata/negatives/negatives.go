// Package negatives holds correct loops that a pattern matcher would flag: library facts, loop
// conditions that make a step non-zero, escaping variables, range and bounded loops. No findings,
// except where a comment says which finding is expected instead of a stronger one.
package negatives

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

func use(int) {}

// Negative: utf8.DecodeRuneInString's size is at least 1 while s is non-empty.
func runesOf(s string) []rune {
	var out []rune
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		out = append(out, r)
		s = s[size:]
	}
	return out
}

// Negative: the same with an index: i < len(s) makes s[i:] non-empty.
func countRunes(s string) int {
	count := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	return count
}

// Negative: the standard-library idiom with the size assigned in the body and used by the post.
func widths(s string) []int {
	var out []int
	var n int
	for i := 0; i < len(s); i += n {
		_, n = utf8.DecodeRuneInString(s[i:])
		out = append(out, n)
	}
	return out
}

// Negative: utf8.DecodeRune on bytes.
func runesOfBytes(p []byte) int {
	count := 0
	for len(p) > 0 {
		_, size := utf8.DecodeRune(p)
		p = p[size:]
		count++
	}
	return count
}

// Negative: utf8.DecodeLastRuneInString from the end.
func lastRunes(s string) int {
	count := 0
	for len(s) > 0 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		count++
	}
	return count
}

// Negative: bytes.IndexByte's result is checked, so i+1 is at least 1.
func splitLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i])
		data = data[i+1:]
	}
	return lines
}

// Negative: strings.IndexByte checked the same way, in an endless loop with a way out.
func fields(s string, sep byte) []string {
	var out []string
	for {
		i := strings.IndexByte(s, sep)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

// Negative: the loop variable is address-taken; scan may advance it.
func addressTakenLoopVar(n, step int, scan func(*int)) {
	for i := 0; i < n; i += step {
		scan(&i)
	}
}

// Warning, not error: step starts at 0 but a goroutine may change it, so 0 is not certain.
func stepChangedByGoroutine(n int, ready chan struct{}) {
	step := 0
	go func() {
		step = 1
		close(ready)
	}()
	<-ready
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Warning, not error: a closure handed to a callback may set step before the loop.
func stepChangedByClosure(n int, configure func(func(int))) {
	step := 0
	configure(func(v int) { step = v })
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Warning, not error: step is address-taken, so something may have set it.
func stepAddressTaken(n int, load func(*int)) {
	step := 0
	load(&step)
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Negative: a step assigned a non-zero value on every path.
func everyPathNonZero(n int, fast bool) {
	var step int
	if fast {
		step = 8
	} else {
		step = 1
	}
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: range loops never hang.
func ranges(items []int, m map[string]int, ch <-chan int) int {
	total := 0
	for _, v := range items {
		total += v
	}
	for _, v := range m {
		total += v
	}
	for v := range ch {
		total += v
	}
	return total
}

// Negative: ordinary bounded loops, up and down.
func bounded(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	for i := n; i > 0; i-- {
		out = append(out, i)
	}
	for i := n - 1; i >= 0; i -= 2 {
		out = append(out, i)
	}
	return out
}

// Negative: a reader loop that stops at io.EOF.
func readAll(r io.Reader) ([]byte, error) {
	var out []byte
	buf := make([]byte, 512)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// Negative: a scanner loop; the condition is a call.
func scanLines(r io.Reader) []string {
	var lines []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

// Negative: a ticker loop that returns when done is closed.
func poll(t *time.Ticker, done <-chan struct{}, sample func() int) []int {
	var samples []int
	for {
		select {
		case <-t.C:
			samples = append(samples, sample())
		case <-done:
			return samples
		}
	}
}

// Negative: a loop over a linked list with the advance in the post.
type node struct {
	v    int
	next *node
}

func sum(head *node) int {
	total := 0
	for n := head; n != nil; n = n.next {
		total += n.v
	}
	return total
}

// Negative: halving towards 0 stops when the value reaches 0.
func bitsOf(x uint) int {
	count := 0
	for ; x > 0; x >>= 1 {
		count++
	}
	return count
}

// Negative: dividing down; n /= 10 moves while n > 0.
func digits(n int) int {
	count := 0
	for n > 0 {
		n /= 10
		count++
	}
	return count
}

// Negative: a retry loop with a bounded attempt count.
func retry(try func() error) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = try(); err == nil {
			return nil
		}
	}
	return err
}

// Negative: an endless worker loop that does not grow anything.
func worker(jobs <-chan func()) {
	for {
		job := <-jobs
		job()
	}
}
