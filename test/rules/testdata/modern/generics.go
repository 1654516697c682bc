package modern

import "fmt"

// Number is the constraint of the generic loops below.
type Number interface {
	~int | ~int64 | ~uint
}

// Positive: a zero step in a generic function (step is declared without a value).
func sumEvery[T Number](xs []T, n T) T {
	var step T
	var total T
	for i := T(0); i < n; i += step { // want "zero-step-loop:error"
		total += xs[0]
	}
	return total
}

// Positive: a type parameter in a conversion keeps the value: T(step) is a caller's step.
func walkBy[T Number](n T, step int) int {
	count := 0
	for i := T(0); i < n; i += T(step) { // want "zero-step-loop:warning"
		count++
	}
	return count
}

// Negative: T(1) converts a non-zero constant.
func walkByOne[T Number](n T) int {
	count := 0
	for i := T(0); i < n; i += T(1) {
		count++
	}
	return count
}

// Stack is a generic type; its methods have generic receivers.
type Stack[T any] struct{ items []T }

// Negative: a plain generic method.
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

// Positive: a generic method that calls itself on every path.
func (s *Stack[T]) Len() int {
	return s.Len() // want "infinite-recursion:error"
}

// Positive: String on a generic type that formats its receiver with %v.
func (s Stack[T]) String() string {
	return fmt.Sprintf("%v", s) // want "infinite-recursion:error"
}

// Pair is generic in two parameters.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// Negative: String on a generic type that formats its fields, not itself.
func (p Pair[K, V]) String() string {
	return fmt.Sprintf("%v=%v", p.Key, p.Val)
}

// Positive: a generic function that calls itself with explicit type arguments on every path.
func depth[T any](v T) int {
	return depth[T](v) + 1 // want "infinite-recursion:error"
}

// Positive: an endless loop growing a generic stack through its method (a field of the receiver).
func fillForever[T any](s *Stack[T], in <-chan T) {
	for {
		s.items = append(s.items, <-in) // want "unbounded-append:error"
	}
}
