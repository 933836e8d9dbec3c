package transport

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// countingStrategy runs up to n attempts while the error is retryable.
type countingStrategy struct {
	n     int
	calls []customerio.Call
}

func (s *countingStrategy) Do(ctx context.Context, call customerio.Call, attempt func(context.Context) error) error {
	s.calls = append(s.calls, call)
	var err error
	for range s.n {
		if err = attempt(ctx); err == nil || !customerio.IsRetryable(err) {
			return err
		}
	}
	return err
}

func TestAttemptsReplayTheSameBodyWithFreshRequestIDs(t *testing.T) {
	rec := &recorder{answers: []answer{{status: 503}, {status: 502}, {status: 200, body: `{"id":7}`}}}
	strategy := &countingStrategy{n: 5}
	c, _ := newTestClient(t, rec, Basic("s", "k"), customerio.WithRetry(strategy))
	var out struct{ ID int }
	err := c.DoJSON(t.Context(), &Request{Method: http.MethodPost, Path: "/api/v1/customers/1/events", Body: map[string]any{"name": "x", "id": "01J"}, Idempotent: true}, &out)
	if err != nil || out.ID != 7 {
		t.Fatalf("DoJSON = %+v, %v", out, err)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d attempts, want 3", len(reqs))
	}
	seen := map[string]bool{}
	for _, r := range reqs {
		if !bytes.Equal(r.body, reqs[0].body) {
			t.Errorf("attempt body %q differs from %q", r.body, reqs[0].body)
		}
		seen[r.header.Get("X-Request-Id")] = true
	}
	if len(seen) != 3 {
		t.Errorf("request ids are not fresh per attempt: %v", seen)
	}
	want := customerio.Call{Method: "POST", Path: "/api/v1/customers/1/events", Idempotent: true}
	if strategy.calls[0] != want {
		t.Errorf("strategy saw %+v, want %+v", strategy.calls[0], want)
	}
}

func TestCallIdempotency(t *testing.T) {
	strategy := &countingStrategy{n: 1}
	c, _ := newTestClient(t, &recorder{}, Bearer("k"), customerio.WithRetry(strategy))
	for _, req := range []Request{
		{Method: http.MethodGet, Path: "/g"},
		{Method: http.MethodPut, Path: "/p"},
		{Method: http.MethodDelete, Path: "/d"},
		{Method: http.MethodPost, Path: "/send"},
		{Method: http.MethodPost, Path: "/event", Idempotent: true},
	} {
		if _, err := c.Do(t.Context(), &req); err != nil {
			t.Fatal(err)
		}
	}
	want := []bool{true, true, true, false, true}
	for i, call := range strategy.calls {
		if call.Idempotent != want[i] {
			t.Errorf("%s %s: Idempotent = %v, want %v", call.Method, call.Path, call.Idempotent, want[i])
		}
	}
}

// blockUntilCancelled answers only when the request's context ends.
var blockUntilCancelled = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })

func TestAttemptTimeoutIsARetryableTransportError(t *testing.T) {
	c, _ := newTestClient(t, blockUntilCancelled, Basic("s", "k"), customerio.WithTimeout(20*time.Millisecond))
	_, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/slow"})
	var te *customerio.TransportError
	if !errors.As(err, &te) || !te.Timeout() {
		t.Fatalf("err = %v, want a *TransportError that timed out", err)
	}
	if !customerio.IsRetryable(err) {
		t.Error("an attempt timeout must be retryable")
	}
}

func TestCallerCancellationIsReturnedAsIs(t *testing.T) {
	arrived := make(chan struct{}, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	c, _ := newTestClient(t, h, Basic("s", "k"), customerio.WithTimeout(0),
		customerio.WithRetry(retry.Exponential(retry.MaxAttempts(5))))
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/slow"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var te *customerio.TransportError
	if errors.As(err, &te) || customerio.IsRetryable(err) {
		t.Errorf("the caller's cancellation must not be a retryable transport error: %v", err)
	}
	if len(arrived) != 0 {
		t.Error("a cancelled call was attempted again")
	}
}

func TestCallerDeadlineIsReturnedAsIs(t *testing.T) {
	c, _ := newTestClient(t, blockUntilCancelled, Basic("s", "k"), customerio.WithTimeout(time.Hour))
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/slow"})
	if !errors.Is(err, context.DeadlineExceeded) || customerio.IsRetryable(err) {
		t.Fatalf("err = %v, want the caller's context.DeadlineExceeded, not retryable", err)
	}
}
