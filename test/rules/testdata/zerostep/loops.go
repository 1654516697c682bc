// Package zerostep holds loops whose variable is updated on every iteration, but possibly by
// nothing: zero-step-loop, error when the step is certainly 0, warning when nothing rules 0 out.
// None of these loops grows memory, so zero-step-loop is the only finding.
package zerostep

import (
	"encoding/binary"
	"time"
)

type config struct {
	stride int
}

func use(int) {}

// Positive (error): the step is the literal 0.
func literalZero(n int) {
	for i := 0; i < n; i += 0 { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): a local assigned 0 that reaches the loop unchanged.
func localZero(n int) {
	step := 0
	for i := 0; i < n; i += step { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): a function-local constant that is 0.
func localConst(n int) {
	const none = 0
	for i := 0; i < n; i += none { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (warning): a parameter may be 0.
func paramStep(n, step int) {
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (warning): counting down by a parameter with -=.
func countDown(n, s int) {
	for i := n; i > 0; i -= s { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (warning): `i = i + s` with s a struct field.
func fieldStep(c *config, n int) {
	for i := 0; i < n; i = i + c.stride { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (error): multiplying from a start that is certainly 0.
func mulFromZero(limit int) {
	for v := 0; v < limit; v *= 2 { // want "zero-step-loop:error"
		use(v)
	}
}

// Positive (error): shifting from a start that is certainly 0.
func shiftFromZero(limit int) {
	for v := 0; v < limit; v <<= 1 { // want "zero-step-loop:error"
		use(v)
	}
}

// Positive (error): multiplying by 1 never moves.
func mulByOne(limit int) {
	for v := 1; v < limit; v *= 1 { // want "zero-step-loop:error"
		use(v)
	}
}

// Positive (warning): a start of 1 is fine, but the factor may be 1 (or 0) -- the design's
// "v *= k moves unless v may be 0 or k may be 1".
func mulByParam(limit, k int) {
	for v := 1; v < limit; v *= k { // want "zero-step-loop:warning"
		use(v)
	}
}

// Positive (warning): shifting by a parameter that may be 0.
func shiftByParam(limit int, k uint) {
	for v := 1; v < limit; v <<= k { // want "zero-step-loop:warning"
		use(v)
	}
}

// Positive (warning): t = t.Add(d) with d a parameter.
func timeAdd(start, end time.Time, d time.Duration) {
	for t := start; t.Before(end); t = t.Add(d) { // want "zero-step-loop:warning"
		use(t.Second())
	}
}

// Positive (error): t.Add(0).
func timeAddZero(start, end time.Time) {
	for t := start; t.Before(end); t = t.Add(0) { // want "zero-step-loop:error"
		use(t.Second())
	}
}

// Positive (warning): AddDate with a day count that may be 0.
func addDate(start, end time.Time, days int) {
	for t := start; t.Before(end); t = t.AddDate(0, 0, days) { // want "zero-step-loop:warning"
		use(t.Day())
	}
}

// Positive (error): AddDate(0, 0, 0).
func addDateZero(start, end time.Time) {
	for t := start; t.Before(end); t = t.AddDate(0, 0, 0) { // want "zero-step-loop:error"
		use(t.Day())
	}
}

func consumed(data []byte) int { return len(data) / 2 }

// Positive (warning): data = data[n:] with n a call result, in a len(data) > 0 loop.
func reslice(data []byte) {
	for len(data) > 0 { // want "zero-step-loop:warning"
		n := consumed(data)
		data = data[n:]
	}
}

// Positive (warning): off += n with n read from the input (a length byte that may be 0).
func lengthByte(buf []byte) {
	off := 0
	for off < len(buf) { // want "zero-step-loop:warning"
		n := int(buf[off])
		off += n
	}
}

// Positive (warning): a length decoded with encoding/binary may be 0.
func decodedLength(buf []byte) {
	for len(buf) >= 2 { // want "zero-step-loop:warning"
		size := binary.BigEndian.Uint16(buf)
		buf = buf[size:]
	}
}

// Positive (warning): integer division may round down to 0.
func divided(items []int, parts int) {
	step := len(items) / parts
	for i := 0; i < len(items); i += step { // want "zero-step-loop:warning"
		use(items[i])
	}
}

// Positive (warning): dividing a length by a constant: 0 for short inputs.
func quarter(items []int) {
	step := len(items) / 4
	for i := 0; i < len(items); i += step { // want "zero-step-loop:warning"
		use(items[i])
	}
}

// Positive (warning): a difference may be 0.
func difference(total, header int) {
	step := total - header
	for i := 0; i < total; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (warning): len(x) may be 0.
func lengthStep(s, sep string) {
	for i := 0; i < len(s); i += len(sep) { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (warning): a map lookup yields 0 for a missing key.
func mapLookup(cfg map[string]int, n int) {
	step := cfg["step"]
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (warning): a value received from a channel.
func received(steps <-chan int, n int) {
	step := <-steps
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (warning): one path to the loop leaves the step at 0.
func onePathZero(n int, fast bool) {
	step := 0
	if fast {
		step = 4
	}
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (warning): both the post and the body update i, and both may add 0.
func twoUpdates(n, a, b int) {
	for i := 0; i < n; i += a { // want "zero-step-loop:warning"
		i += b
	}
}

// Negative: a non-zero literal step.
func literalTwo(n int) {
	for i := 0; i < n; i += 2 {
		use(i)
	}
}

// Negative: doubling from 1.
func doubling(limit int) {
	for v := 1; v < limit; v *= 2 {
		use(v)
	}
}

// Negative: shifting from 1.
func shifting(limit int) {
	for v := 1; v < limit; v <<= 1 {
		use(v)
	}
}

// Negative: a library constant step (time.Minute).
func everyMinute(start, end time.Time) {
	for t := start; t.Before(end); t = t.Add(time.Minute) {
		use(t.Minute())
	}
}

// Negative: a month at a time.
func monthly(start, end time.Time) {
	for t := start; t.Before(end); t = t.AddDate(0, 1, 0) {
		use(t.Day())
	}
}

// Negative: a local assigned a non-zero constant.
func localFour(n int) {
	step := 4
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: data = data[1:] always moves.
func dropFirst(data []byte) {
	for len(data) > 0 {
		use(int(data[0]))
		data = data[1:]
	}
}
