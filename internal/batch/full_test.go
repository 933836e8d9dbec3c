package batch

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// gatedConfig makes a Config whose queue holds exactly three 100-byte items,
// each sent alone by one uploader, and whose Send waits for a value on gate.
func gatedConfig(s *sink, gate chan struct{}) Config {
	cfg := s.config()
	cfg.EnvelopeBytes = 0
	cfg.MaxBatchBytes = 200
	cfg.MaxItems = 1
	cfg.Uploaders = 1
	cfg.MaxQueueBytes = 3 * (100 + ItemOverhead)
	s.reply = func(ctx context.Context, _ [][]byte) error {
		select {
		case <-gate:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return cfg
}

// enqueueAsync runs Enqueue on its own goroutine; the result arrives on the
// returned channel.
func enqueueAsync(ctx context.Context, e *Engine, data []byte) <-chan error {
	done := make(chan error, 1)
	go func() { done <- e.Enqueue(ctx, data) }()
	return done
}

func TestBlockWaitsForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		s := newSink(t, nil)
		e := mustNew(t, gatedConfig(s, gate))
		enqueueIDs(t, e, 0, 3, 100)

		done := enqueueAsync(t.Context(), e, item(3, 100))
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Enqueue on a full queue returned %v; want it to wait", err)
		default:
		}
		if st := e.Stats(); st.Queued != 3 || st.QueuedBytes != 3*(100+ItemOverhead) {
			t.Fatalf("stats = %+v; want the queue full with 3 items", st)
		}

		gate <- struct{}{} // one item delivered frees room for one more
		synctest.Wait()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Enqueue after room freed = %v", err)
			}
		default:
			t.Fatal("Enqueue still waiting after room freed")
		}
		close(gate)
		st := closeAndCheck(t, e)
		if st.Delivered != 4 || st.Dropped != 0 {
			t.Errorf("stats = %+v; want 4 delivered, none dropped", st)
		}
	})
}

func TestBlockHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		s := newSink(t, nil)
		e := mustNew(t, gatedConfig(s, gate))
		enqueueIDs(t, e, 0, 3, 100)

		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		if err := e.Enqueue(ctx, item(3, 100)); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Enqueue = %v; want context.DeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != 5*time.Second {
			t.Errorf("Enqueue waited %v; want 5s", waited)
		}
		close(gate)
		st := closeAndCheck(t, e)
		if st.Enqueued != 3 || st.Delivered != 3 {
			t.Errorf("stats = %+v; want the timed-out item never enqueued", st)
		}
	})
}

func TestDropWhenFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		s := newSink(t, nil)
		cfg := gatedConfig(s, gate)
		cfg.OnFull = Drop
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 3, 100)

		start := time.Now()
		if err := e.Enqueue(t.Context(), item(3, 100)); !errors.Is(err, ErrQueueFull) {
			t.Fatalf("Enqueue = %v; want ErrQueueFull", err)
		}
		if time.Since(start) != 0 {
			t.Error("Drop waited")
		}
		if st := e.Stats(); st.Dropped != 1 || st.Enqueued != 3 {
			t.Fatalf("stats = %+v; want Dropped 1, Enqueued 3", st)
		}

		gate <- struct{}{}
		synctest.Wait()
		if err := e.Enqueue(t.Context(), item(4, 100)); err != nil {
			t.Fatalf("Enqueue after room freed = %v", err)
		}
		close(gate)
		st := closeAndCheck(t, e)
		if st.Enqueued != 4 || st.Delivered != 4 || st.Dropped != 1 {
			t.Errorf("stats = %+v; want 4 enqueued and delivered, 1 dropped", st)
		}
	})
}

// TestFullQueueSendsPartialBatch checks that a full queue does not wait for
// FlushInterval when the partial batch is all that could free room.
func TestFullQueueSendsPartialBatch(t *testing.T) {
	tests := []struct {
		name    string
		policy  FullPolicy
		wantErr error
	}{
		{"Block", Block, nil},
		{"Drop", Drop, ErrQueueFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newSink(t, nil)
				cfg := s.config()
				cfg.EnvelopeBytes = 0
				cfg.MaxBatchBytes = 400
				cfg.MaxQueueBytes = 3 * (100 + ItemOverhead)
				cfg.FlushInterval = time.Hour
				cfg.OnFull = tt.policy
				e := mustNew(t, cfg)
				enqueueIDs(t, e, 0, 3, 100)
				if err := e.Enqueue(t.Context(), item(3, 100)); err != tt.wantErr {
					t.Fatalf("Enqueue on a full queue = %v; want %v", err, tt.wantErr)
				}
				synctest.Wait()
				calls, _ := s.snapshot()
				if len(calls) != 1 || calls[0].at != 0 || !slices.Equal(calls[0].ids, []int{0, 1, 2}) {
					t.Fatalf("calls = %+v; want the partial batch [0 1 2] sent at once", calls)
				}
				closeAndCheck(t, e)
			})
		})
	}
}

func TestBlockedEnqueueGetsErrClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		s := newSink(t, nil)
		e := mustNew(t, gatedConfig(s, gate))
		enqueueIDs(t, e, 0, 3, 100)
		done := enqueueAsync(t.Context(), e, item(3, 100))
		synctest.Wait()

		closed := make(chan error, 1)
		go func() { closed <- e.Close(t.Context()) }()
		synctest.Wait()
		if err := <-done; !errors.Is(err, ErrClosed) {
			t.Fatalf("blocked Enqueue after Close = %v; want ErrClosed", err)
		}
		close(gate)
		if err := <-closed; err != nil {
			t.Fatal(err)
		}
		if st := checkBalanced(t, e); st.Delivered != 3 {
			t.Errorf("stats = %+v; want 3 delivered", st)
		}
	})
}
