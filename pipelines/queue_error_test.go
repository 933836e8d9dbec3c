package pipelines

import (
	"errors"
	"fmt"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
)

// TestQueueErrorMatchesRootAndEngineValues pins the mapping of the engine's
// queue errors: the sentinels and errors wrapping them match the root values
// (and still the engine's), a wrapping error keeps its message, and other
// errors pass through untouched.
func TestQueueErrorMatchesRootAndEngineValues(t *testing.T) {
	for _, tc := range []struct{ engine, root error }{
		{batch.ErrQueueFull, customerio.ErrQueueFull},
		{batch.ErrClosed, customerio.ErrClosed},
	} {
		got := queueError(tc.engine)
		if !errors.Is(got, tc.root) || !errors.Is(got, tc.engine) || got.Error() != tc.root.Error() {
			t.Errorf("queueError(%v) = %v, want it to match %v and read as it", tc.engine, got, tc.root)
		}
		wrapped := fmt.Errorf("3 items given up: %w", tc.engine)
		got = queueError(wrapped)
		if !errors.Is(got, tc.root) || got.Error() != wrapped.Error() {
			t.Errorf("queueError(%v) = %v, want it to match %v and keep its message", wrapped, got, tc.root)
		}
	}
	other := errors.New("boom")
	if got := queueError(other); got != other {
		t.Errorf("queueError(other) = %v, want it unchanged", got)
	}
	if queueError(nil) != nil {
		t.Error("queueError(nil) != nil")
	}
}
