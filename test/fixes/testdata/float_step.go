package fixes

import "time"

// A float that starts at 0 and doubles: it must start at 1.0, not at the int 1.
func doublings(limit float64) int {
	n := 0
	for v := 0.0; v < limit; v *= 2 {
		n++
	}
	return n
}

// A float step gets a guard but no clamp: 0.5 is a fine step and must not become 1.
func walkFloat(end, step float64) int {
	n := 0
	for x := 0.0; x < end; x += step {
		n++
	}
	return n
}

// Unsigned and time.Duration steps compare with an untyped 1 and 0.
func walkUint(n, step uint) uint {
	var total uint
	for i := uint(0); i < n; i += step {
		total += i
	}
	return total
}

func ticks(total, tick time.Duration) int {
	n := 0
	for d := time.Duration(0); d < total; d += tick {
		n++
	}
	return n
}
