package fixes

func zeros(n int) []int {
	var out []int
	for i := 0; i < n; i += 0 {
		out = append(out, i)
	}
	return out
}
