package batch

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// stalled is a Send reply that never answers before its context ends.
func stalled(ctx context.Context, _ [][]byte) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestFlushWaitsForOutcomes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		s := newSink(t, func(ctx context.Context, _ [][]byte) error {
			<-gate
			return nil
		})
		cfg := s.config()
		cfg.FlushInterval = time.Hour
		cfg.Uploaders = 1
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 5, 30)

		flushed := make(chan error, 1)
		go func() { flushed <- e.Flush(t.Context()) }()
		synctest.Wait()
		if calls, _ := s.snapshot(); len(calls) != 1 || calls[0].at != 0 {
			t.Fatalf("calls = %+v; want Flush to send the partial batch at once", calls)
		}
		// Items enqueued after Flush began are not waited for.
		enqueueIDs(t, e, 5, 6, 30)
		select {
		case err := <-flushed:
			t.Fatalf("Flush returned %v before the batch had an outcome", err)
		default:
		}
		gate <- struct{}{}
		if err := <-flushed; err != nil {
			t.Fatal(err)
		}
		if st := e.Stats(); st.Delivered != 5 || st.Queued != 1 {
			t.Fatalf("after Flush: %+v; want 5 delivered, the later item still queued", st)
		}

		// A Flush whose context ends returns its error and leaves nothing behind.
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		if err := e.Flush(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Flush with a stalled Send = %v; want context.DeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != 2*time.Second {
			t.Errorf("Flush waited %v; want 2s", waited)
		}
		e.mu.Lock()
		waiting := len(e.flushers)
		e.mu.Unlock()
		if waiting != 0 {
			t.Errorf("%d Flush waiters left behind", waiting)
		}

		close(gate)
		if err := e.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := e.Flush(t.Context()); err != nil { // nothing left: returns at once
			t.Fatal(err)
		}
		if st := closeAndCheck(t, e); st.Delivered != 6 {
			t.Errorf("stats = %+v; want 6 delivered", st)
		}
	})
}

func TestFlushWaitsForRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		attempts := 0
		s := newSink(t, func(context.Context, [][]byte) error {
			attempts++
			if attempts <= 2 {
				return &customerio.APIError{StatusCode: http.StatusServiceUnavailable}
			}
			return nil
		})
		cfg := s.config()
		cfg.Uploaders = 1
		cfg.RetryBaseDelay = time.Second
		cfg.Random = func() float64 { return 0.5 }
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 3, 30)
		start := time.Now()
		if err := e.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		// Waits of 0.5·1s and 0.5·2s.
		if waited := time.Since(start); waited != 1500*time.Millisecond {
			t.Errorf("Flush returned after %v; want 1.5s", waited)
		}
		if st := e.Stats(); st.Delivered != 3 || st.Retried != 2 || st.BatchesSent != 3 {
			t.Errorf("stats = %+v; want 3 delivered after 2 retries", st)
		}
		closeAndCheck(t, e)
	})
}

func TestCloseDeliversEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, nil)
		cfg := s.config()
		cfg.FlushInterval = time.Hour
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 250, 30)
		if err := e.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
		st := checkBalanced(t, e)
		if st.Delivered != 250 || st.BatchesSent != 3 {
			t.Errorf("stats = %+v; want 250 delivered in 3 batches", st)
		}
		if err := e.Enqueue(t.Context(), item(250, 30)); !errors.Is(err, ErrClosed) {
			t.Errorf("Enqueue after Close = %v; want ErrClosed", err)
		}
		if err := e.Close(t.Context()); err != nil {
			t.Errorf("second Close = %v", err)
		}
		if err := e.Flush(t.Context()); err != nil {
			t.Errorf("Flush after Close = %v", err)
		}
		if _, failures := s.snapshot(); len(failures) != 0 {
			t.Errorf("failures = %v", failures)
		}
	})
}

// checkClosedFailures checks that every item 0..n-1 was reported once, with an
// error wrapping ErrClosed and the deadline of Close.
func checkClosedFailures(t *testing.T, failures []Failure, n int) {
	t.Helper()
	var seqs []int
	for _, f := range failures {
		if !errors.Is(f.Err, ErrClosed) || !errors.Is(f.Err, context.DeadlineExceeded) {
			t.Fatalf("failure %d: %v; want it to wrap ErrClosed and context.DeadlineExceeded", f.Seq, f.Err)
		}
		if id := idOf(t, f.Data); id != int(f.Seq) {
			t.Fatalf("failure Seq %d carries item %d", f.Seq, id)
		}
		seqs = append(seqs, int(f.Seq))
	}
	slices.Sort(seqs)
	if !slices.Equal(seqs, seqRange(0, n)) {
		t.Fatalf("reported seqs = %v; want 0..%d once each", seqs, n-1)
	}
}

