// Package modern holds loops written with Go 1.21–1.23 features: range over an integer, range over
// iterator functions, the min, max and clear builtins, and generic functions and methods.
package modern

func use(int) {}

// Negative: `for i := range n` ends after n iterations; it is never a loop that may not end.
func rangeOverInt(n int) []int {
	var out []int
	for i := range n {
		out = append(out, i)
	}
	return out
}

// Negative: `for range n` without a variable ends too.
func rangeOverIntNoVar(n int) int {
	total := 0
	for range n {
		total++
	}
	return total
}

// Negative: i is 0…7 in `range 8`, so 8 - i is 1…8 and never 0.
func rangeIntBounds(m int) int {
	total := 0
	for i := range 8 {
		step := 8 - i
		for j := 0; j < m; j += step {
			total++
		}
	}
	return total
}

// Negative: inside `for i := range n`, n - i is at least 1 (i counts below n).
func rangeIntRemaining(n, m int) int {
	total := 0
	for i := range n {
		for j := 0; j < m; j += n - i {
			total++
		}
	}
	return total
}

// Negative: the body of `for range n` runs only when n ≥ 1, so a step of n is not 0 there.
func rangeIntEntered(n, m int) int {
	total := 0
	for range n {
		for j := 0; j < m; j += n {
			total++
		}
	}
	return total
}

// Positive: i starts at 0 in `range n`, so a step of i is 0 in the first iteration (a caller's n).
func rangeIntIndexStep(n, m int) int {
	total := 0
	for i := range n {
		for j := 0; j < m; j += i { // want "zero-step-loop:warning"
			total++
		}
	}
	return total
}

// Positive: the same step outside any range loop, where nothing keeps n from 0.
func stepOutsideRange(n, m int) int {
	total := 0
	for j := 0; j < m; j += n { // want "zero-step-loop:warning"
		total++
	}
	return total
}
