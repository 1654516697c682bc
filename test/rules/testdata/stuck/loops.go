// Package stuck holds loops whose condition reads only variables that nothing in the loop changes
// (non-progressing-loop, always an error), and the loops that must not be mistaken for them.
package stuck

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
