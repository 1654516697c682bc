package stalls

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
)

type option struct {
	kind   byte
	length int
}

// Positive: the length byte of an option can be 0; the exits read only the data and values decoded from it.
func parseOptions(data []byte) ([]option, error) {
	var opts []option
	for len(data) > 0 { // want "zero-step-loop:warning"
		o := option{kind: data[0]}
		if o.kind == 0 {
			break
		}
		if len(data) < 2 {
			return nil, errors.New("truncated")
		}
		o.length = int(data[1])
		if o.length > len(data) {
			return nil, errors.New("too long")
		}
		opts = append(opts, o) // want "unbounded-append:warning"
		data = data[o.length:]
	}
	return opts, nil
}

// Negative: the same loop with the length checked against its minimum.
func parseOptionsChecked(data []byte) ([]option, error) {
	var opts []option
	for len(data) > 0 {
		o := option{kind: data[0]}
		if o.kind == 0 {
			break
		}
		if len(data) < 2 {
			return nil, errors.New("truncated")
		}
		o.length = int(data[1])
		if o.length < 2 || o.length > len(data) {
			return nil, errors.New("bad length")
		}
		opts = append(opts, o)
		data = data[o.length:]
	}
	return opts, nil
}

// Negative: an exit on a counter that moves saves the loop even with a step of 0.
func parseAtMost(data []byte, limit int) int {
	seen := 0
	for len(data) > 0 {
		seen++
		if seen > limit {
			break
		}
		data = data[int(data[0]):]
	}
	return seen
}

type pager interface {
	page(size int) []string
	send(rows []string) error
}

// Positive: with size 0 every page is empty and `len(rows) < size` is never true.
func stream(p pager, size int) error {
	for { // want "non-progressing-loop:warning"
		rows := p.page(size)
		if err := p.send(rows); err != nil {
			return err
		}
		if len(rows) < size {
			break
		}
	}
	return nil
}

// Negative: the size is clamped before the loop.
func streamClamped(p pager, size int) error {
	size = max(size, 1)
	for {
		rows := p.page(size)
		if err := p.send(rows); err != nil {
			return err
		}
		if len(rows) < size {
			break
		}
	}
	return nil
}

// Positive: the error of the read is discarded; at EOF b keeps its last byte and the exit never fires.
func decodeLength(r io.Reader) int {
	var length, shift uint32
	b := make([]byte, 1)
	for { // want "non-progressing-loop:warning"
		io.ReadFull(r, b)
		digit := b[0]
		length |= uint32(digit&127) << shift
		if digit&128 == 0 {
			break
		}
		shift += 7
	}
	return int(length)
}

// Negative: the same loop with the error checked.
func decodeLengthChecked(r io.Reader) (int, error) {
	var length, shift uint32
	b := make([]byte, 1)
	for {
		if _, err := io.ReadFull(r, b); err != nil {
			return 0, err
		}
		digit := b[0]
		length |= uint32(digit&127) << shift
		if digit&128 == 0 {
			break
		}
		shift += 7
	}
	return int(length), nil
}

// Positive: ReadByte returns 0 with an error at EOF, which is discarded; the newline never comes.
func readLine(br *bufio.Reader) []byte {
	var line []byte
	for { // want "non-progressing-loop:warning"
		c, _ := br.ReadByte()
		if c == '\n' {
			break
		}
		line = append(line, c) // want "unbounded-append:warning"
	}
	return line
}

// Negative: a frame loop whose exit compares a length read anew in every iteration.
func frames(r io.Reader, handle func([]byte)) error {
	buf := make([]byte, 4096)
	for {
		if _, err := io.ReadFull(r, buf[:4]); err != nil {
			return err
		}
		n := binary.BigEndian.Uint32(buf[:4])
		if n > uint32(len(buf)) {
			return errors.New("frame too large")
		}
		if _, err := io.ReadFull(r, buf[:n]); err != nil {
			return err
		}
		handle(buf[:n])
	}
}
