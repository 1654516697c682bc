// Package realworld holds the shapes in which this family of bugs is found in real code, each a
// positive: the step, size or length that can be 0 comes from data, not from a literal.
package realworld

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func use(int) {}

// Positive: a chunk size of 0 (a caller passing 0 for "default").
func chunks(items []string, size int) [][]string {
	var out [][]string
	for i := 0; i < len(items); i += size { // want "zero-step-loop:warning"
		end := i + size
		if end > len(items) {
			end = len(items)
		}
		out = append(out, items[i:end]) // want "unbounded-append:warning"
	}
	return out
}

type Config struct {
	BatchSize int
}

// Positive: a batch size from a configuration struct that was never filled in.
func batches(cfg Config, ids []int, send func([]int)) {
	for start := 0; start < len(ids); start += cfg.BatchSize { // want "zero-step-loop:warning"
		end := start + cfg.BatchSize
		if end > len(ids) {
			end = len(ids)
		}
		send(ids[start:end])
	}
}

type Page struct {
	Items []string
	Limit int
	Total int
}

// Positive: pagination driven by the page size a server sends back (0 on an empty response).
func fetchAll(fetch func(offset int) Page) []string {
	var all []string
	first := fetch(0)
	for offset := 0; offset < first.Total; offset += first.Limit { // want "zero-step-loop:warning"
		page := fetch(offset)
		all = append(all, page.Items...) // want "unbounded-append:warning"
	}
	return all
}

// Positive: a cron field "*/0": the step is parsed with strconv.Atoi and never checked for 0.
func cronField(field string, lo, hi int) (uint64, error) {
	var bits uint64
	step := 1
	if i := strings.Index(field, "/"); i >= 0 {
		n, err := strconv.Atoi(field[i+1:])
		if err != nil {
			return 0, err
		}
		step = n
	}
	for v := lo; v <= hi; v += step { // want "zero-step-loop:warning"
		bits |= 1 << uint(v)
	}
	return bits, nil
}

// Positive: length-prefixed records; a length byte of 0 stops the offset.
func records(buf []byte) [][]byte {
	var recs [][]byte
	off := 0
	for off < len(buf) { // want "zero-step-loop:warning"
		n := int(buf[off])
		recs = append(recs, buf[off:off+n]) // want "unbounded-append:warning"
		off += n
	}
	return recs
}

// Positive: frames whose size field is read with encoding/binary.
func frames(buf []byte) [][]byte {
	var out [][]byte
	for len(buf) > 2 { // want "zero-step-loop:warning"
		size := binary.BigEndian.Uint16(buf)
		out = append(out, buf[2:2+size]) // want "unbounded-append:warning"
		buf = buf[size:]
	}
	return out
}

// Positive: exponential buckets, for v := min; v < max; v *= factor, called with min == 0.
func expBuckets(lo, hi, factor int) []int {
	var bounds []int
	for v := lo; v < hi; v *= factor { // want "zero-step-loop:warning"
		bounds = append(bounds, v) // want "unbounded-append:warning"
	}
	return bounds
}

// Positive: linear buckets whose width is an integer division (0 when hi-lo < n).
func linBuckets(lo, hi, n int) []int {
	var bounds []int
	width := (hi - lo) / n
	for v := lo; v < hi; v += width { // want "zero-step-loop:warning"
		bounds = append(bounds, v) // want "unbounded-append:warning"
	}
	return bounds
}

// Positive: exponential backoff from a base delay that may be 0.
func backoffs(base, limit time.Duration) []time.Duration {
	var out []time.Duration
	for d := base; d < limit; d <<= 1 { // want "zero-step-loop:warning"
		out = append(out, d) // want "unbounded-append:warning"
	}
	return out
}

// Positive: time slots with t = t.Add(step) and a step from configuration.
func slots(from, to time.Time, step time.Duration) []time.Time {
	var out []time.Time
	for t := from; t.Before(to); t = t.Add(step) { // want "zero-step-loop:warning"
		out = append(out, t) // want "unbounded-append:warning"
	}
	return out
}

// Positive: a step in seconds read from the environment.
func ticks(from, to time.Time) int {
	secs, _ := strconv.Atoi(os.Getenv("TICK_SECONDS"))
	step := time.Duration(secs) * time.Second
	count := 0
	for t := from; t.Before(to); t = t.Add(step) { // want "zero-step-loop:warning"
		count++
	}
	return count
}

// Positive: data = data[n:] with a tokenizer that returns 0 for input it does not recognise.
func tokens(data []byte, next func([]byte) (string, int)) []string {
	var toks []string
	for len(data) > 0 { // want "zero-step-loop:warning"
		tok, n := next(data)
		toks = append(toks, tok) // want "unbounded-append:warning"
		data = data[n:]
	}
	return toks
}

// Positive: the typo for j := 0; j < m; i++ in a matrix walk.
func pairs(rows, cols int) [][2]int {
	var out [][2]int
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; i++ { // want "non-progressing-loop:error"
			out = append(out, [2]int{i, j}) // want "unbounded-append:error"
		}
	}
	return out
}

type Status int

// Positive: a String method that formats its own receiver.
func (s Status) String() string {
	return fmt.Sprintf("status(%v)", s) // want "infinite-recursion:error"
}

type NotFound struct{ Key string }

// Positive: an Error method that prints its own receiver with %+v.
func (e NotFound) Error() string {
	return fmt.Sprintf("not found: %+v", e) // want "infinite-recursion:error"
}

// Positive: a worker loop that forgets to advance its index, collecting results forever.
func collect(jobs []string, run func(string) string) []string {
	var results []string
	i := 0
	for i < len(jobs) { // want "non-progressing-loop:error"
		results = append(results, run(jobs[i])) // want "unbounded-append:error"
	}
	return results
}
