package trackv2

import (
	"context"
	"errors"
	customerio "github.com/gocustomerio/customerio"
	"testing"
	"testing/synctest"
	"time"
)

// stalledServer holds every request until release is closed or the request's
// context ends.
func stalledServer(t *testing.T) (*memServer, chan struct{}) {
	release := make(chan struct{})
	srv := newMemServer(t, func(ctx context.Context, _ int, _ []byte) memReply {
		select {
		case <-release:
			return memOK
		case <-ctx.Done():
			return memReply{}
		}
	})
	return srv, release
}

// fullConfig is a small queue: batches of 10 and room for 40-odd ops of
// about 100 bytes, one uploader.
func fullConfig(policy customerio.FullPolicy) customerio.QueueConfig {
	return customerio.QueueConfig{
		MaxBatchItems: 10,
		MaxBatchBytes: 40_000,
		MaxQueueBytes: 45_000,
		FlushInterval: time.Hour,
		Uploaders:     1,
		OnFull:        policy,
	}
}

// fillQueue enqueues numbered ops while the next one fits, and returns how
// many were taken.
func fillQueue(t *testing.T, b *Batcher) int {
	t.Helper()
	n := 0
	for ; b.Stats().QueuedBytes+int64(opCost(t, numberedOp(n))) <= 45_000; n++ {
		if err := b.Enqueue(t.Context(), numberedOp(n)); err != nil {
			t.Fatalf("Enqueue(%d): %v", n, err)
		}
	}
	return n
}

// opCost is what op counts against MaxQueueBytes.
func opCost(t *testing.T, op Op) int {
	t.Helper()
	data, err := encodeOp("test", op, -1)
	if err != nil {
		t.Fatal(err)
	}
	return len(data) + 64
}

func TestBatcherBlockWaitsForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, release := stalledServer(t)
		b, _ := newMemBatcher(t, srv, fullConfig(customerio.Block))
		n := fillQueue(t, b)
		synctest.Wait()

		// A full queue makes Enqueue wait until its context ends…
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		if err := b.Enqueue(ctx, numberedOp(n)); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Enqueue on a full queue: %v; want context.DeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != 2*time.Second {
			t.Errorf("Enqueue waited %v; want exactly its 2s deadline", waited)
		}
		if s := b.Stats(); s.Enqueued != int64(n) || s.Dropped != 0 {
			t.Errorf("stats %+v; want %d enqueued and nothing dropped", s, n)
		}

		// …or until delivered ops free room.
		done := make(chan error)
		go func() { done <- b.Enqueue(context.Background(), numberedOp(n)) }()
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Enqueue returned %v on a full queue", err)
		default:
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatalf("Enqueue after room was freed: %v", err)
		}
		if s := closeBalanced(t, b); s.Delivered != int64(n+1) {
			t.Errorf("stats %+v; want all %d delivered", s, n+1)
		}
	})
}

func TestBatcherDropRefusesAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, release := stalledServer(t)
		b, _ := newMemBatcher(t, srv, fullConfig(customerio.Drop))
		n := fillQueue(t, b)
		synctest.Wait()

		start := time.Now()
		for range 3 {
			if err := b.Enqueue(context.Background(), numberedOp(n)); !errors.Is(err, customerio.ErrQueueFull) {
				t.Fatalf("Enqueue on a full queue: %v; want customerio.ErrQueueFull", err)
			}
		}
		if waited := time.Since(start); waited != 0 {
			t.Errorf("Enqueue waited %v under customerio.Drop", waited)
		}
		if s := b.Stats(); s.Enqueued != int64(n) || s.Dropped != 3 {
			t.Errorf("stats %+v; want %d enqueued and 3 dropped", s, n)
		}
		close(release)
		if err := b.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := b.Enqueue(context.Background(), numberedOp(n)); err != nil {
			t.Fatalf("Enqueue once the queue drained: %v", err)
		}
		if s := closeBalanced(t, b); s.Delivered != int64(n+1) || s.Dropped != 3 {
			t.Errorf("stats %+v", s)
		}
	})
}
