package transport

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestSuccessBodyIsCapped pins that a 2xx body longer than MaxResponseBytes is a
// *ResponseTooLargeError, declared or chunked, where it was once read without
// bound.
func TestSuccessBodyIsCapped(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !chunked {
				w.Header().Set("Content-Length", "33554433")
			}
			w.WriteHeader(http.StatusOK)
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for range 33 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
			_, _ = w.Write([]byte("x"))
		}), Bearer("k"))
		_, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/big"})
		var tl *customerio.ResponseTooLargeError
		if !errors.As(err, &tl) || tl.Limit != customerio.MaxResponseBytes || tl.StatusCode != 200 {
			t.Errorf("chunked %v: err = %v, want a *ResponseTooLargeError", chunked, err)
		}
		if customerio.IsRetryable(err) {
			t.Errorf("chunked %v: a too large answer is retryable", chunked)
		}
	}
}

// TestChunkedSuccessBodyReadsWithoutGrowthWaste pins that a body of unknown
// length costs about twice its size, not io.ReadAll's repeated growth.
func TestChunkedSuccessBodyReadsWithoutGrowthWaste(t *testing.T) {
	const size = 10 << 20
	body := strings.Repeat("y", size)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	// A plain io.Reader hides the length, as a chunked body does.
	got, err := readBody(struct{ io.Reader }{strings.NewReader(body)}, -1, customerio.MaxResponseBytes)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	allocs := after.TotalAlloc - before.TotalAlloc
	if string(got) != body {
		t.Fatalf("read %d bytes, want the %d sent", len(got), size)
	}
	if allocs > 2*size+2<<20 {
		t.Errorf("%d bytes allocated for a %d-byte body, want at most about twice", allocs, size)
	}
}

// TestTruncatedChunkedBodyKeepsItsCause pins that a body cut short is a
// transport failure that still matches io.ErrUnexpectedEOF.
func TestTruncatedChunkedBodyKeepsItsCause(t *testing.T) {
	_, err := readBody(io.MultiReader(strings.NewReader("abc"), iotest{}), -1, 100)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("err = %v, want io.ErrUnexpectedEOF", err)
	}
}

type iotest struct{}

func (iotest) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
