package batchtest

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
	"go.uber.org/goleak"
)

// The suite's timing: no flush by time unless a test asks for it, and retry
// delays short enough for many retries in a fraction of a second.
const (
	time1h       = time.Hour
	retryElapsed = 10 * time.Second
	retryBase    = time.Millisecond
	retryMax     = 5 * time.Millisecond
)

// RunGuarantees checks, as subtests, the promises every batching client makes:
// each enqueued message is delivered once or reported once, whatever the
// server answers, and Flush and Close keep their word when their context
// ends.
func RunGuarantees(t *testing.T, w Wire, newSubject NewSubject) {
	t.Run("EveryMessageDeliveredOnce", func(t *testing.T) {
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply { return acceptAll(numbers) }, nil)
		enqueueRange(t, h.subject, 0, 1000, 4)
		h.close(t.Context())
		h.check(1000, none)
	})

	t.Run("PartialAnswerFailsOnlyRefusedItems", func(t *testing.T) {
		if w.Partial == nil {
			t.Skip("the API has no partial answer")
		}
		bad := func(n int) bool { return n%7 == 3 }
		var s *server
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply {
			var refused []int
			for i, n := range numbers {
				if bad(n) {
					refused = append(refused, i)
				}
			}
			if refused == nil {
				return acceptAll(numbers)
			}
			return s.partial(len(numbers), refused)
		}, nil)
		s = h.srv
		enqueueRange(t, h.subject, 0, 200, 2)
		h.close(t.Context())
		h.check(200, bad)
	})

	t.Run("RefusedBatchIsSplitToIsolateBadItems", func(t *testing.T) {
		bad := func(n int) bool { return n%13 == 7 }
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply {
			for _, n := range numbers {
				if bad(n) {
					return refuseAll(http.StatusBadRequest)
				}
			}
			return acceptAll(numbers)
		}, nil)
		enqueueRange(t, h.subject, 0, 100, 1)
		h.close(t.Context())
		b := h.check(100, bad)
		for n, errs := range b.failed {
			var apiErr *customerio.APIError
			if !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
				t.Errorf("message %d failed with %v; want the 400 answer", n, errs[0])
			}
		}
	})

	t.Run("RetryableFailuresAreRetried", func(t *testing.T) {
		var mu sync.Mutex
		answered := 0
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply {
			mu.Lock()
			defer mu.Unlock()
			answered++
			switch answered {
			case 1, 3:
				return refuseAll(http.StatusServiceUnavailable)
			case 2:
				return reply{drop: true}
			}
			return acceptAll(numbers)
		}, nil)
		enqueueRange(t, h.subject, 0, 30, 1)
		// Flush waits for the retries too.
		if err := h.subject.Flush(t.Context()); err != nil {
			t.Fatalf("Flush: %v", err)
		}
		if c := h.subject.Counts(); c.Delivered != 30 {
			t.Errorf("after Flush: %+v; want all 30 delivered", c)
		}
		h.close(t.Context())
		h.check(30, none)
	})

	t.Run("FinalFailureReportsTheBatchOnce", func(t *testing.T) {
		h := start(t, w, newSubject, func(*http.Request, []int) reply {
			return refuseAll(http.StatusUnauthorized)
		}, nil)
		enqueueRange(t, h.subject, 0, 40, 1)
		h.close(t.Context())
		b := h.check(40, all)
		if b.requests != 4 {
			t.Errorf("%d requests for 4 batches answered 401; want no retry and no split", b.requests)
		}
	})

	t.Run("ServerErrorsAndTimeoutsAreRetried", func(t *testing.T) {
		var mu sync.Mutex
		answered := 0
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply {
			mu.Lock()
			defer mu.Unlock()
			answered++
			switch answered {
			case 1, 2:
				return refuseAll(http.StatusInternalServerError)
			case 3:
				return refuseAll(http.StatusRequestTimeout)
			case 4:
				return refuseAll(http.StatusBadGateway)
			}
			return acceptAll(numbers)
		}, nil)
		enqueueRange(t, h.subject, 0, 30, 1)
		h.close(t.Context())
		h.check(30, none)
	})

	t.Run("ResetMidResponseIsRetried", func(t *testing.T) {
		var mu sync.Mutex
		answered := 0
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply {
			mu.Lock()
			defer mu.Unlock()
			answered++
			if answered == 1 {
				// Not applied, so the books can demand exactly one delivery.
				return reply{midBody: true}
			}
			return acceptAll(numbers)
		}, nil)
		enqueueRange(t, h.subject, 0, 10, 1)
		h.close(t.Context())
		b := h.check(10, none)
		if b.requests != 2 {
			t.Errorf("%d requests; want the batch whose answer broke off sent again once", b.requests)
		}
	})

	t.Run("AdaptiveWindowDeliversEverything", func(t *testing.T) {
		var mu sync.Mutex
		answered := 0
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply {
			mu.Lock()
			answered++
			k := answered
			mu.Unlock()
			if k%5 == 0 {
				return refuseAll(http.StatusServiceUnavailable)
			}
			rep := acceptAll(numbers)
			rep.delay = 2 * time.Millisecond
			return rep
		}, func(env *Env) { env.Uploaders, env.MaxInFlight = 0, 8 })
		enqueueRange(t, h.subject, 0, 1000, 4)
		h.close(t.Context())
		h.check(1000, none)
	})

	t.Run("RetriesEndAtMaxRetryElapsed", func(t *testing.T) {
		h := start(t, w, newSubject, func(*http.Request, []int) reply {
			return refuseAll(http.StatusServiceUnavailable)
		}, func(env *Env) { env.MaxRetryElapsed = 300 * time.Millisecond })
		enqueueRange(t, h.subject, 0, 10, 1)
		h.close(t.Context())
		b := h.check(10, all)
		for n, errs := range b.failed {
			if !customerio.IsRetryable(errs[0]) {
				t.Errorf("message %d failed with %v; want the last 503", n, errs[0])
			}
		}
		if b.requests < 2 {
			t.Errorf("%d requests; want the batch retried before giving up", b.requests)
		}
	})

	t.Run("FlushWaitsForOutcomes", func(t *testing.T) {
		release := make(chan struct{})
		arrived := make(chan struct{}, 10)
		h := start(t, w, newSubject, func(r *http.Request, numbers []int) reply {
			arrived <- struct{}{}
			select {
			case <-release:
				return acceptAll(numbers)
			case <-r.Context().Done():
				return refuseAll(http.StatusServiceUnavailable)
			}
		}, nil)
		if err := h.subject.Flush(t.Context()); err != nil {
			t.Fatalf("Flush with nothing queued: %v", err)
		}
		enqueueRange(t, h.subject, 0, 5, 1)
		ended, cancel := context.WithCancel(t.Context())
		cancel()
		if err := h.subject.Flush(ended); !errors.Is(err, context.Canceled) {
			t.Fatalf("Flush with an ended context while the batch is held: %v; want context.Canceled", err)
		}
		<-arrived // Flush sent the partial batch anyway
		if c := h.subject.Counts(); c.Delivered != 0 {
			t.Fatalf("%+v while the server holds the batch", c)
		}
		close(release)
		if err := h.subject.Flush(t.Context()); err != nil {
			t.Fatalf("Flush: %v", err)
		}
		if c := h.subject.Counts(); c.Delivered != 5 {
			t.Errorf("after Flush returned: %+v; want the 5 messages delivered", c)
		}
		h.close(t.Context())
		h.check(5, none)
	})

	t.Run("CloseDeliversWhatIsQueued", func(t *testing.T) {
		h := start(t, w, newSubject, func(_ *http.Request, numbers []int) reply { return acceptAll(numbers) }, nil)
		enqueueRange(t, h.subject, 0, 25, 1) // two full batches and five waiting
		h.close(t.Context())
		h.check(25, none)
		if err := h.subject.Enqueue(t.Context(), 25); !errors.Is(err, batch.ErrClosed) {
			t.Errorf("Enqueue after Close: %v; want ErrClosed", err)
		}
		if err := h.subject.Close(t.Context()); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})

	t.Run("CloseGivesUpWhenItsContextEnds", func(t *testing.T) {
		arrived := make(chan struct{}, 10)
		h := start(t, w, newSubject, func(r *http.Request, _ []int) reply {
			arrived <- struct{}{}
			<-r.Context().Done()
			return refuseAll(http.StatusServiceUnavailable)
		}, nil)
		enqueueRange(t, h.subject, 0, 25, 1)
		<-arrived
		<-arrived // both uploaders hold a batch; five messages wait
		ended, cancel := context.WithCancel(t.Context())
		cancel()
		if err := h.subject.Close(ended); !errors.Is(err, context.Canceled) {
			t.Fatalf("Close: %v; want context.Canceled", err)
		}
		b := h.check(25, all)
		for n, errs := range b.failed {
			if !errors.Is(errs[0], batch.ErrClosed) || !errors.Is(errs[0], context.Canceled) {
				t.Errorf("message %d failed with %v; want ErrClosed and context.Canceled", n, errs[0])
			}
		}
		if err := h.subject.Enqueue(t.Context(), 25); !errors.Is(err, batch.ErrClosed) {
			t.Errorf("Enqueue after Close: %v; want ErrClosed", err)
		}
		if err := h.subject.Close(t.Context()); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})
}

