package progress

type arena struct {
	pageSize int
	pages    [][]byte
}

func newArena(size int) *arena {
	return &arena{pageSize: size}
}

// Positive (warning): pageSize is set from an unchecked parameter; 0 doubled stays 0.
func (a *arena) grow(min int) {
	for { // want "zero-step-loop:warning"
		a.pageSize *= 2
		if a.pageSize >= min {
			break
		}
	}
	a.pages = append(a.pages, make([]byte, a.pageSize))
}

type pool struct {
	chunk int
}

func newPool(size int) *pool {
	if size < 1 {
		size = 1
	}
	return &pool{chunk: size}
}

// Negative: every write of chunk is checked, so it never starts at 0.
func (p *pool) grow(min int) {
	for {
		p.chunk *= 2
		if p.chunk >= min {
			break
		}
	}
}

// Positive (warning): a capacity doubled from a caller's start value that can be 0.
func capacityFor(start, need int) int {
	c := start
	for { // want "zero-step-loop:warning"
		c <<= 1
		if c >= need {
			return c
		}
	}
}

// Negative: the start is clamped before the doubling.
func capacityForClamped(start, need int) int {
	c := max(start, 1)
	for {
		c <<= 1
		if c >= need {
			return c
		}
	}
}
