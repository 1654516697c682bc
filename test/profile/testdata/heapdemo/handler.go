// A bounded copy of test/e2e/fixtures/incident/handler.go, line for line up to the append (its profile
// lands on the fixture's lines); `kept = demos` keeps the backing array in use for the profile.
package main

// Item is one request item.
type Item struct{ ID int }

// Demo is what the handler builds per step; 4 KiB each.
type Demo struct{ buf [4096]byte }

// Output is the handler's result.
type Output struct{ Count int }

func newDemo() Demo { return Demo{} }

func handler(items []Item) []Output {
	interval := getInterval() // 0 at run time
	var demos []Demo
	for i := 0; i < len(items); i += interval {
		demos = append(demos, newDemo())
	}
	kept = demos
	return []Output{{Count: len(demos)}}
}
