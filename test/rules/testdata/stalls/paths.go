// Package stalls holds loops that stall on one path or at one exit: a path that changes nothing the
// condition reads, exits that cannot fire when the state repeats, reads whose error is discarded,
// and exits that can never be taken when a caller's value is 0 — with the near misses that progress.
package stalls

import (
	"errors"
	"io"
	"syscall"
)

type frameParser struct{ strict bool }

func (p *frameParser) parseType(b []byte) (kind, size int, err error) {
	if len(b) == 0 {
		return 0, 0, io.EOF
	}
	if b[0] == 0 {
		return 0, 1, io.EOF
	}
	return int(b[0]), int(b[0]>>4) + 1, nil
}

// Positive: the EOF branch continues without consuming the frame, so the same bytes are parsed again.
func countFrames(data []byte) int {
	p := &frameParser{}
	n := 0
	for len(data) > 0 { // want "non-progressing-loop:warning"
		kind, size, err := p.parseType(data)
		if err != nil {
			if err == io.EOF {
				continue
			}
			break
		}
		data = data[size:]
		n += kind
	}
	return n
}

// Negative: the EOF branch consumes the padding byte before it continues.
func countFramesSkipping(data []byte) int {
	p := &frameParser{}
	n := 0
	for len(data) > 0 {
		kind, size, err := p.parseType(data)
		if err != nil {
			if err == io.EOF {
				data = data[1:]
				continue
			}
			break
		}
		data = data[size:]
		n += kind
	}
	return n
}

// Positive: a queue whose already-seen branch forgets to pop.
func drain(queue []int, seen map[int]bool) int {
	visited := 0
	for len(queue) > 0 { // want "non-progressing-loop:warning"
		x := queue[0]
		if seen[x] {
			continue
		}
		seen[x] = true
		queue = queue[1:]
		visited++
	}
	return visited
}

// Positive: a skip-spaces loop that advances only on spaces.
func firstWord(s string) int {
	i := 0
	for i < len(s) { // want "non-progressing-loop:warning"
		if s[i] == ' ' {
			i++
		}
	}
	return i
}

// Negative: every path advances (the continue path too).
func skipSpaces(s string) int {
	i, words := 0, 0
	for i < len(s) {
		if s[i] == ' ' {
			i++
			continue
		}
		words++
		i += 2
	}
	return words
}

// Negative: the decision restates the loop condition; with remaining > 0 false the loop has ended.
func batches(jobs []int, size int) [][]int {
	var out [][]int
	done := 0
	for done != len(jobs) {
		if remaining := len(jobs) - done; remaining > 0 {
			n := min(remaining, max(size, 1))
			out = append(out, jobs[done:done+n])
			done += n
		}
	}
	return out
}

// Negative: retrying after EINTR waits for the world to change, not for the loop's state.
func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := syscall.Write(fd, b)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

type generator struct{ seeded bool }

func (g *generator) generate(b []byte) bool { return !g.seeded && len(b) > 0 }

func (g *generator) reseed() { g.seeded = true }

// Negative: the continue path reseeds the generator the decision asks, so the next decision differs.
func fill(g *generator, b []byte) {
	for len(b) > 0 {
		if g.generate(b) {
			g.reseed()
			continue
		}
		b = b[1:]
	}
}

// Negative: a decision on a value read from a channel changes by itself.
func consume(ch <-chan int, pending []int) []int {
	for len(pending) > 0 {
		if v := <-ch; v < 0 {
			continue
		}
		pending = pending[1:]
	}
	return pending
}

var errShort = errors.New("short")
