// Package recursion holds functions and methods whose every path calls themselves before
// returning (infinite-recursion, always an error: the goroutine dies with "fatal error: stack
// overflow"), including String and Error methods that format their own receiver.
package recursion

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Positive: no base case.
func fact(n int) int {
	return n * fact(n-1) // want "infinite-recursion:error"
}

// Positive: the recursive call comes before the only branch.
func firstThenCheck(n int) int {
	x := firstThenCheck(n - 1) // want "infinite-recursion:error"
	if x > 0 {
		return x
	}
	return 0
}

// Positive: both branches recurse; each recursive call is reported (our choice: every call
// that makes the recursion unconditional is a place a fix may go).
func collatz(n int) int {
	if n%2 == 0 {
		return collatz(n / 2) // want "infinite-recursion:error"
	}
	return collatz(3*n + 1) // want "infinite-recursion:error"
}

type Stack struct{ items []int }

// Positive: a method calling itself on the same receiver.
func (s *Stack) Len() int {
	return s.Len() // want "infinite-recursion:error"
}

type Temp float64

// Positive: String formats its own receiver with %v.
func (t Temp) String() string {
	return fmt.Sprintf("%v°C", t) // want "infinite-recursion:error"
}

type Code int

// Positive: %s calls String too.
func (c Code) String() string {
	return fmt.Sprintf("code %s", c) // want "infinite-recursion:error"
}

type Name string

// Positive: %q calls String too.
func (n Name) String() string {
	return fmt.Sprintf("%q", n) // want "infinite-recursion:error"
}

type ID uint64

// Positive: %x calls String too.
func (id ID) String() string {
	return fmt.Sprintf("%x", id) // want "infinite-recursion:error"
}

type Point struct{ X, Y int }

// Positive: fmt.Sprint of the receiver.
func (p Point) String() string {
	return fmt.Sprint(p) // want "infinite-recursion:error"
}

type Level int

// Positive: fmt.Println calls String before String returns.
func (l Level) String() string {
	fmt.Println(l) // want "infinite-recursion:error"
	return "level"
}

type Copied struct{ v int }

// Positive: a copy of the receiver has the same method.
func (c Copied) String() string {
	d := c
	return fmt.Sprintf("%v", d) // want "infinite-recursion:error"
}

type Addr struct{ host string }

// Positive: &a in a value-receiver method: *Addr has String as well.
func (a Addr) String() string {
	return fmt.Sprint(&a) // want "infinite-recursion:error"
}

type ParseError struct{ Line int }

// Positive: Error formats its own (pointer) receiver, whose method set has Error.
func (e *ParseError) Error() string {
	return fmt.Sprintf("parse error: %v", e) // want "infinite-recursion:error"
}

type WrapError struct{ msg string }

// Positive: fmt.Errorf formats with %s, which calls Error.
func (e WrapError) Error() string {
	return fmt.Errorf("wrapped: %s", e).Error() // want "infinite-recursion:error"
}

type Counter struct{ n int }

// Positive: a value-receiver method calling itself on the same receiver.
func (c Counter) Total() int {
	return c.Total() + c.n // want "infinite-recursion:error"
}

// Negative: a base case before the call.
func factorial(n int) int {
	if n <= 1 {
		return 1
	}
	return n * factorial(n-1)
}

// Negative: the recursive call is on one path only.
func depth(n int, more bool) int {
	if more {
		return 1 + depth(n-1, n > 1)
	}
	return 0
}

type Celsius float64

type plainCelsius Celsius

// Negative: conversion to another named type without a String method.
func (c Celsius) String() string {
	return fmt.Sprintf("%v°C", plainCelsius(c))
}

type Kelvin float64

// Negative: conversion to the underlying type.
func (k Kelvin) String() string {
	return fmt.Sprintf("%vK", float64(k))
}

type Reading struct{ n int }

// Negative: %d on a field.
func (r Reading) String() string {
	return fmt.Sprintf("reading %d", r.n)
}

type Priority int

// Negative: %d does not call String.
func (p Priority) String() string {
	return fmt.Sprintf("p%d", p)
}

type Mode int

// Negative: strconv, not fmt.
func (m Mode) String() string {
	return "mode" + strconv.Itoa(int(m))
}

type Config struct{ name string }

// Negative: pointer receiver passing *c: the value type Config has no String method.
func (c *Config) String() string {
	return fmt.Sprintf("%v", *c)
}

type OpError struct {
	Op  string
	Err error
}

// Negative: formatting a field (the wrapped error), not the receiver.
func (e *OpError) Error() string {
	return fmt.Sprintf("%s: %v", e.Op, e.Err)
}

type Record struct {
	name string
	size int
}

// Negative: a local type without methods, the usual way to print a struct's fields.
func (r Record) String() string {
	type noMethods Record
	return fmt.Sprintf("%+v", noMethods(r))
}

type Node struct {
	val  string
	next *Node
}

// Negative: recursion on a different receiver (the next node), with a base case.
func (n *Node) String() string {
	if n.next == nil {
		return n.val
	}
	return n.val + "," + n.next.String()
}

type Tree struct {
	parent *Tree
}

// Negative: recursion on a different receiver even without a base case -- it ends at the root
// (with a nil dereference, not a stack overflow).
func (t *Tree) Depth() int {
	return 1 + t.parent.Depth()
}

type Wrapper struct{ inner *Stack }

// Negative: the same method name on another type.
func (w Wrapper) Len() int {
	return w.inner.Len()
}

// Negative: a function named like fmt's calls fmt's, not itself.
func Println(a ...any) {
	fmt.Println(a...)
}

// Negative: rescheduling through a timer is not recursion on the stack.
func tick(d time.Duration) {
	time.AfterFunc(d, func() { tick(d) })
}

// Negative: a goroutine calling the function runs on another stack.
func spawn(n int) {
	go spawn(n + 1)
}

// Negative: the only call is inside a loop that may not run.
func sumAll(items []int) int {
	total := 0
	for range items {
		total += sumAll(items[1:])
	}
	return total
}

var errEmpty = errors.New("empty")

// Negative: an error path returns before the recursive call.
func pop(s []int) (int, error) {
	if len(s) == 0 {
		return 0, errEmpty
	}
	if s[0] != 0 {
		return s[0], nil
	}
	return pop(s[1:])
}
