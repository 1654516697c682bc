// Package zerostepconsts checks that constants and constant functions are resolved across the
// files of one package: the loops are in loops.go, the values they step by are declared here.
// This file has no findings.
package zerostepconsts

// An untyped constant that is 0.
const zeroStep = 0

// A typed constant that is 0.
const typedZero int64 = 0

// A constant expression that evaluates to 0 (and refers to a constant declared after it).
const exprZero = pageSize - 4096

const pageSize = 4096

// iota: modeNone is 0, the others are not.
const (
	modeNone = iota
	modeFast
	modeSlow
)

// Stride is a named type; its first iota constant is 0, the second 8.
type Stride int

const (
	strideNone Stride = iota * 8
	strideByte
)

// Integer constant division truncates to 0.
const half = 1 / 2

// Shifting right past the only set bit.
const shifted = 1 >> 1

// A non-zero constant built from others.
const blockSize = pageSize / 8

func noStep() int { return 0 }

func stride() int { return 8 }

// Every return is a constant, and every one of them is 0.
func alwaysZero(fast bool) int {
	if fast {
		return 0
	}
	return zeroStep
}

// Every return is a constant, but only one of them is 0.
func maybeZero(fast bool) int {
	if fast {
		return 4
	}
	return 0
}
