// Package incident is the code behind the outage: a 1 GiB container killed with exit 137 and no
// trace. getInterval returned 0 at run time; nothing in the code rules that out, so both
// findings are warnings.
package incident

import (
	"os"
	"strconv"
)

type Item struct{ ID int }

type Demo struct{ buf [4096]byte }

type Output struct{ Count int }

func newDemo() Demo { return Demo{} }

// getInterval reads the interval from the environment; a missing or bad value gives 0.
func getInterval() int {
	v, _ := strconv.Atoi(os.Getenv("DEMO_INTERVAL"))
	return v
}

// Positive: the incident itself.
func handler(items []Item) []Output {
	interval := getInterval() // returned 0 at run time
	var demos []Demo
	for i := 0; i < len(items); i += interval { // want "zero-step-loop:warning"
		demos = append(demos, newDemo()) // want "unbounded-append:warning"
	}
	return []Output{{Count: len(demos)}}
}

// Negative: the fix -- a zero interval falls back to 1.
func handlerFixed(items []Item) []Output {
	interval := getInterval()
	if interval <= 0 {
		interval = 1
	}
	var demos []Demo
	for i := 0; i < len(items); i += interval {
		demos = append(demos, newDemo())
	}
	return []Output{{Count: len(demos)}}
}

// Negative: the other fix -- refuse a zero interval.
func handlerChecked(items []Item) ([]Output, error) {
	interval := getInterval()
	if interval < 1 {
		return nil, strconv.ErrRange
	}
	var demos []Demo
	for i := 0; i < len(items); i += interval {
		demos = append(demos, newDemo())
	}
	return []Output{{Count: len(demos)}}, nil
}
