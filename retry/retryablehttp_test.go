package retry

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	customerio "github.com/gocustomerio/customerio"
)

func TestRetryableHTTPUsesTheirPolicies(t *testing.T) {
	tests := []struct {
		name     string
		call     customerio.Call
		err      error
		opts     []Option
		attempts int
	}{
		{"400 not retried", idempotent, status(400), nil, 1},
		{"transport error retried", idempotent, connReset, nil, 3},
		{"validation error never retried", idempotent, &customerio.ValidationError{}, nil, 1},
		{"non-idempotent 503 not repeated", nonIdempotent, status(503), nil, 1},
		{"non-idempotent 503 with opt-in", nonIdempotent, status(503), []Option{RetryNonIdempotent()}, 3},
		{"non-idempotent refused connection", nonIdempotent, connRefused, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				attempt, n := script(tt.err, tt.err)
				opts := append([]Option{Delays(time.Millisecond, 10*time.Millisecond)}, tt.opts...)
				_ = RetryableHTTP(nil, nil, opts...).Do(t.Context(), tt.call, attempt)
				if *n != tt.attempts {
					t.Errorf("%d attempts, want %d", *n, tt.attempts)
				}
			})
		})
	}
}

func TestRetryableHTTPPassesRetryAfterToBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seen []string
		backoff := func(min, max time.Duration, n int, resp *http.Response) time.Duration {
			seen = append(seen, resp.Header.Get("Retry-After"))
			return retryablehttp.DefaultBackoff(min, max, n, resp)
		}
		attempt, n := script(&customerio.APIError{StatusCode: 429, RetryAfter: 3 * time.Second})
		start := time.Now()
		err := RetryableHTTP(retryablehttp.DefaultRetryPolicy, backoff, Delays(time.Millisecond, time.Minute)).Do(t.Context(), idempotent, attempt)
		if err != nil || *n != 2 || len(seen) != 1 || seen[0] != "3" || time.Since(start) != 3*time.Second {
			t.Errorf("err %v, %d attempts, Retry-After seen %v, waited %v", err, *n, seen, time.Since(start))
		}
	})
}

func TestRetryableHTTPLinearJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		attempt, n := script(status(502), status(502))
		start := time.Now()
		err := RetryableHTTP(nil, retryablehttp.LinearJitterBackoff, Delays(time.Second, 2*time.Second)).Do(t.Context(), idempotent, attempt)
		// LinearJitterBackoff waits between min·n and max·n for attempt n.
		if d := time.Since(start); err != nil || *n != 3 || d < 3*time.Second || d > 6*time.Second {
			t.Errorf("err %v, %d attempts, %v waited", err, *n, d)
		}
	})
}

func TestRetryableHTTPStopsWhenContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		attempt, n := script(status(503), status(503))
		done := make(chan error)
		go func() {
			done <- RetryableHTTP(nil, nil, Delays(time.Hour, time.Hour)).Do(ctx, idempotent, attempt)
		}()
		synctest.Wait()
		cancel()
		if err := <-done; err == nil || *n != 1 {
			t.Errorf("err %v after %d attempts", err, *n)
		}
	})
}
