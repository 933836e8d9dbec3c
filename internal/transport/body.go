package transport

import (
	"errors"
	"io"
)

// errTooLarge is readBody's answer to a body longer than its limit.
var errTooLarge = errors.New("response body too large")

// readBody reads a success body of at most limit bytes. A declared length is
// checked before anything is read and read into one exact buffer. A body of
// unknown length (chunked, or HTTP/2 without content-length) is read into chunks
// that double from 4 KiB up to 1 MiB and are joined once at the end: about twice
// the body in allocation, where io.ReadAll's repeated growth and copying costs
// several times it.
func readBody(r io.Reader, length, limit int64) ([]byte, error) {
	switch {
	case length == 0:
		return nil, nil
	case length > limit:
		return nil, errTooLarge
	case length > 0:
		buf := make([]byte, length)
		n, err := io.ReadFull(r, buf)
		if err != nil {
			return nil, err
		}
		return buf[:n], nil
	}
	const first, largest = 4 << 10, 1 << 20
	var (
		chunks [][]byte
		total  int64
		size   = first
	)
	for {
		chunk := make([]byte, size)
		n, err := fill(r, chunk)
		total += int64(n)
		if total > limit {
			return nil, errTooLarge
		}
		if n > 0 {
			chunks = append(chunks, chunk[:n])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if size < largest {
			size *= 2
		}
	}
	switch len(chunks) {
	case 0:
		return nil, nil
	case 1:
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// fill reads into buf until it is full or r fails; io.EOF means the body ended.
// Unlike io.ReadFull, it passes r's own errors (io.ErrUnexpectedEOF for a
// truncated body) through unchanged.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
