package batch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// latencyConfig is the default, adaptive configuration wired to s: batches
// filled by bytes, the window between 1 and DefaultMaxInFlight.
func latencyConfig(s *sink) Config {
	return Config{EnvelopeBytes: trackEnvelope, Send: s.send, OnFailure: s.onFailure}
}

// wait holds a Send for d, as a distant server does, or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// concurrency counts the Sends in progress and their peak.
type concurrency struct {
	mu        sync.Mutex
	now, peak int
}

func (c *concurrency) enter() {
	c.mu.Lock()
	c.now++
	c.peak = max(c.peak, c.now)
	c.mu.Unlock()
}

func (c *concurrency) leave() {
	c.mu.Lock()
	c.now--
	c.mu.Unlock()
}

func (c *concurrency) max() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peak
}

// TestOutageShorterThanCloseLosesNothing: the server answers 500 for 2 s,
// then 200, and Close is called at once with 30 s: every item is delivered,
// none reported.
func TestOutageShorterThanCloseLosesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		s := newSink(t, func(context.Context, [][]byte) error {
			if time.Since(start) < 2*time.Second {
				return &customerio.APIError{StatusCode: http.StatusInternalServerError}
			}
			return nil
		})
		e := mustNew(t, latencyConfig(s))
		enqueueIDs(t, e, 0, 20_000, 200)
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		if err := e.Close(ctx); err != nil {
			t.Fatalf("Close = %v", err)
		}
		st := checkBalanced(t, e)
		if _, failures := s.snapshot(); st.Delivered != 20_000 || len(failures) != 0 {
			t.Errorf("stats %+v, %d failures; want all 20000 delivered after the outage", st, len(failures))
		}
		if st.Retried == 0 {
			t.Errorf("stats %+v; want the 500s retried", st)
		}
	})
}

// TestUnauthorizedFailsAtOnce: a 401 reports every item of its batch without
// a retry, a split or a backoff wait.
func TestUnauthorizedFailsAtOnce(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				refused := &customerio.APIError{StatusCode: status}
				s := newSink(t, func(context.Context, [][]byte) error { return refused })
				e := mustNew(t, latencyConfig(s))
				enqueueIDs(t, e, 0, 5000, 200)
				start := time.Now()
				st := closeAndCheck(t, e)
				if waited := time.Since(start); waited != 0 {
					t.Errorf("Close took %v; want the failures reported at once", waited)
				}
				calls, failures := s.snapshot()
				if st.Failed != 5000 || st.Retried != 0 || st.Splits != 0 || len(failures) != 5000 || int(st.BatchesSent) != len(calls) {
					t.Errorf("stats %+v, %d failures; want every item failed after one send per batch", st, len(failures))
				}
				for _, f := range failures {
					if f.Err != refused {
						t.Fatalf("item %d failed with %v; want the %d", f.Seq, f.Err, status)
					}
				}
			})
		})
	}
}

// TestResetMidResponseIsRetried: a Send that reports a connection reset
// while the answer was read (*customerio.TransportError) is sent again.
func TestResetMidResponseIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		attempts := 0
		s := newSink(t, func(context.Context, [][]byte) error {
			attempts++
			if attempts == 1 {
				return &customerio.TransportError{Method: "POST", URL: "https://track.test/api/v2/batch", Err: io.ErrUnexpectedEOF}
			}
			return nil
		})
		cfg := latencyConfig(s)
		cfg.Uploaders = 1
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 10, 30)
		st := closeAndCheck(t, e)
		if st.Delivered != 10 || st.Retried != 1 {
			t.Errorf("stats %+v; want the batch retried once and delivered", st)
		}
	})
}

// TestRetryPolicyPerStatus pins which answers the engine retries: every item
// carries a de-duplication id, so 408, 429, every 5xx and transport failures
// are, whatever customerio.IsRetryable says for single calls.
func TestRetryPolicyPerStatus(t *testing.T) {
	for _, tc := range []struct {
		err   error
		retry bool
	}{
		{&customerio.APIError{StatusCode: 408}, true},
		{&customerio.APIError{StatusCode: 429}, true},
		{&customerio.APIError{StatusCode: 500}, true},
		{&customerio.APIError{StatusCode: 501}, true},
		{&customerio.APIError{StatusCode: 503}, true},
		{&customerio.APIError{StatusCode: 599}, true},
		{&customerio.TransportError{Err: errors.New("connection reset by peer")}, true},
		{&customerio.TransportError{Err: context.DeadlineExceeded}, true},
		{&customerio.APIError{StatusCode: 400}, false},
		{&customerio.APIError{StatusCode: 401}, false},
		{&customerio.APIError{StatusCode: 403}, false},
		{&customerio.APIError{StatusCode: 404}, false},
		{&customerio.APIError{StatusCode: 422}, false},
		{context.Canceled, false},
		{&customerio.ValidationError{}, false},
	} {
		if got := retryable(tc.err); got != tc.retry {
			t.Errorf("retryable(%v) = %v; want %v", tc.err, got, tc.retry)
		}
	}
}

