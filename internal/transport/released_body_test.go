package transport

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// lateReader is a RoundTripper that answers 200 at once and leaves the body
// for later, as net/http allows: the test reads and closes it when it likes.
type lateReader struct{ bodies chan io.ReadCloser }

func (l *lateReader) RoundTrip(r *http.Request) (*http.Response, error) {
	l.bodies <- r.Body
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

func clientOver(t *testing.T, rt http.RoundTripper, opts ...customerio.Option) *Client {
	t.Helper()
	s, err := settings.Resolve("", append([]customerio.Option{customerio.WithBaseURL("https://track.customerio.test"), customerio.WithHTTPClient(&http.Client{Transport: rt})}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	return New(s, settings.TrackAPI, Basic("s", "k"))
}

// TestReleaseWaitsForTheBodyToBeClosed pins that a caller gets its body
// buffer back only once net/http has closed the body, even when that is after
// Do returned: until then the bytes must stay as they were.
func TestReleaseWaitsForTheBodyToBeClosed(t *testing.T) {
	rt := &lateReader{bodies: make(chan io.ReadCloser, 1)}
	c := clientOver(t, rt)
	var released atomic.Int32
	body := []byte(`{"batch":[1,2,3]}`)
	if _, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "/api/v2/batch", RawBody: body, Release: func() { released.Add(1) }}); err != nil {
		t.Fatal(err)
	}
	if n := released.Load(); n != 0 {
		t.Fatalf("released %d times before the body was read", n)
	}
	rc := <-rt.bodies
	got, err := io.ReadAll(rc)
	if err != nil || string(got) != string(body) {
		t.Fatalf("read %q, %v after Do returned; want the body", got, err)
	}
	if n := released.Load(); n != 0 {
		t.Fatalf("released %d times before the body was closed", n)
	}
	rc.Close()
	rc.Close()
	if n := released.Load(); n != 1 {
		t.Fatalf("released %d times after Close, want once", n)
	}
	if _, err := rc.Read(make([]byte, 1)); !errors.Is(err, errBodyClosed) {
		t.Errorf("Read after Close: %v, want errBodyClosed", err)
	}
}

// TestReleaseComesOnceAfterEveryAttempt pins that a retried call hands the
// buffer back once, after the last attempt's body is closed, each attempt
// having sent the whole body.
func TestReleaseComesOnceAfterEveryAttempt(t *testing.T) {
	rec := &recorder{answers: []answer{{status: 503}, {status: 502}, {status: 200}}}
	c, _ := newTestClient(t, rec, Basic("s", "k"), customerio.WithRetry(&countingStrategy{n: 5}))
	var released atomic.Int32
	body := []byte(`{"batch":["a"]}`)
	if _, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "/api/v2/batch", RawBody: body, Idempotent: true, Release: func() { released.Add(1) }}); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d attempts, want 3", len(reqs))
	}
	for i, r := range reqs {
		if string(r.body) != string(body) || r.contentLength != int64(len(body)) || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("attempt %d sent %q (length %d, type %q)", i, r.body, r.contentLength, r.header.Get("Content-Type"))
		}
	}
	if n := released.Load(); n != 1 {
		t.Errorf("released %d times, want once", n)
	}
}

// TestBodyNeverClosedIsNeverReleased pins the safe side of a RoundTripper
// that breaks net/http's contract and never closes the body: the buffer is
// not handed back for reuse.
func TestBodyNeverClosedIsNeverReleased(t *testing.T) {
	rt := &lateReader{bodies: make(chan io.ReadCloser, 1)}
	c := clientOver(t, rt)
	var released atomic.Int32
	if _, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "/api/v2/batch", RawBody: []byte(`{}`), Release: func() { released.Add(1) }}); err != nil {
		t.Fatal(err)
	}
	<-rt.bodies
	if n := released.Load(); n != 0 {
		t.Errorf("released %d times with the body still open", n)
	}
}
