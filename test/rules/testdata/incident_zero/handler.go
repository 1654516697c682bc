package incidentzero

type Item struct{ ID int }

type Demo struct{ buf [4096]byte }

type Output struct{ Count int }

func newDemo() Demo { return Demo{} }

// Positive: every return of getInterval is the constant 0.
func handler(items []Item) []Output {
	interval := getInterval()
	var demos []Demo
	for i := 0; i < len(items); i += interval { // want "zero-step-loop:error"
		demos = append(demos, newDemo()) // want "unbounded-append:error"
	}
	return []Output{{Count: len(demos)}}
}
