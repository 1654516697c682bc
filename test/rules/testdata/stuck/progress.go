package stuck

// Loops that look stuck but are not: something changes the condition, or there is a way out.

import (
	"log"
	"os"
	"runtime"
	"time"
)

// Negative: the body increments i.
func increments(n int) int {
	sum, i := 0, 0
	for i < n {
		sum += i
		i++
	}
	return sum
}

// Negative: the post changes n, which the condition reads.
func shrinkingBound(n int) {
	for i := 0; i < n; n-- {
		use(i)
	}
}

// Negative: the list walk advances.
func walk(n *node) int {
	s := 0
	for n != nil {
		s += n.Val
		n = n.Next
	}
	return s
}

// Negative: a conditional break.
func conditionalBreak(i, n int, f func(int) bool) {
	for i < n {
		if f(i) {
			break
		}
	}
}

// Negative: a return.
func returns(i, n int, f func(int) bool) int {
	for i < n {
		if f(i) {
			return i
		}
	}
	return -1
}

// Negative: goto out of the loop.
func gotoOut(i, n int, f func(int) bool) int {
	for i < n {
		if f(i) {
			goto done
		}
	}
done:
	return i
}

// Negative: panic leaves the loop.
func panics(i, n int, f func(int) bool) {
	for i < n {
		if f(i) {
			panic("bad")
		}
	}
}

// Negative: os.Exit leaves the loop.
func exits(i, n int, f func(int) bool) {
	for i < n {
		if f(i) {
			os.Exit(2)
		}
	}
}

// Negative: log.Fatal leaves the loop.
func fatal(i, n int, f func(int) bool) {
	for i < n {
		if f(i) {
			log.Fatal("stuck")
		}
	}
}

// Negative: a labeled break from an inner loop leaves the outer one.
func labeledBreak(i, n int) {
outer:
	for i < n {
		for {
			break outer
		}
	}
}

// Negative: a closure advances i.
func closureAdvances(n int) {
	i := 0
	advance := func() { i++ }
	for i < n {
		advance()
	}
}

// Negative: a goroutine sets the flag.
func goroutineSets() {
	done := false
	go func() {
		time.Sleep(time.Millisecond)
		done = true
	}()
	for !done {
		runtime.Gosched()
	}
}

func bump(p *int) { *p++ }

// Negative: i is address-taken; bump changes it.
func addressTaken(n int) {
	i := 0
	for i < n {
		bump(&i)
	}
}

// Negative: a pointer alias changes i.
func aliased(n int) {
	i := 0
	p := &i
	for i < n {
		*p++
	}
}

// Negative: the condition calls a function.
func callInCondition(deadline time.Time) int {
	count := 0
	for time.Now().Before(deadline) {
		count++
	}
	return count
}

// Negative: the condition receives from a channel.
func channelCondition(more <-chan bool) int {
	count := 0
	for <-more {
		count++
	}
	return count
}

// Negative: receiving in the body shrinks len(ch).
func drain(ch chan int) {
	for len(ch) > 0 {
		<-ch
	}
}

type cursor struct {
	pos int
	buf []byte
}

func (c *cursor) step() { c.pos++ }

// Negative: the condition reads fields, which a method changes.
func fieldCondition(c *cursor) {
	for c.pos < len(c.buf) {
		c.step()
	}
}

var running = true

// Negative: a package variable may be changed by other code.
func globalCondition() int {
	count := 0
	for running {
		count++
		runtime.Gosched()
	}
	return count
}

// Negative: the update follows an if; the loop is not a no-update loop.
func conditionalUpdate(a []int) int {
	i, count := 0, 0
	for i < len(a) {
		if a[i] > 0 {
			count++
		}
		i++
	}
	return count
}

// Negative: the update is in a nested loop.
func nestedUpdate(n int) {
	i := 0
	for i < n {
		for j := 0; j < 3; j++ {
			i++
		}
	}
}

func next(i int) (int, bool) { return i + 1, true }

// Negative: a tuple assignment updates i.
func tupleUpdate(n int) {
	i := 0
	for i < n {
		i, _ = next(i)
	}
}

// Negative: an update in a switch case.
func switchUpdate(n int, k int) {
	i := 0
	for i < n {
		switch k {
		case 0:
			i += 2
		default:
			i++
		}
	}
}
