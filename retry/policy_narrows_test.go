package retry

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"
)

// TestRetryableHTTPDoesNotRepeatA500 pins that go-retryablehttp's policy only
// narrows what customerio.IsRetryable allows: DefaultRetryPolicy would repeat a
// 500 or any other 5xx but 501, yet the strategy returns them after one attempt.
func TestRetryableHTTPDoesNotRepeatA500(t *testing.T) {
	for _, code := range []int{500, 505, 599} {
		synctest.Test(t, func(t *testing.T) {
			attempt, n := script(status(code), status(code), status(code))
			err := RetryableHTTP(nil, nil, Delays(time.Millisecond, time.Millisecond)).Do(t.Context(), idempotent, attempt)
			if *n != 1 || err == nil {
				t.Errorf("%d: %d attempts, err %v; want 1 attempt and the error", code, *n, err)
			}
		})
	}
}

// TestRetryableHTTPPolicyCanNarrow pins that a policy refusing a retryable
// failure stops the strategy.
func TestRetryableHTTPPolicyCanNarrow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		never := func(context.Context, *http.Response, error) (bool, error) { return false, nil }
		attempt, n := script(status(503), status(503))
		_ = RetryableHTTP(never, nil).Do(t.Context(), idempotent, attempt)
		if *n != 1 {
			t.Errorf("%d attempts, want 1", *n)
		}
	})
}

// TestRetryableHTTPNeverRepeatsNonIdempotentWithoutOptIn pins that even a policy
// that retries everything cannot repeat a transactional send after a failure
// that may have been acted on.
func TestRetryableHTTPNeverRepeatsNonIdempotentWithoutOptIn(t *testing.T) {
	always := func(context.Context, *http.Response, error) (bool, error) { return true, nil }
	for _, err := range []error{status(502), status(503), status(504), connReset} {
		synctest.Test(t, func(t *testing.T) {
			attempt, n := script(err, err)
			_ = RetryableHTTP(always, nil, Delays(time.Millisecond, time.Millisecond)).Do(t.Context(), nonIdempotent, attempt)
			if *n != 1 {
				t.Errorf("%v: %d attempts, want 1", err, *n)
			}
		})
	}
}
