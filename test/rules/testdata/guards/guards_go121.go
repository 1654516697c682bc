//go:build go1.21

package guards

// Negative: x = max(x, 1), the Go 1.21 builtin, clamps the step to at least 1.
func maxClamp(n, step int) {
	step = max(step, 1)
	for i := 0; i < n; i += step {
		use(i)
	}
}

// Negative: max(1, n/10) in a declaration.
func maxDecl(items []int) {
	step := max(1, len(items)/10)
	for i := 0; i < len(items); i += step {
		use(items[i])
	}
}
