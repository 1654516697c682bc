// A loop that only spins (`s += i` with a step that is 0), grows nothing and so hangs rather than
// being OOM-killed: the unit tests (hang.test.ts) and the editor test (e2e/codeLens.test.ts) open it.

/** The Go source of `spin` in package `pkg` (line 8 is its loop, line 7 where the step comes from). */
export function spinSource(pkg: string): string {
  return `package ${pkg}

func getStep() int { return 0 }

func spin(n int) int {
	s := 0
	step := getStep()
	for i := 0; i < n; i += step {
		s += i
	}
	return s
}
`;
}
