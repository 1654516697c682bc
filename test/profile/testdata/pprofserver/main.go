// Serves net/http/pprof on 127.0.0.1 at a port the system picks, for the fetch tests: prints
// "listening http://127.0.0.1:PORT" once ready, and exits when its standard input closes or after
// a minute, whichever comes first, so a test that dies never leaves it running.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"time"
)

// cache is what the heap profile shows in use: filled by a bounded loop before serving.
var cache [][]byte

func fill(n int) {
	for i := 0; i < n; i++ {
		cache = append(cache, make([]byte, 64<<10))
	}
}

func main() {
	runtime.MemProfileRate = 1
	fill(64)
	runtime.GC()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening http://%s\n", ln.Addr())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	go func() {
		time.Sleep(time.Minute)
		os.Exit(3)
	}()
	fmt.Fprintln(os.Stderr, http.Serve(ln, nil))
}
