package modern

// Positive: an endless iterator declared in another file of the package (iterators.go).
func collectFromOtherFile() []int {
	var out []int
	for v := range naturals() { // want "non-progressing-loop:warning"
		out = append(out, v) // want "unbounded-append:error"
	}
	return out
}

// Negative: a counter-bounded loop over the same iterator's values, which breaks.
func firstFromOtherFile(n int) []int {
	var out []int
	for v := range naturals() {
		if len(out) == n {
			break
		}
		out = append(out, v)
	}
	return out
}
