package zerostepconsts

func use(int) {}

// Positive (error): untyped constant 0 from the other file.
func byZeroStep(n int) {
	for i := 0; i < n; i += zeroStep { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): typed constant 0 from the other file.
func byTypedZero(n int64) {
	for i := int64(0); i < n; i += typedZero { // want "zero-step-loop:error"
		use(int(i))
	}
}

// Positive (error): constant expression pageSize - 4096 == 0.
func byExprZero(n int) {
	for i := 0; i < n; i += exprZero { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): the first iota constant.
func byIotaZero(n int) {
	for i := 0; i < n; i += modeNone { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): typed iota * 8 for iota == 0.
func byStrideNone(n Stride) {
	for i := Stride(0); i < n; i += strideNone { // want "zero-step-loop:error"
		use(int(i))
	}
}

// Positive (error): 1 / 2 is 0 in integer constant arithmetic.
func byHalf(n int) {
	for i := 0; i < n; i += half { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): 1 >> 1 is 0.
func byShifted(n int) {
	for i := 0; i < n; i += shifted { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): a same-package function that always returns 0.
func byNoStep(n int) {
	for i := 0; i < n; i += noStep() { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (error): every return of alwaysZero is a constant 0, whatever the argument.
func byAlwaysZero(n int, fast bool) {
	step := alwaysZero(fast)
	for i := 0; i < n; i += step { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (warning): maybeZero returns 4 or 0.
func byMaybeZero(n int, fast bool) {
	step := maybeZero(fast)
	for i := 0; i < n; i += step { // want "zero-step-loop:warning"
		use(i)
	}
}

// Positive (error): a local constant shadows the package's non-zero pageSize.
func byShadowingConst(n int) {
	const pageSize = 0
	for i := 0; i < n; i += pageSize { // want "zero-step-loop:error"
		use(i)
	}
}

// Positive (warning, not error): the parameter shadows the package constant zeroStep, so the
// step is whatever the caller passes, not certainly 0.
func byShadowingParam(n, zeroStep int) {
	for i := 0; i < n; i += zeroStep { // want "zero-step-loop:warning"
		use(i)
	}
}

// Negative: a non-zero constant from the other file.
func byPageSize(n int) {
	for i := 0; i < n; i += pageSize {
		use(i)
	}
}

// Negative: the second and third iota constants are 1 and 2.
func byIotaNonZero(n int) {
	for i := 0; i < n; i += modeFast {
		use(i)
	}
	for i := 0; i < n; i += modeSlow {
		use(i)
	}
}

// Negative: the repeated typed iota expression gives 8.
func byStrideByte(n Stride) {
	for i := Stride(0); i < n; i += strideByte {
		use(int(i))
	}
}

// Negative: a constant expression of other constants (4096 / 8).
func byBlockSize(n int) {
	for i := 0; i < n; i += blockSize {
		use(i)
	}
}

// Negative: a same-package function that always returns 8.
func byStride(n int) {
	for i := 0; i < n; i += stride() {
		use(i)
	}
}

// Negative: a local constant shadows the package's zeroStep with a non-zero value.
func byShadowedNonZero(n int) {
	const zeroStep = 3
	for i := 0; i < n; i += zeroStep {
		use(i)
	}
}
