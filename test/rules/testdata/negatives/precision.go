package negatives

import "crypto/aes"

// Negative: a buffered writer loop; copy into a buffer with room is how it progresses.
func buffered(buf []byte, p []byte, flush func()) {
	start := 0
	for len(p) > 0 {
		n := copy(buf[start:], p)
		p = p[n:]
		start += n
		if start == len(buf) {
			flush()
			start = 0
		}
	}
}

// Negative: a normalisation loop over an existing variable relies on the caller's invariant.
func normalise(mant uint64, exp int) (uint64, int) {
	for mant < 1<<52 {
		mant <<= 1
		exp--
	}
	return mant, exp
}

const dots = ". . . . . . . . "

// Negative: the length of a constant string is known.
func indent(n int) {
	for n > len(dots) {
		n -= len(dots)
	}
}

var pad [32]byte

// Negative: the length of an array-typed package variable is known.
func writePad(n int, w func([]byte)) {
	for n > 0 {
		w(pad[:])
		n -= len(pad)
	}
}

// Negative: a constant of another package is assumed non-zero.
func blocks(src []byte) {
	for len(src) > 0 {
		src = src[aes.BlockSize:]
	}
}

// Negative: the step's own variable moves every iteration (fibonacci slices).
func fib(src []byte) {
	for i, d := 0, 0; i < len(src); {
		i, d = i+d, d+1
	}
}
