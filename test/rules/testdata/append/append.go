// Package appendloops holds x = append(x, ...) in loops that may never end (unbounded-append; its
// severity follows the loop's), and appends that stay bounded.
//
// Severity choice: a for {} loop with no reachable exit certainly never ends once entered, so
// growth in it is an error, like growth in a loop whose step is certainly 0 -- also when the
// growth sits in a select case or after a continue (the issue: "severity follows the loop").
package appendloops

type store struct {
	items []int
}

var history []string

func use(int) {}

// Positive: a certainly-zero step (error) grows a local declared outside the loop (error).
func literalZero(n int) []int {
	var out []int
	for i := 0; i < n; i += 0 { // want "zero-step-loop:error"
		out = append(out, i) // want "unbounded-append:error"
	}
	return out
}

// Positive: a possibly-zero step (warning) grows a field (warning).
func (s *store) fill(n, step int) {
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		s.items = append(s.items, i) // want "unbounded-append:warning"
	}
}

// Positive: a stuck loop (error) grows a package variable (error).
func record(i, n int, line string) {
	for i < n { // want "non-progressing-loop:error"
		history = append(history, line) // want "unbounded-append:error"
	}
}

// Positive: for {} with no way out at all.
func forever(next func() int) []int {
	var out []int
	for {
		out = append(out, next()) // want "unbounded-append:error"
	}
}

// Positive: the break leaves the select, not the loop -- a classic bug. Error: the loop never
// ends, and every value received grows out.
func breakInSelect(in <-chan int, done <-chan struct{}) []int {
	var out []int
	for {
		select {
		case v := <-in:
			out = append(out, v) // want "unbounded-append:error"
		case <-done:
			break
		}
	}
}

// Positive: continue is not a way out.
func onlyContinue(next func() (int, bool)) []int {
	var out []int
	for {
		v, ok := next()
		if !ok {
			continue
		}
		out = append(out, v) // want "unbounded-append:error"
	}
}

// Positive: the return is inside a function literal, so the loop has no exit.
func returnInLiteral(vals []int) []bool {
	var out []bool
	for {
		valid := func() bool {
			for _, v := range vals {
				if v < 0 {
					return false
				}
			}
			return true
		}()
		out = append(out, valid) // want "unbounded-append:error"
	}
}

// Positive: nested loops count -- the bounded inner loop runs once per endless outer iteration.
func nestedInBounded(n, step int) [][2]int {
	var pairs [][2]int
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		for j := 0; j < 3; j++ {
			pairs = append(pairs, [2]int{i, j}) // want "unbounded-append:warning"
		}
	}
	return pairs
}

// Positive: the endless loop is the inner one (typo: i++ for j++).
func nestedStuck(rows, cols int) [][2]int {
	var pairs [][2]int
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; i++ { // want "non-progressing-loop:error"
			pairs = append(pairs, [2]int{i, j}) // want "unbounded-append:error"
		}
	}
	return pairs
}

// Positive: appending several elements or a spread slice still grows.
func spread(n, step int, chunk []int) []int {
	var out []int
	for i := 0; i < n; i -= step { // want "zero-step-loop:warning"
		out = append(out, chunk...) // want "unbounded-append:warning"
	}
	return out
}

// Positive: the slice is declared outside the loop by var with an initial capacity.
func presized(n int, get func(int) int) []int {
	out := make([]int, 0, 16)
	for i := 0; i < n; i *= 2 { // want "zero-step-loop:error"
		out = append(out, get(i), get(i+1)) // want "unbounded-append:error"
	}
	return out
}

// Negative (for the append; the loop is still reported): reset with x = x[:0] every iteration.
func resetToZeroLength(n, step int) {
	var buf []int
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		buf = buf[:0]
		buf = append(buf, i)
		use(len(buf))
	}
}

// Negative (for the append): reset with x = nil.
func resetToNil(n, step int) {
	var buf []int
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		buf = append(buf, i)
		use(len(buf))
		buf = nil
	}
}

// Negative (for the append): reset with a fresh make.
func resetWithMake(n, step int) {
	var buf []int
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		buf = make([]int, 0, 4)
		buf = append(buf, i)
		use(len(buf))
	}
}

// Negative (for the append): a sliding window, x = x[k:], keeps it bounded.
func window(next func() int) {
	var w []int
	for {
		w = append(w, next())
		if len(w) > 8 {
			w = w[1:]
		}
		use(len(w))
	}
}

// Negative (for the append): the slice is declared inside the loop body.
func declaredInside(n, step int) {
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		var batch []int
		batch = append(batch, i)
		use(len(batch))
	}
}

// Negative: a bounded loop.
func bounded(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// Negative: a range loop.
func ranged(items []string) []string {
	var out []string
	for _, it := range items {
		out = append(out, it)
	}
	return out
}

// Negative: for {} with a conditional return.
func untilLimit(next func() int, limit int) []int {
	var out []int
	for {
		out = append(out, next())
		if len(out) >= limit {
			return out
		}
	}
}

// Negative: for {} with a break when input ends.
func untilEnd(next func() (int, bool)) []int {
	var out []int
	for {
		v, ok := next()
		if !ok {
			break
		}
		out = append(out, v)
	}
	return out
}

// Negative: a labeled break leaves the loop from inside the select.
func labeledSelect(in <-chan int, done <-chan struct{}) []int {
	var out []int
loop:
	for {
		select {
		case v := <-in:
			out = append(out, v)
		case <-done:
			break loop
		}
	}
	return out
}

// Negative: the select's return leaves the loop.
func selectReturn(in <-chan int) []int {
	var out []int
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return out
			}
			out = append(out, v)
		}
	}
}

// Negative: a panic when the slice grows too large.
func panicsWhenFull(next func() int) []int {
	var out []int
	for {
		out = append(out, next())
		if len(out) > 1000 {
			panic("too many")
		}
	}
}

// Negative: goto leaves the loop.
func gotoOut(next func() int) []int {
	var out []int
	for {
		v := next()
		if v < 0 {
			goto done
		}
		out = append(out, v)
	}
done:
	return out
}

// Negative: a non-zero step.
func stepTwo(n int) []int {
	var out []int
	for i := 0; i < n; i += 2 {
		out = append(out, i)
	}
	return out
}

// Negative: an endless loop that does not grow anything.
func serve(next func() int) {
	for {
		use(next())
	}
}
