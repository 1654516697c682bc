// Writes a heap profile of a bounded run of the incident's loop: `heapdemo OUT [ITEMS]`.
// Every allocation is sampled (runtime.MemProfileRate = 1), so the figures are exact and the
// append line holds nearly all in-use bytes.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
)

// kept holds the last handler's demos, so they are in use when the profile is written.
var kept []Demo

// records holds 1 KiB buffers made on another line: a hot line with no loop finding.
var records [][]byte

func init() { runtime.MemProfileRate = 1 }

func getInterval() int { return 1 }

func record(i int) []byte {
	b := make([]byte, 1024)
	b[0] = byte(i)
	return b
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: heapdemo OUT [ITEMS]")
		os.Exit(2)
	}
	items := 2000
	if len(os.Args) > 2 {
		n, err := strconv.Atoi(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		items = n
	}
	for i := 0; i < 200; i++ {
		records = append(records, record(i))
	}
	handler(make([]Item, items))
	// Two collections: the profile shows the heap as of the last completed one.
	runtime.GC()
	runtime.GC()
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
