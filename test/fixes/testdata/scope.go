package fixes

func use(int) {}

// A step declared by the loop itself: a guard before the loop could not see it.
func ownStep(n int) {
	for i, step := 0, n/10; i < n; i += step {
		use(i)
	}
}

// The bound is declared after the slice: make at the slice's declaration cannot use it yet.
func boundAfter(xs []int, step int) []int {
	var out []int
	n := len(xs)
	for i := 0; i < n; i += step {
		out = append(out, xs[i])
	}
	return out
}

// An enclosing loop's variable as the step: clamping it would change the outer loop.
func outerIndex(n, m int) int {
	total := 0
	for i := 0; i < n; i++ {
		for j := 0; j < m; j += i {
			total++
		}
	}
	return total
}

// A guard that only logs is already there: a second `if step <= 0` would repeat it.
func logged(n, step int) {
	if step <= 0 {
		println("step must be positive")
	}
	for i := 0; i < n; i += step {
		use(i)
	}
}

// A parameter named fmt hides the package: the guard's error cannot be built.
func format(fmt string, xs []int, step int) ([]int, error) {
	var out []int
	for i := 0; i < len(xs); i += step {
		out = append(out, xs[i])
	}
	return out, nil
}
