// Package stuck holds loops whose condition reads only variables that nothing in the loop changes
// (non-progressing-loop, always an error), and the loops that must not be mistaken for them.
package stuck

import (
	"log"
	"os"
	"runtime"
	"time"
)

type node struct {
	Val  int
	Next *node
}

func use(int) {}

func process(int) {}

// Positive: the classic typo, incrementing the outer variable in the inner loop's post.
func typo(rows, cols int) int {
	count := 0
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; i++ { // want "non-progressing-loop:error"
			count++
		}
	}
	return count
}

// Positive: a list walk that forgets n = n.Next.
func sumList(n *node) int {
	s := 0
	for n != nil { // want "non-progressing-loop:error"
		s += n.Val
	}
	return s
}

// Positive: a while-style loop that forgets i++.
func forgotIncrement(n int) int {
	sum := 0
	i := 0
	for i < n { // want "non-progressing-loop:error"
		sum += i
	}
	return sum
}

// Positive: a queue that is never popped; len() in the condition is not a call that can change it.
func neverPopped(queue []int) {
	for len(queue) > 0 { // want "non-progressing-loop:error"
		process(queue[0])
	}
}

// Positive: a parameter is a local too.
func paramCondition(x int) int {
	total := 0
	for x > 0 { // want "non-progressing-loop:error"
		total += x
	}
	return total
}

// Positive: a boolean flag never set.
func neverDone() int {
	done := false
	count := 0
	for !done { // want "non-progressing-loop:error"
		count++
	}
	return count
}

// Positive: the break leaves the switch, not the loop.
func breakInSwitch(i, n, k int) int {
	count := 0
	for i < n { // want "non-progressing-loop:error"
		switch k {
		case 1:
			break
		}
		count++
	}
	return count
}

// Positive: continue is not a way out.
func onlyContinue(s string) int {
	i, count := 0, 0
	for i < len(s) { // want "non-progressing-loop:error"
		if s[i] == ' ' {
			continue
		}
		count++
	}
	return count
}

// Positive: a return inside a function literal leaves the literal, not the loop.
func returnInLiteral(i, n int, items []int) {
	for i < n { // want "non-progressing-loop:error"
		func() {
			for _, v := range items {
				if v < 0 {
					return
				}
			}
		}()
	}
}

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
