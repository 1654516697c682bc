package fixes

// pageStep was meant to be one page at a time; someone wrote the zero-based index instead.
const pageStep = firstPage

const firstPage = iota

// A package constant step: no fix may assign to it, test it or divide by it.
func pages(total int, fetch func(int) []string) []string {
	var all []string
	for page := 0; page < total; page += pageStep {
		all = append(all, fetch(page)...)
	}
	return all
}

// A local constant used only as the step is fixed where it is declared.
func localStride(n int) int {
	const stride = 0
	total := 0
	for i := 0; i < n; i += stride {
		total += i
	}
	return total
}