func TestCloseGivesUpOnStalledSend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, stalled)
		e := mustNew(t, s.config())
		enqueueIDs(t, e, 0, 250, 30) // two batches stalled in Send, 50 items queued
		synctest.Wait()

		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		if err := e.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Close = %v; want context.DeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != 3*time.Second {
			t.Errorf("Close returned after %v; want 3s", waited)
		}
		_, failures := s.snapshot()
		checkClosedFailures(t, failures, 250)
		if st := checkBalanced(t, e); st.Failed != 250 || st.BatchesSent != 2 {
			t.Errorf("stats = %+v; want 250 failed after 2 sends", st)
		}
	})
}

func TestCloseGivesUpDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		unavailable := &customerio.APIError{StatusCode: http.StatusServiceUnavailable, RetryAfter: 10 * time.Second}
		s := newSink(t, func(context.Context, [][]byte) error { return unavailable })
		cfg := s.config()
		cfg.Uploaders = 1
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 150, 30)
		synctest.Wait()

		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if err := e.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Close = %v; want context.DeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != time.Second {
			t.Errorf("Close returned after %v; want 1s", waited)
		}
		_, failures := s.snapshot()
		checkClosedFailures(t, failures, 150)
		for _, f := range failures[:100] { // the batch that was waiting to retry
			if !errors.Is(f.Err, unavailable) {
				t.Fatalf("failure %d: %v; want it to carry the last 503", f.Seq, f.Err)
			}
		}
		if st := checkBalanced(t, e); st.BatchesSent != 1 || st.Retried != 0 {
			t.Errorf("stats = %+v; want one send, no retry", st)
		}
	})
}

func TestCloseWithExpiredContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, stalled)
		cfg := s.config()
		cfg.FlushInterval = time.Hour
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 10, 30)
		start := time.Now()
		ctx, cancel := context.WithDeadline(t.Context(), start)
		defer cancel()
		if err := e.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Close = %v; want context.DeadlineExceeded", err)
		}
		if time.Since(start) != 0 {
			t.Error("Close with an expired context waited")
		}
		// The uploader may or may not have started sending the batch before
		// Close gave up; either way every item is reported.
		calls, failures := s.snapshot()
		if len(calls) > 1 {
			t.Errorf("calls = %+v", calls)
		}
		checkClosedFailures(t, failures, 10)
		checkBalanced(t, e)
	})
}

func TestSecondCloseWaitsForTheFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		s := newSink(t, func(context.Context, [][]byte) error {
			<-gate
			return nil
		})
		e := mustNew(t, s.config())
		enqueueIDs(t, e, 0, 5, 30)
		first := make(chan error, 1)
		go func() { first <- e.Close(t.Context()) }()
		synctest.Wait()

		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if err := e.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("second Close while the first drains = %v; want its own deadline", err)
		}
		close(gate)
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		if err := e.Close(t.Context()); err != nil {
			t.Fatalf("Close after Close = %v", err)
		}
		checkBalanced(t, e)
	})
}

// TestEnqueueRacingClose runs real goroutines (no bubble) so the race detector
// sees Enqueue and Close interleave: each Enqueue either gets in, and its item
// an outcome, or gets ErrClosed.
func TestEnqueueRacingClose(t *testing.T) {
	s := newSink(t, nil)
	cfg := s.config()
	cfg.MaxItems = 10
	e := mustNew(t, cfg)
	var accepted sync.Map
	var wg sync.WaitGroup
	running := make(chan struct{})
	var once sync.Once
	for p := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				id := p*2000 + i
				switch err := e.Enqueue(context.Background(), item(id, 30)); {
				case err == nil:
					accepted.Store(id, true)
					if i == 100 {
						once.Do(func() { close(running) })
					}
				case errors.Is(err, ErrClosed):
					return
				default:
					t.Errorf("Enqueue = %v", err)
					return
				}
			}
		})
	}
	<-running
	if err := e.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	n := 0
	accepted.Range(func(any, any) bool { n++; return true })
	st := checkBalanced(t, e)
	if st.Enqueued != int64(n) || st.Delivered != int64(len(s.deliveredIDs())) {
		t.Errorf("stats = %+v; %d accepted, %d delivered", st, n, len(s.deliveredIDs()))
	}
}
