package transport

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// TestWithResponseCapturesTheFinalAnswer pins that WithResponse reports the final
// attempt's status, headers (rate-limit ones included), request id and the number
// of attempts.
func TestWithResponseCapturesTheFinalAnswer(t *testing.T) {
	rec := &recorder{answers: []answer{
		{status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "0"}},
		{status: http.StatusOK, header: map[string]string{"X-RateLimit-Remaining": "99", "X-RateLimit-Limit": "100"}, body: "{}"},
	}}
	c, _ := newTestClient(t, rec, Basic("s", "k"), customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Delays(time.Microsecond, time.Microsecond))))
	var meta customerio.Response
	if _, err := c.Do(customerio.WithResponse(t.Context(), &meta), &Request{Method: http.MethodGet, Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if meta.StatusCode != http.StatusOK || meta.Attempts != 2 || len(reqs) != 2 {
		t.Fatalf("meta = %+v after %d requests, want status 200 and 2 attempts", meta, len(reqs))
	}
	if meta.Header.Get("X-RateLimit-Remaining") != "99" || meta.Header.Get("X-RateLimit-Limit") != "100" {
		t.Errorf("rate-limit headers not captured: %v", meta.Header)
	}
	if want := reqs[1].header.Get("X-Request-Id"); meta.RequestID != want || want == "" {
		t.Errorf("RequestID = %q, want the final attempt's %q", meta.RequestID, want)
	}
}

// TestWithResponseOnAPIError pins that the capture is filled on a failed call too,
// preferring the request id the server answers with.
func TestWithResponseOnAPIError(t *testing.T) {
	rec := &recorder{answers: []answer{{status: http.StatusNotFound, header: map[string]string{"X-Request-Id": "srv-7"}, body: `{"meta":{"error":"no"}}`}}}
	c, _ := newTestClient(t, rec, Basic("s", "k"))
	meta := customerio.Response{StatusCode: 1, Attempts: 9}
	_, err := c.Do(customerio.WithResponse(t.Context(), &meta), &Request{Method: http.MethodGet, Path: "/x"})
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if meta.StatusCode != http.StatusNotFound || meta.Attempts != 1 || meta.RequestID != "srv-7" || meta.Header.Get("Content-Length") == "" {
		t.Errorf("meta = %+v, want 404, 1 attempt, the server's request id and its headers", meta)
	}
}

// TestWithResponseResetOnRefusedCall pins that a call refused before I/O leaves
// no earlier answer in the capture.
func TestWithResponseResetOnRefusedCall(t *testing.T) {
	c, _ := newTestClient(t, &recorder{}, Basic("s", "k"))
	meta := customerio.Response{StatusCode: 200, Attempts: 1, RequestID: "old"}
	_, err := c.Do(customerio.WithResponse(t.Context(), &meta), &Request{Method: http.MethodPost, Path: "/x", Body: map[string]any{"a": 1}, MaxBodyBytes: 2})
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || meta.StatusCode != 0 || meta.Attempts != 0 || meta.RequestID != "" || meta.Header != nil {
		t.Errorf("err = %v, meta = %+v; want a ValidationError and an empty capture", err, meta)
	}
}

// deadlineRecorder is a transport that records each attempt's context deadline
// and then waits for that context to end.
type deadlineRecorder struct {
	mu        sync.Mutex
	deadlines []time.Duration // 0 for none
	block     bool
}

func (d *deadlineRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	var left time.Duration
	if dl, ok := r.Context().Deadline(); ok {
		left = time.Until(dl)
	}
	d.mu.Lock()
	d.deadlines = append(d.deadlines, left)
	d.mu.Unlock()
	if d.block {
		<-r.Context().Done()
		return nil, r.Context().Err()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

// TestWithAttemptTimeoutBoundsEachAttemptOfThatCallOnly pins that the per-call
// timeout replaces the client's per-attempt timeout for one call, on every
// attempt, and leaves the next call alone.
func TestWithAttemptTimeoutBoundsEachAttemptOfThatCallOnly(t *testing.T) {
	rt := &deadlineRecorder{block: true}
	c, _ := newTestClient(t, &recorder{}, Basic("s", "k"),
		customerio.WithHTTPClient(&http.Client{Transport: rt}),
		customerio.WithTimeout(0),
		customerio.WithRetry(retry.Exponential(retry.MaxAttempts(2), retry.Delays(time.Microsecond, time.Microsecond))),
	)
	var meta customerio.Response
	ctx := customerio.WithResponse(customerio.WithAttemptTimeout(t.Context(), time.Millisecond), &meta)
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/x"})
	var te *customerio.TransportError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a TransportError from the attempt deadline", err)
	}
	if meta.Attempts != 2 || len(rt.deadlines) != 2 || rt.deadlines[0] <= 0 || rt.deadlines[1] <= 0 {
		t.Fatalf("attempts = %d, deadlines = %v; want 2 attempts, each bounded", meta.Attempts, rt.deadlines)
	}

	rt.block = false
	if _, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	if last := rt.deadlines[len(rt.deadlines)-1]; last != 0 {
		t.Errorf("the next call's attempt had a %v deadline; the client has none", last)
	}
}

// TestWithAttemptTimeoutNegativeIsRefused pins that a negative per-call timeout
// is a ValidationError before any I/O.
func TestWithAttemptTimeoutNegativeIsRefused(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Basic("s", "k"))
	_, err := c.Do(customerio.WithAttemptTimeout(t.Context(), -time.Second), &Request{Method: http.MethodGet, Path: "/x"})
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || len(rec.requests()) != 0 {
		t.Errorf("err = %v after %d requests, want a ValidationError and none sent", err, len(rec.requests()))
	}
}
