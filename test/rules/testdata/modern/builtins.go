package modern

// Positive: a map that is never cleared grows in an endless loop (a map: warning).
func keepAll(keys <-chan string) {
	seen := map[string]bool{}
	for {
		k := <-keys
		seen[k] = true // want "unbounded-growth:warning"
	}
}

// Negative: clear(m) in the body resets the map's growth, as `m = map[string]bool{}` does.
func keepRecent(keys <-chan string) {
	seen := map[string]bool{}
	for {
		k := <-keys
		seen[k] = true
		if len(seen) > 100 {
			clear(seen)
		}
	}
}

// Positive: clear(s) on a slice zeroes its elements but keeps its length, so appends go on growing it.
func clearedSliceGrows(in <-chan int) {
	var buf []int
	for {
		buf = append(buf, <-in) // want "unbounded-append:error"
		if len(buf) > 100 {
			clear(buf)
		}
	}
}

// Negative: buf = buf[:0] resets the slice's length.
func truncatedSlice(in <-chan int) {
	var buf []int
	for {
		buf = append(buf, <-in)
		if len(buf) > 100 {
			buf = buf[:0]
		}
	}
}

// Positive: after clear(steps) every element is 0, so a step of steps[0] certainly never moves.
func clearedStep(steps []int, n int) int {
	clear(steps)
	total := 0
	for i := 0; i < n; i += steps[0] { // want "zero-step-loop:error"
		total++
	}
	return total
}

// Negative: an element written after the clear is no longer known to be 0.
func clearedThenSet(steps []int, n int) int {
	clear(steps)
	steps[0] = 1
	total := 0
	for i := 0; i < n; i += steps[0] {
		total++
	}
	return total
}

// Negative: a slice handed to a function after the clear may have been refilled.
func clearedThenFilled(steps []int, n int) int {
	clear(steps)
	fill(steps)
	total := 0
	for i := 0; i < n; i += steps[0] {
		total++
	}
	return total
}

func fill(s []int) {
	for i := range s {
		s[i] = i + 1
	}
}

// Negative: max with several arguments, one of them 1, is at least 1.
func maxOfThree(n, a, b int) int {
	total := 0
	for i := 0; i < n; i += max(a, b, 1) {
		total++
	}
	return total
}

// Negative: nested min and max clamp the step to 1…8.
func clampedStep(n, a int) int {
	total := 0
	for i := 0; i < n; i += min(max(a, 1), 8) {
		total++
	}
	return total
}

// Positive: min of a caller's value and a constant can still be 0 (a caller's a).
func minCanBeZero(n, a int) int {
	total := 0
	for i := 0; i < n; i += min(a, 8, 16) { // want "zero-step-loop:warning"
		total++
	}
	return total
}

// Positive: max of values that can all be 0 is 0 (certainly, with two zero constants).
func maxOfZeros(n int) int {
	total := 0
	for i := 0; i < n; i += max(0, min(0, 4)) { // want "zero-step-loop:error"
		total++
	}
	return total
}
