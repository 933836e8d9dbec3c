package pipelines_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// benchTrack is the message both benchmarks encode: an event with a few
// properties, and no context, id or timestamp of its own, as most calls are.
func benchTrack() pipelines.Track {
	return pipelines.Track{
		UserID: "user-4711",
		Event:  "Order Completed",
		Properties: pipelines.Properties{
			"order_id": "A-10042",
			"total":    39.5,
			"currency": "EUR",
			"quantity": 3,
		},
	}
}

// baselineTrack is the same message as a plain Go value for encoding/json, the
// way a program without this package would write it, with the message id and
// timestamp already in place. It encodes to the very bytes the client queues.
type baselineTrack struct {
	Type       string         `json:"type"`
	MessageID  string         `json:"messageId"`
	Timestamp  time.Time      `json:"timestamp"`
	UserID     string         `json:"userId"`
	Event      string         `json:"event"`
	Properties map[string]any `json:"properties"`
}

func newBaseline(m pipelines.Track) baselineTrack {
	b := baselineTrack{
		Type:       "track",
		MessageID:  m.MessageID,
		Timestamp:  m.Timestamp.UTC(),
		UserID:     m.UserID,
		Event:      m.Event,
		Properties: m.Properties,
	}
	return b
}

// BenchmarkPipelinesEnqueue measures Client.Track: checking, filling in the
// message id and timestamp, encoding and queueing one message. The client
// runs dry, so the uploaders discard the batches and the queue never blocks.
func BenchmarkPipelinesEnqueue(b *testing.B) {
	c, err := pipelines.New("bench-key", pipelines.WithDryRun())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	msg := benchTrack()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Track(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := c.Close(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPipelinesEnqueueBaselineMarshal is the baseline: json.Marshal of
// the same message as a plain struct, producing the same bytes.
func BenchmarkPipelinesEnqueueBaselineMarshal(b *testing.B) {
	msg := benchTrack()
	msg.MessageID, msg.Timestamp = "0b7e3f0e-5a4c-4f7e-9d3a-1c2b3d4e5f60", time.Now()
	v := newBaseline(msg)
	b.ReportAllocs()
	for b.Loop() {
		data, err := json.Marshal(&v)
		if err != nil || len(data) == 0 {
			b.Fatal(err)
		}
	}
}

// TestBenchBaselineSameBytes checks that the baseline encodes exactly the
// bytes the client queues, so the two benchmarks do the same work.
func TestBenchBaselineSameBytes(t *testing.T) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL))
	msg := benchTrack()
	msg.MessageID, msg.Timestamp = pinnedID, pinnedTime
	if err := c.Track(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := decodeBatch(t, rec.requests()[0].Body).Batch[0]
	base := newBaseline(msg)
	want, err := json.Marshal(&base)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("queued   %s\nbaseline %s", got, want)
	}
}
