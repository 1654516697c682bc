// Package guards holds loops whose step could be 0 if it were not for a guard, a clamp, the loop
// condition or arithmetic that rules 0 out. Every loop here is correct: no findings.
package guards

import (
	"errors"
	"log"
	"os"
	"time"
)

func use(int) {}

var errStep = errors.New("step must be positive")

// Negative: if step <= 0 { return } dominates the loop.
func returnGuard(n, step int) {
	if step <= 0 {
		return
	}
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: the guard returns an error.
func errorGuard(n, step int) error {
	if step == 0 {
		return errStep
	}
	for i := 0; i < n; i += step {
		use(i)
	}
	return nil
}

// Negative: if step == 0 { step = 1 } replaces the zero.
func defaultGuard(n, step int) {
	if step == 0 {
		step = 1
	}
	for i := 0; i < n; i += step {
		use(i)
	}
}

const defaultSize = 64

// Negative: a non-positive size falls back to a non-zero constant.
func defaultConst(items []int, size int) {
	if size <= 0 {
		size = defaultSize
	}
	for i := 0; i < len(items); i += size {
		use(items[i])
	}
}

// Negative: if step < 1 { panic(...) }.
func panicGuard(n, step int) {
	if step < 1 {
		panic("step < 1")
	}
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: log.Fatal never returns.
func fatalGuard(n, step int) {
	if step <= 0 {
		log.Fatalf("bad step %d", step)
	}
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: os.Exit never returns.
func exitGuard(n, step int) {
	if step == 0 {
		os.Exit(2)
	}
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: continue skips zero steps in an outer loop.
func continueGuard(n int, steps []int) {
	for _, s := range steps {
		if s <= 0 {
			continue
		}
		for i := 0; i < n; i += s {
			use(i)
		}
	}
}

// Negative: the loop is inside the branch where step > 0.
func insideBranch(n, step int) {
	if step > 0 {
		for i := 0; i < n; i += step {
			use(i)
		}
	}
}

// Negative: the loop condition itself requires a positive step.
func conditionGuard(n, step int) {
	for i := 0; step > 0 && i < n; i += step {
		use(i)
	}
}

// Negative: width < 8 returns, so width - 7 is at least 1.
func subtractionGuard(n, width int) {
	if width < 8 {
		return
	}
	step := width - 7
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: a guarded start and factor: lo >= 1 and factor >= 2.
func mulGuard(lo, hi, factor int) []int {
	if lo <= 0 || factor <= 1 {
		return nil
	}
	var out []int
	for v := lo; v < hi; v *= factor {
		out = append(out, v)
	}
	return out
}

// Negative: a guarded time step.
func timeGuard(from, to time.Time, step time.Duration) int {
	if step <= 0 {
		return 0
	}
	count := 0
	for t := from; t.Before(to); t = t.Add(step) {
		count++
	}
	return count
}

func parse([]byte) int { return 1 }

// Negative: the body breaks before a zero (or negative) n reaches data = data[n:].
func breakBeforeReslice(data []byte) {
	for len(data) > 0 {
		n := parse(data)
		if n <= 0 {
			break
		}
		data = data[n:]
	}
}

// Negative: the body returns on n == 0 (n is a length, so it is otherwise at least 1).
func returnOnZero(data []byte, dst []byte) {
	for len(data) > 0 {
		n := copy(dst, data)
		if n == 0 {
			return
		}
		data = data[n:]
	}
}

// Negative: 1 + a byte is never 0.
func onePlusByte(buf []byte) int {
	count := 0
	for off := 0; off < len(buf); off += 1 + int(buf[off]) {
		count++
	}
	return count
}

// Negative: type-length-value records: the header adds 2 to a length byte.
func tlv(buf []byte) int {
	count, off := 0, 0
	for off+1 < len(buf) {
		n := int(buf[off+1])
		off += 2 + n
		count++
	}
	return count
}

// Negative: len(sep) + 1 is at least 1.
func sepPlusOne(s, sep string) int {
	count := 0
	for i := 0; i < len(s); i += len(sep) + 1 {
		count++
	}
	return count
}

// Negative: the update in the body moves i even when the post's step is 0.
func bodyUpdate(n, step int) {
	for i := 0; i < n; i += step {
		use(i)
		i++
	}
}

// Negative: an always-moving update in the body beside a while-style condition.
func bodyUpdateWhile(n, skip int) {
	i := 0
	for i < n {
		i += skip
		i++
	}
}
