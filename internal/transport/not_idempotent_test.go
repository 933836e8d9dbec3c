package transport

import (
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// A DELETE marked NotIdempotent reaches the strategy as a call that is not safe
// to repeat, and a ready strategy does not repeat it after an answer that shows
// Customer.io saw it.
func TestNotIdempotentDeleteIsNotRepeatedAfterA503(t *testing.T) {
	strategy := &countingStrategy{n: 1}
	c, _ := newTestClient(t, &recorder{}, Bearer("k"), customerio.WithRetry(strategy))
	for _, req := range []Request{
		{Method: http.MethodDelete, Path: "/d", NotIdempotent: true},
		{Method: http.MethodPost, Path: "/p", Idempotent: true, NotIdempotent: true},
	} {
		if _, err := c.Do(t.Context(), &req); err != nil {
			t.Fatal(err)
		}
	}
	for _, call := range strategy.calls {
		if call.Idempotent {
			t.Errorf("%s %s: Idempotent = true, want false", call.Method, call.Path)
		}
	}

	rec := &recorder{answers: []answer{{status: 503}, {status: 204}}}
	c, _ = newTestClient(t, rec, Bearer("k"), customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 }))))
	if _, err := c.Do(t.Context(), &Request{Method: http.MethodDelete, Path: "/d", NotIdempotent: true}); err == nil {
		t.Fatal("a 503 to a non-idempotent DELETE was repeated until it succeeded")
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}
