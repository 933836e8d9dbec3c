package pipelines_test

import (
	"errors"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestWithQueueMaxBatchBytesCapsEachBody pins that QueueConfig.MaxBatchBytes
// reaches the queue: every /v1/batch body stays within it, so the messages
// take several requests, where the default limit would send them in one.
func TestWithQueueMaxBatchBytesCapsEachBody(t *testing.T) {
	const limit = 100_000
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL), pipelines.WithQueue(customerio.QueueConfig{MaxBatchBytes: limit}))
	m := wireTrack()
	m.Properties = pipelines.Properties{"pad": strings.Repeat("x", 5_000)}
	for range 60 {
		if err := c.Track(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) < 4 {
		t.Errorf("%d requests for about 300 KB of messages, want at least 4 of at most %d bytes", len(reqs), limit)
	}
	for i, r := range reqs {
		if len(r.Body) > limit {
			t.Errorf("request %d: %d bytes, over MaxBatchBytes %d", i, len(r.Body), limit)
		}
	}
}

// TestWithQueueLastOneWinsWhole pins that a later WithQueue replaces an
// earlier one entirely: its zero fields are defaults again, not the earlier
// values.
func TestWithQueueLastOneWinsWhole(t *testing.T) {
	c, err := pipelines.New(testKey, unreachable(t),
		pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: -1, Uploaders: 1}),
		pipelines.WithQueue(customerio.QueueConfig{MaxInFlight: 4}))
	if err != nil {
		t.Fatalf("New: %v; want the first WithQueue replaced", err)
	}
	_ = c.Close(t.Context())
}

// TestQueueErrorsAreTheRootValues pins that a full queue and a closed client
// answer with errors matching customerio.ErrQueueFull and customerio.ErrClosed.
func TestQueueErrorsAreTheRootValues(t *testing.T) {
	c, err := pipelines.New(testKey, unreachable(t), pipelines.WithDryRun())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	err = c.Identify(t.Context(), pipelines.Identify{UserID: "1"})
	if !errors.Is(err, customerio.ErrClosed) || err.Error() != customerio.ErrClosed.Error() {
		t.Errorf("Identify after Close: %v, want customerio.ErrClosed", err)
	}
}
