package batch

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// TestCloseEndsEveryUploaderWhenTheWindowShrankDuringTheDrain: Close opens the
// window to MaxInFlight, a failure during the drain halves it, and uploaders
// that found batches waiting but no place in the window wait. When the last
// batch is taken and finished, every waiting uploader must be woken to see the
// queue is empty and end; before, the last finish woke nobody, and Close
// waited for ever.
func TestCloseEndsEveryUploaderWhenTheWindowShrankDuringTheDrain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		closing := false
		failedOnce := map[string]bool{}
		s := newSink(t, func(ctx context.Context, items [][]byte) error {
			mu.Lock()
			key := string(items[0])
			fail := closing && !failedOnce[key]
			failedOnce[key] = failedOnce[key] || fail
			mu.Unlock()
			if fail {
				// Each batch sent during the drain fails once: the window
				// halves down to 1 while batches still wait.
				return &customerio.APIError{StatusCode: http.StatusServiceUnavailable}
			}
			return wait(ctx, 10*time.Millisecond)
		})
		cfg := s.config()
		cfg.MaxItems = 1
		cfg.Uploaders, cfg.MaxInFlight = 0, 8
		cfg.FlushInterval = time.Hour
		cfg.RetryBaseDelay, cfg.RetryMaxDelay = time.Millisecond, time.Millisecond
		e := mustNew(t, cfg)
		enqueueIDs(t, e, 0, 40, 16)
		mu.Lock()
		closing = true
		mu.Unlock()
		if err := e.Close(t.Context()); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if st := checkBalanced(t, e); st.Delivered != 40 {
			t.Errorf("stats %+v; want all 40 delivered", st)
		}
	})
}
