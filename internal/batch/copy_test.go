package batch

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"unsafe"
)

// TestEnqueueCopiesTheItem pins that the caller may reuse its buffer as soon
// as Enqueue returns: the encoders hand the engine their pooled buffers.
func TestEnqueueCopiesTheItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, nil)
		e := mustNew(t, s.config())
		buf := make([]byte, 0, 64)
		for id := range 50 {
			buf = append(buf[:0], item(id, 40)...)
			if err := e.Enqueue(context.Background(), buf); err != nil {
				t.Fatal(err)
			}
			clear(buf)
		}
		closeAndCheck(t, e)
		if got := s.deliveredIDs(); !slices.Equal(got, seqRange(0, 50)) {
			t.Errorf("delivered %v, want items 0..49 as enqueued", got)
		}
	})
}

// TestFailureDataIsItsOwn pins that a failure's Data is a copy of its own,
// not a view of the chunk the queued item shared with others: a caller
// keeping failures must not keep that memory, and may change what it keeps.
func TestFailureDataIsItsOwn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		refused := errors.New("refused")
		s := newSink(t, func(context.Context, [][]byte) error {
			return &ItemErrors{Errors: []ItemError{{Index: 0, Err: refused}, {Index: 1, Err: refused}}}
		})
		e := mustNew(t, s.config())
		enqueueIDs(t, e, 0, 2, 30)
		closeAndCheck(t, e)
		_, failures := s.snapshot()
		if len(failures) != 2 {
			t.Fatalf("%d failures, want 2", len(failures))
		}
		a, b := failures[0].Data, failures[1].Data
		if idOf(t, a) != 0 || idOf(t, b) != 1 {
			t.Fatalf("failures carry %q and %q, want items 0 and 1", a, b)
		}
		// Queued, the two items sat side by side in one chunk.
		if unsafe.SliceData(b) == (*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(a)), len(a))) {
			t.Errorf("failure Data still view the queue's chunk")
		}
	})
}
