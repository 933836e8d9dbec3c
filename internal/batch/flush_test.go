package batch

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestIntervalFlush(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, nil)
		cfg := s.config()
		cfg.FlushInterval = time.Second
		e := mustNew(t, cfg)

		enqueueIDs(t, e, 0, 2, 30)
		advance(500 * time.Millisecond)
		enqueueIDs(t, e, 2, 3, 30) // joins the batch; the clock runs from item 0
		advance(499 * time.Millisecond)
		if calls, _ := s.snapshot(); len(calls) != 0 {
			t.Fatalf("sent before FlushInterval: %+v", calls)
		}
		advance(time.Millisecond)
		calls, _ := s.snapshot()
		if len(calls) != 1 || calls[0].at != time.Second || !slices.Equal(calls[0].ids, []int{0, 1, 2}) {
			t.Fatalf("calls = %+v; want ids [0 1 2] sent at exactly 1s", calls)
		}

		// The next batch's clock starts with its own first item.
		advance(500 * time.Millisecond)
		enqueueIDs(t, e, 3, 4, 30)
		advance(999 * time.Millisecond)
		if calls, _ := s.snapshot(); len(calls) != 1 {
			t.Fatalf("second batch sent early: %+v", calls)
		}
		advance(time.Millisecond)
		calls, _ = s.snapshot()
		if len(calls) != 2 || calls[1].at != 2500*time.Millisecond || !slices.Equal(calls[1].ids, []int{3}) {
			t.Fatalf("calls = %+v; want ids [3] sent at exactly 2.5s", calls)
		}
		closeAndCheck(t, e)
	})
}

func TestMaxItemsFlush(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, nil)
		cfg := s.config()
		cfg.MaxItems = 10
		cfg.FlushInterval = time.Hour
		cfg.Uploaders = 1
		e := mustNew(t, cfg)

		enqueueIDs(t, e, 0, 25, 30)
		synctest.Wait()
		calls, _ := s.snapshot()
		if len(calls) != 2 || calls[0].at != 0 || !slices.Equal(calls[0].ids, seqRange(0, 10)) ||
			!slices.Equal(calls[1].ids, seqRange(10, 20)) {
			t.Fatalf("calls = %+v; want two full batches at once", calls)
		}
		if st := e.Stats(); st.Queued != 5 || st.Delivered != 20 {
			t.Fatalf("stats = %+v; want 5 queued, 20 delivered", st)
		}
		if err := e.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		calls, _ = s.snapshot()
		if len(calls) != 3 || calls[2].at != 0 || !slices.Equal(calls[2].ids, seqRange(20, 25)) {
			t.Fatalf("calls = %+v; want Flush to send the partial batch at once", calls)
		}
		closeAndCheck(t, e)
	})
}

func TestMaxBatchBytesBoundary(t *testing.T) {
	const maxBatch = 1000
	// 12 envelope bytes + 3 commas + 985 bytes of items = 1000.
	exact := []int{246, 246, 246, 247}
	tests := []struct {
		name       string
		sizes      []int
		wantBodies []int
	}{
		{"exactly MaxBatchBytes fits one batch", exact, []int{1000}},
		{"one byte more makes two batches", []int{246, 246, 246, 248}, []int{752, 260}},
		{"a single item of MaxBatchBytes - EnvelopeBytes", []int{maxBatch - trackEnvelope}, []int{1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newSink(t, nil)
				cfg := s.config()
				cfg.MaxBatchBytes = maxBatch
				cfg.Uploaders = 1
				cfg.FlushInterval = time.Hour
				var bodies [][]byte
				cfg.Send = func(ctx context.Context, items [][]byte) error {
					bodies = append(bodies, assemble(items))
					return s.send(ctx, items)
				}
				e := mustNew(t, cfg)
				for i, size := range tt.sizes {
					if err := e.Enqueue(t.Context(), item(i, size)); err != nil {
						t.Fatal(err)
					}
				}
				if err := e.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
				var got []int
				for _, b := range bodies {
					if !json.Valid(b) {
						t.Errorf("body is not JSON: %.80s…", b)
					}
					got = append(got, len(b))
				}
				if !slices.Equal(got, tt.wantBodies) {
					t.Errorf("body lengths = %v; want %v", got, tt.wantBodies)
				}
				closeAndCheck(t, e)
			})
		})
	}
}

// TestBatchesAreFullestPossible checks the byte accounting against the bodies
// really built: every body stays within MaxBatchBytes, and the first item of
// the next batch would not have fitted.
func TestBatchesAreFullestPossible(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const maxBatch = 2000
		s := newSink(t, nil)
		cfg := s.config()
		cfg.MaxBatchBytes = maxBatch
		cfg.MaxItems = 1000
		cfg.Uploaders = 1
		var bodies []int
		var firstItem []int
		cfg.Send = func(ctx context.Context, items [][]byte) error {
			bodies = append(bodies, len(assemble(items)))
			firstItem = append(firstItem, len(items[0]))
			return s.send(ctx, items)
		}
		e := mustNew(t, cfg)
		r := rand.New(rand.NewPCG(1, 2))
		for id := range 3000 {
			if err := e.Enqueue(t.Context(), item(id, 20+r.IntN(400))); err != nil {
				t.Fatal(err)
			}
		}
		closeAndCheck(t, e)
		for i, n := range bodies {
			if n > maxBatch {
				t.Fatalf("batch %d body is %d bytes, over %d", i, n, maxBatch)
			}
			if i+1 < len(bodies) && n+1+firstItem[i+1] <= maxBatch {
				t.Fatalf("batch %d (%d bytes) was sent although the next item (%d bytes) fitted", i, n, firstItem[i+1])
			}
		}
		if got := s.deliveredIDs(); !slices.Equal(got, seqRange(0, 3000)) {
			t.Fatalf("items delivered out of order or lost")
		}
	})
}

func TestBatchSizeAccounting(t *testing.T) {
	b := &batch{}
	r := rand.New(rand.NewPCG(3, 4))
	for id := range 200 {
		b.add(uint64(id), item(id, 20+r.IntN(100)), trackEnvelope)
		if got := len(assemble(b.items)); b.size != got {
			t.Fatalf("after %d items: size = %d, assembled body = %d", id+1, b.size, got)
		}
	}
}

func TestEnqueueRejectsItemsNoBatchCanCarry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, nil)
		cfg := s.config()
		cfg.MaxBatchBytes = 100
		e := mustNew(t, cfg)
		if err := e.Enqueue(t.Context(), item(0, 100-trackEnvelope+1)); !errors.Is(err, ErrItemTooLarge) {
			t.Errorf("Enqueue(89 bytes) = %v; want ErrItemTooLarge", err)
		}
		if err := e.Enqueue(t.Context(), nil); !errors.Is(err, ErrEmptyItem) {
			t.Errorf("Enqueue(nil) = %v; want ErrEmptyItem", err)
		}
		if err := e.Enqueue(t.Context(), item(1, 100-trackEnvelope)); err != nil {
			t.Errorf("Enqueue(88 bytes) = %v; want nil", err)
		}
		st := closeAndCheck(t, e)
		if st.Enqueued != 1 || st.Delivered != 1 {
			t.Errorf("stats = %+v; want only the fitting item enqueued and delivered", st)
		}
	})
}
