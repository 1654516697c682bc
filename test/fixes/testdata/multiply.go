package fixes

func powers(limit int) []int {
	var out []int
	for v := 0; v < limit; v *= 2 {
		out = append(out, v)
	}
	return out
}
