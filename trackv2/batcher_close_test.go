package trackv2

import (
	"context"
	"errors"
	customerio "github.com/gocustomerio/customerio"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestBatcherFlushHonoursItsDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, release := stalledServer(t)
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{FlushInterval: time.Hour})
		if err := b.Flush(t.Context()); err != nil {
			t.Fatalf("Flush with nothing queued: %v", err)
		}
		enqueueNumbered(t, b, 0, 5)

		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		if err := b.Flush(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Flush while the server stalls: %v; want context.DeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != 3*time.Second {
			t.Errorf("Flush returned after %v; want exactly its 3s deadline", waited)
		}
		if reqs := srv.requests(); len(reqs) != 1 || reqs[0].at != 0 {
			t.Errorf("requests %+v; want the partial batch sent at once by Flush", reqs)
		}
		if s := b.Stats(); s.Queued != 5 || s.InFlight != 5 {
			t.Errorf("stats %+v; want the 5 ops still in flight", s)
		}

		close(release)
		if err := b.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if s := b.Stats(); s.Delivered != 5 {
			t.Errorf("after Flush returned: %+v; want 5 delivered", s)
		}
		closeBalanced(t, b)
	})
}

func TestBatcherFlushWaitsForRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(_ context.Context, n int, _ []byte) memReply {
			if n < 3 {
				return memReply{status: 503}
			}
			return memOK
		})
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{})
		enqueueNumbered(t, b, 0, 5)
		if err := b.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if s := b.Stats(); s.Delivered != 5 || s.Retried != 3 {
			t.Errorf("after Flush: %+v; want 5 delivered after 3 retries", s)
		}
		closeBalanced(t, b)
	})
}

func TestBatcherCloseDeliversEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(ctx context.Context, _ int, _ []byte) memReply {
			select {
			case <-time.After(500 * time.Millisecond):
				return memOK
			case <-ctx.Done():
				return memReply{}
			}
		})
		b, f := newMemBatcher(t, srv, customerio.QueueConfig{MaxBatchItems: 10, FlushInterval: time.Hour, Uploaders: 1})
		enqueueNumbered(t, b, 0, 35)

		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		if err := b.Close(ctx); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if took := time.Since(start); took != 2*time.Second {
			t.Errorf("Close took %v; want 4 batches × 500ms", took)
		}
		if s := b.Stats(); s.Delivered != 35 || len(f.list()) != 0 {
			t.Errorf("stats %+v, failures %v; want all 35 delivered", s, f.list())
		}
		if err := b.Enqueue(t.Context(), numberedOp(35)); !errors.Is(err, customerio.ErrClosed) {
			t.Errorf("Enqueue after Close: %v; want customerio.ErrClosed", err)
		}
		if err := b.Close(t.Context()); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})
}

func TestBatcherCloseReportsWhatItCouldNotDeliver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, _ := stalledServer(t)
		b, f := newMemBatcher(t, srv, customerio.QueueConfig{MaxBatchItems: 10, FlushInterval: time.Hour})
		enqueueNumbered(t, b, 0, 25) // two batches held by the server, five waiting
		synctest.Wait()

		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		if err := b.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Close: %v; want context.DeadlineExceeded", err)
		}
		if took := time.Since(start); took != 5*time.Second {
			t.Errorf("Close returned after %v; want exactly its 5s deadline", took)
		}
		got := f.numbers(t)
		slices.Sort(got)
		if !slices.Equal(got, seq(0, 25)) {
			t.Fatalf("OnFailure got ops %v; want each of 0…24 once", got)
		}
		for _, op := range f.list() {
			if !errors.Is(op.Err, customerio.ErrClosed) || !errors.Is(op.Err, context.DeadlineExceeded) {
				t.Errorf("op %d failed with %v; want customerio.ErrClosed and the deadline", op.Seq, op.Err)
			}
		}
		if s := b.Stats(); s.Failed != 25 || s.Delivered != 0 || s.Queued != 0 {
			t.Errorf("stats %+v; want all 25 failed", s)
		}
		if err := b.Enqueue(t.Context(), numberedOp(25)); !errors.Is(err, customerio.ErrClosed) {
			t.Errorf("Enqueue after Close: %v; want customerio.ErrClosed", err)
		}
		// Every goroutine of the Batcher has ended: synctest.Test would
		// report any left in the bubble.
	})
}

func TestBatcherCloseWhileEnqueueBlocks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, _ := stalledServer(t)
		b, _ := newMemBatcher(t, srv, fullConfig(customerio.Block))
		n := fillQueue(t, b)
		done := make(chan error)
		go func() { done <- b.Enqueue(context.Background(), numberedOp(n)) }()
		synctest.Wait()

		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := b.Close(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Close: %v", err)
		}
		if err := <-done; !errors.Is(err, customerio.ErrClosed) {
			t.Errorf("the blocked Enqueue returned %v; want customerio.ErrClosed", err)
		}
		if s := b.Stats(); s.Enqueued != int64(n) || s.Failed != int64(n) {
			t.Errorf("stats %+v", s)
		}
	})
}
