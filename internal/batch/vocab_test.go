package batch

import (
	"context"
	"errors"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// The public queues pass QueueConfig.OnFailure and QueueConfig.OnFull to the
// engine as they are: these assignments only compile while the engine's types
// are the root package's.
var (
	_ func([]customerio.Failure) = Config{}.OnFailure
	_ customerio.FullPolicy      = Config{}.OnFull
)

// TestEngineErrorsAreTheRootValues pins that the engine returns the root
// package's queue errors, so that errors.Is matches them by their public names.
func TestEngineErrorsAreTheRootValues(t *testing.T) {
	release := make(chan struct{})
	s := newSink(t, func(ctx context.Context, _ [][]byte) error {
		<-release
		return nil
	})
	cfg := s.config()
	cfg.OnFull = customerio.Drop
	largest := DefaultMaxBatchBytes - trackEnvelope
	cfg.MaxQueueBytes = int64(largest) + ItemOverhead
	e := mustNew(t, cfg)
	if err := e.Enqueue(context.Background(), item(0, largest)); err != nil {
		t.Fatalf("first Enqueue: %v", err)
	}
	// The queue holds one largest item, still being sent: Drop refuses a
	// second at once.
	if err := e.Enqueue(context.Background(), item(1, 64)); !errors.Is(err, customerio.ErrQueueFull) {
		t.Errorf("Enqueue on a full queue: %v, want customerio.ErrQueueFull", err)
	}
	close(release)
	if err := e.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := e.Enqueue(context.Background(), item(2, 64)); !errors.Is(err, customerio.ErrClosed) {
		t.Errorf("Enqueue after Close: %v, want customerio.ErrClosed", err)
	}
}