// TestFailuresWithoutOnFailureAreNeverSilent: with no OnFailure and no
// Logger, failures are logged at error level through slog.Default() and Close
// returns ErrUndelivered with the count and the first cause.
func TestFailuresWithoutOnFailureAreNeverSilent(t *testing.T) {
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError})))
	defer slog.SetDefault(prev)
	synctest.Test(t, func(t *testing.T) {
		e := mustNew(t, Config{EnvelopeBytes: trackEnvelope, Send: func(context.Context, [][]byte) error {
			return &customerio.APIError{StatusCode: http.StatusUnprocessableEntity}
		}})
		enqueueIDs(t, e, 0, 7, 30)
		err := e.Close(t.Context())
		if !errors.Is(err, ErrUndelivered) || !errors.Is(err, customerio.ErrUndelivered) {
			t.Fatalf("Close = %v; want ErrUndelivered", err)
		}
		var apiErr *customerio.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(err.Error(), "7 of 7") {
			t.Errorf("Close = %v; want the count and the first cause", err)
		}
		if err := e.Close(t.Context()); err != nil {
			t.Errorf("second Close = %v", err)
		}
	})
	if out := logs.String(); !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "items=7") {
		t.Errorf("slog.Default() got:\n%s", out)
	}
}

// TestCloseDrainsSlowServerWithFullConcurrency: 20,000 queued items against a
// server taking 200 ms per request are all delivered within 1 s of Close.
func TestCloseDrainsSlowServerWithFullConcurrency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c concurrency
		s := newSink(t, func(ctx context.Context, _ [][]byte) error {
			c.enter()
			defer c.leave()
			return wait(ctx, 200*time.Millisecond)
		})
		e := mustNew(t, latencyConfig(s))
		enqueueIDs(t, e, 0, 20_000, 200)
		start := time.Now()
		st := closeAndCheck(t, e)
		if waited := time.Since(start); waited >= time.Second {
			t.Errorf("Close took %v; want under 1s", waited)
		}
		if st.Delivered != 20_000 {
			t.Errorf("stats %+v; want all delivered", st)
		}
		t.Logf("Close took %v; %d requests, at most %d at once", time.Since(start), st.BatchesSent, c.max())
	})
}

// TestWindowGrowsToHideLatency: with a 50 ms server and a steady backlog, the
// adaptive window grows past its start towards MaxInFlight and never over it.
func TestWindowGrowsToHideLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c concurrency
		s := newSink(t, func(ctx context.Context, _ [][]byte) error {
			c.enter()
			defer c.leave()
			return wait(ctx, 50*time.Millisecond)
		})
		cfg := latencyConfig(s)
		cfg.MaxInFlight = 8
		cfg.MaxQueueBytes = 64 << 20
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 200_000, 200) // 80 full batches
		synctest.Wait()
		advance(2 * time.Second)
		if peak := c.max(); peak != 8 {
			t.Errorf("peak in-flight Sends = %d; want the window grown to MaxInFlight 8", peak)
		}
		closeAndCheck(t, e)
	})
}

// TestWindowHalvesOnServerErrors: a struggling server (503) sees fewer
// requests at once; the window never drops below one.
func TestWindowHalvesOnServerErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, func(ctx context.Context, _ [][]byte) error {
			if err := wait(ctx, 10*time.Millisecond); err != nil {
				return err
			}
			return &customerio.APIError{StatusCode: http.StatusServiceUnavailable}
		})
		cfg := latencyConfig(s)
		cfg.MaxInFlight = 16
		e := mustNew(t, cfg)
		e.mu.Lock()
		e.window = 16
		e.mu.Unlock()
		enqueueIDs(t, e, 0, 40_000, 200)
		advance(time.Second)
		e.mu.Lock()
		w := e.window
		e.mu.Unlock()
		if w != 1 {
			t.Errorf("window = %d after a second of 503s; want 1", w)
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_ = e.Close(ctx)
		checkBalanced(t, e)
	})
}
