package progress

import (
	"math"
	"strings"
)

// Positive (error): every uint is >= 0; the reverse walk never ends.
func reverse(s []int) []int {
	var out []int
	for i := uint(len(s)) - 1; i >= 0; i-- { // want "non-progressing-loop:error"
		out = append(out, s[i]) // want "unbounded-append:error"
	}
	return out
}

// Positive (error): every byte is <= 255.
func allBytes(b *strings.Builder) {
	for c := byte(0); c <= 255; c++ { // want "non-progressing-loop:error"
		b.WriteByte(c) // want "unbounded-growth:error"
	}
}

// Positive (error): every int8 is <= math.MaxInt8.
func allInt8(out []int) []int {
	for n := int8(0); n <= math.MaxInt8; n++ { // want "non-progressing-loop:error"
		out = append(out, int(n)) // want "unbounded-append:error"
	}
	return out
}

// Negative: an int counts down past 0.
func reverseInt(s []int) []int {
	var out []int
	for i := len(s) - 1; i >= 0; i-- {
		out = append(out, s[i])
	}
	return out
}

// Negative: the unsigned walk breaks out at 0.
func reverseBreak(s []int) []int {
	var out []int
	for i := uint(len(s)) - 1; i >= 0; i-- {
		out = append(out, s[i])
		if i == 0 {
			break
		}
	}
	return out
}
