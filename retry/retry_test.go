package retry

import (
	"context"
	"errors"
	"net"
	"net/url"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	customerio "github.com/gocustomerio/customerio"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	idempotent    = customerio.Call{Method: "PUT", Path: "/api/v1/customers/1", Idempotent: true}
	nonIdempotent = customerio.Call{Method: "POST", Path: "/v1/send/email"}

	connRefused = &customerio.TransportError{Method: "PUT", URL: "https://x", Err: &url.Error{Op: "Put", URL: "https://x",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}}
	connReset = &customerio.TransportError{Method: "PUT", URL: "https://x", Err: &url.Error{Op: "Put", URL: "https://x",
		Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}}
)

func status(code int) error { return &customerio.APIError{StatusCode: code} }

// script returns an attempt function that fails with errs in order, then
// succeeds, and a pointer to the number of attempts made.
func script(errs ...error) (func(context.Context) error, *int) {
	n := new(int)
	return func(context.Context) error {
		*n++
		if *n <= len(errs) {
			return errs[*n-1]
		}
		return nil
	}, n
}

// TestAcceptance is the four acceptance cases of async-customerio's retry tests.
func TestAcceptance(t *testing.T) {
	tests := []struct {
		name     string
		strategy customerio.RetryStrategy
		errs     []error
		attempts int
		wantErr  bool
	}{
		{"success first time", Exponential(), nil, 1, false},
		{"two connect errors then success", Exponential(), []error{connRefused, connRefused}, 3, false},
		{"one retry allowed, two connect errors", Exponential(MaxAttempts(2)), []error{connRefused, connRefused}, 2, true},
		{"400 is not retried", Exponential(), []error{status(400)}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				attempt, n := script(tt.errs...)
				err := tt.strategy.Do(t.Context(), idempotent, attempt)
				if *n != tt.attempts || (err != nil) != tt.wantErr {
					t.Errorf("%d attempts, err %v; want %d attempts, error %v", *n, err, tt.attempts, tt.wantErr)
				}
			})
		})
	}
}

func TestNoneTriesOnce(t *testing.T) {
	attempt, n := script(status(503))
	if err := None().Do(t.Context(), idempotent, attempt); !errors.Is(err, customerio.ErrServerError) || *n != 1 {
		t.Errorf("None: %d attempts, err %v", *n, err)
	}
}

func TestExponentialRetriesOnlyRetryableErrors(t *testing.T) {
	tests := []struct {
		err      error
		attempts int
	}{
		{status(429), 4}, {status(502), 4}, {status(503), 4}, {status(504), 4}, {connReset, 4},
		{status(400), 1}, {status(401), 1}, {status(404), 1}, {status(500), 1}, {status(501), 1},
		{&customerio.ValidationError{}, 1}, {errors.New("other"), 1},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			attempt, n := script(tt.err, tt.err, tt.err, tt.err, tt.err)
			_ = Exponential(Delays(time.Millisecond, time.Second)).Do(t.Context(), idempotent, attempt)
			if *n != tt.attempts {
				t.Errorf("%v: %d attempts, want %d", tt.err, *n, tt.attempts)
			}
		})
	}
}

func TestExponentialBackoffBounds(t *testing.T) {
	base, maxDelay := 100*time.Millisecond, 350*time.Millisecond
	// Ceilings of waits 1..4: 100, 200, then 400 and 800 capped at 350 ms.
	ceilings := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 350 * time.Millisecond, 350 * time.Millisecond}
	for _, r := range []float64{0, 0.5, 0.999999} {
		synctest.Test(t, func(t *testing.T) {
			var want time.Duration
			for _, c := range ceilings {
				want += time.Duration(r * float64(c))
			}
			attempt, n := script(status(503), status(503), status(503), status(503))
			s := Exponential(MaxAttempts(5), Delays(base, maxDelay), Random(func() float64 { return r }))
			start := time.Now()
			if err := s.Do(t.Context(), idempotent, attempt); err != nil {
				t.Fatal(err)
			}
			if elapsed := time.Since(start); *n != 5 || elapsed != want {
				t.Errorf("r=%v: %d attempts in %v, want 5 in %v", r, *n, elapsed, want)
			}
		})
	}
}

func TestExponentialJitterStaysWithinCeiling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := Exponential(MaxAttempts(2), Delays(time.Second, time.Minute))
		for range 200 {
			attempt, _ := script(status(502))
			start := time.Now()
			if err := s.Do(t.Context(), idempotent, attempt); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d < 0 || d >= time.Second {
				t.Fatalf("first wait %v is outside [0, 1s)", d)
			}
		}
	})
}

func TestExponentialHonoursRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		limited := &customerio.APIError{StatusCode: 429, RetryAfter: 7 * time.Second}
		attempt, n := script(limited)
		start := time.Now()
		if err := Exponential(Delays(time.Millisecond, time.Millisecond)).Do(t.Context(), nonIdempotent, attempt); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != 7*time.Second || *n != 2 {
			t.Errorf("%d attempts after %v, want 2 after exactly 7s", *n, d)
		}
	})
}

func TestExponentialStopsWhenContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		attempt, n := script(status(503), status(503))
		done := make(chan error)
		start := time.Now()
		go func() {
			done <- Exponential(Delays(time.Hour, time.Hour), Random(func() float64 { return 0.5 })).Do(ctx, idempotent, attempt)
		}()
		synctest.Wait() // the strategy is now waiting 30 minutes
		cancel()
		err := <-done
		if !errors.Is(err, customerio.ErrServerError) || *n != 1 || time.Since(start) != 0 {
			t.Errorf("after cancel: err %v, %d attempts, %v elapsed; want the 503 at once after 1 attempt", err, *n, time.Since(start))
		}
	})
}

func TestExponentialGivesUpWhenTheWaitWouldPassTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		attempt, n := script(&customerio.APIError{StatusCode: 429, RetryAfter: time.Minute})
		start := time.Now()
		err := Exponential().Do(ctx, idempotent, attempt)
		if !errors.Is(err, customerio.ErrRateLimited) || *n != 1 || time.Since(start) != 0 {
			t.Errorf("err %v after %d attempts and %v; want the 429 at once", err, *n, time.Since(start))
		}
	})
}

func TestNonIdempotentRequestsAreNotRepeated(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		opts     []Option
		attempts int
	}{
		{"503 may have been acted on", status(503), nil, 1},
		{"connection reset may have been acted on", connReset, nil, 1},
		{"refused connection was never sent", connRefused, nil, 3},
		{"429 was refused before processing", status(429), nil, 3},
		{"caller opted in", status(503), []Option{RetryNonIdempotent()}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				attempt, n := script(tt.err, tt.err)
				opts := append([]Option{Delays(time.Millisecond, time.Millisecond)}, tt.opts...)
				_ = Exponential(opts...).Do(t.Context(), nonIdempotent, attempt)
				if *n != tt.attempts {
					t.Errorf("%d attempts, want %d", *n, tt.attempts)
				}
			})
		})
	}
}

func TestOptionsIgnoreNonsense(t *testing.T) {
	c := newConfig([]Option{MaxAttempts(0), Delays(-1, -1), Random(nil), nil})
	if c.maxAttempts != DefaultMaxAttempts || c.baseDelay != DefaultBaseDelay || c.maxDelay != DefaultMaxDelay || c.random == nil {
		t.Errorf("config = %+v", c)
	}
	if c := newConfig([]Option{Delays(time.Second, time.Millisecond)}); c.maxDelay != time.Second {
		t.Errorf("max below base: max = %v, want it raised to base", c.maxDelay)
	}
}
