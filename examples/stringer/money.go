// Package stringer shows a String method that formats its own receiver: fmt calls String again
// for %v, forever. Unlike the loops next door this one dies fast, with "fatal error: stack
// overflow" once the goroutine's stack reaches its 1 GB limit.
package stringer

import "fmt"

// Money is an amount in cents.
type Money struct {
	Cents    int64
	Currency string
}

// String is meant to print "12.34 EUR" but hands m itself back to fmt's %v.
func (m Money) String() string {
	return fmt.Sprintf("%v %s", m, m.Currency)
}

// Price formats its fields, not itself, and is fine.
type Price struct {
	Cents    int64
	Currency string
}

func (p Price) String() string {
	return fmt.Sprintf("%d.%02d %s", p.Cents/100, p.Cents%100, p.Currency)
}