// harness is one subject talking to one scripted server.
type harness struct {
	t       *testing.T
	srv     *server
	subject Subject
}

// start checks for leaked goroutines when the test ends, then starts a server
// answering with play and a subject pointed at it; tune adjusts the subject's
// Env.
func start(t *testing.T, w Wire, newSubject NewSubject, play script, tune func(*Env)) *harness {
	t.Helper()
	checkLeaks(t)
	srv := newServer(t, w, play)
	env := srv.env()
	if tune != nil {
		tune(&env)
	}
	subject := newSubject(t, env)
	t.Cleanup(func() {
		// A test that failed early may not have closed the subject.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = subject.Close(ctx)
	})
	return &harness{t: t, srv: srv, subject: subject}
}

// checkLeaks fails t if a goroutine started during the test outlives it. It
// must run before anything the test starts registers its own cleanup, so that
// it runs after them.
func checkLeaks(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// close closes the subject and expects it to finish before ctx ends.
func (h *harness) close(ctx context.Context) {
	h.t.Helper()
	if err := h.subject.Close(ctx); err != nil {
		h.t.Fatalf("Close: %v", err)
	}
}

// none and all say which messages a test expects to fail.
func none(int) bool { return false }
func all(int) bool  { return true }

// check compares the books with the counters after messages 0..n-1 were
// enqueued and the subject closed: each message applied exactly once, or
// reported failed exactly once when failing(n); the counters agree. It
// returns the books for further checks.
func (h *harness) check(n int, failing func(int) bool) books {
	h.t.Helper()
	b := h.srv.books()
	c := h.subject.Counts()
	wantFailed := 0
	for m := range n {
		applied, reports := b.applied[m], len(b.failed[m])
		if failing(m) {
			wantFailed++
			if applied != 0 || reports != 1 {
				h.t.Errorf("message %d: applied %d times, reported failed %d times; want 0 and 1", m, applied, reports)
			}
		} else if applied != 1 || reports != 0 {
			h.t.Errorf("message %d: applied %d times, reported failed %d times (%v); want 1 and 0", m, applied, reports, b.failed[m])
		}
	}
	for m := range b.applied {
		if m < 0 || m >= n {
			h.t.Errorf("message %d was never enqueued but reached the server", m)
		}
	}
	want := Counts{Enqueued: int64(n), Delivered: int64(n - wantFailed), Failed: int64(wantFailed)}
	if c != want {
		h.t.Errorf("counts %+v; want %+v", c, want)
	}
	return b
}

// enqueueRange enqueues messages from..to-1 from the given number of
// goroutines at once, and fails the test on any error.
func enqueueRange(t *testing.T, s Subject, from, to, goroutines int) {
	t.Helper()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for n := from + g; n < to; n += goroutines {
				if err := s.Enqueue(t.Context(), n); err != nil {
					t.Errorf("Enqueue(%d): %v", n, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
