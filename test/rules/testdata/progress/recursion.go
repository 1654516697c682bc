// Package progress holds the shapes real hangs take beyond a plain zero step: guarded recursion,
// marshallers that call themselves, doubling from zero, display widths, refills, sentinels that
// cancel an advance, no update at all — and the near misses that really progress.
package progress

import (
	"encoding/json"
	"fmt"
)

type ticker struct{ inner *ticker }

// Positive (warning): the only guard reads the receiver, which the self-call passes on unchanged.
func (t *ticker) Stop() {
	if t != nil {
		t.Stop() // want "infinite-recursion:warning"
	}
}

// Positive (warning): past a nil check on the receiver, the method calls itself with it again.
func (t *ticker) Close() {
	if t == nil {
		return
	}
	t.Close() // want "infinite-recursion:warning"
}

// Negative: the guarded call goes to the wrapped value, not to the receiver.
func (t *ticker) Reset() {
	if t != nil {
		t.inner.Reset()
	}
}

// Negative: the argument shrinks on every call.
func countdown(n int) int {
	if n > 0 {
		return countdown(n - 1)
	}
	return 0
}

type names []string

// Positive (error): json.Marshal of a value receiver that still implements json.Marshaler.
func (h names) MarshalJSON() ([]byte, error) {
	return json.Marshal(h) // want "infinite-recursion:error"
}

type plainNames []string

type wrapped struct{ A int }

// Negative: the pointer receiver's method is not in the method set of the value *w.
func (w *wrapped) MarshalJSON() ([]byte, error) {
	return json.Marshal(*w)
}

// Negative: converting to a type without the method breaks the cycle.
func (p plainNames) String() string {
	b, _ := json.Marshal([]string(p))
	return string(b)
}

type handler struct{}

// Negative: inside a method named recover, `recover()` is the builtin, never the method.
func (handler) recover() interface{} {
	return recover()
}

type level int

// Positive (error): encoding/json calls MarshalText for a type without MarshalJSON.
func (l level) MarshalText() ([]byte, error) {
	return json.Marshal(l) // want "infinite-recursion:error"
}

type tagged struct{ name string }

// Positive (error): a literal of its own type still has String, so %v calls it again.
func (t tagged) String() string {
	return fmt.Sprintf("%v", tagged{name: t.name}) // want "infinite-recursion:error"
}

type both int

func (b both) MarshalJSON() ([]byte, error) { return []byte("0"), nil }

// Negative: json.Marshal uses MarshalJSON, which does not call back.
func (b both) MarshalText() ([]byte, error) {
	return json.Marshal(b)
}
