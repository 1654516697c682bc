// Writes a large heap profile for bench/profile.mjs: `heapgen OUT N` makes N allocations of random
// sizes, each through a random path of depth 20 between two functions, so the profile holds up to
// N distinct stacks (every allocation sampled: runtime.MemProfileRate = 1). The last 65,536 stay in
// use (a ring), so in-use figures are not all zero while memory stays small.
package main

import (
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
)

var (
	keep [1 << 16][]byte
	next int
)

const depth = 20

//go:noinline
func left(d int, bits uint64, size int) {
	if d == 0 {
		keep[next%len(keep)] = make([]byte, size)
		next++
		return
	}
	if bits&1 == 0 {
		left(d-1, bits>>1, size)
	} else {
		right(d-1, bits>>1, size)
	}
}

//go:noinline
func right(d int, bits uint64, size int) {
	if d == 0 {
		keep[next%len(keep)] = make([]byte, size)
		next++
		return
	}
	if bits&1 == 0 {
		left(d-1, bits>>1, size)
	} else {
		right(d-1, bits>>1, size)
	}
}

func main() {
	runtime.MemProfileRate = 1
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: heapgen OUT N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < n; i++ {
		left(depth, r.Uint64(), 1+r.Intn(512))
	}
	runtime.GC()
	runtime.GC()
	f, err := os.Create(os.Args[1])
	if err == nil {
		err = pprof.WriteHeapProfile(f)
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
