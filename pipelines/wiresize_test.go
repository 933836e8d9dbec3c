package pipelines_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// wireTrack is the representative message whose bytes are measured.
func wireTrack() pipelines.Track {
	return pipelines.Track{UserID: "42", Event: "Order Completed", Properties: pipelines.Properties{"total": 99.5}}
}

// officialTrack is the shape of a track batch item as Customer.io's own Go
// client (cdp-analytics-go) encodes it: a UUID messageId, a time.Time
// timestamp at full precision, and no context, which that client sends once in
// the batch envelope.
type officialTrack struct {
	Type       string         `json:"type,omitempty"`
	MessageID  string         `json:"messageId,omitempty"`
	UserID     string         `json:"userId,omitempty"`
	Event      string         `json:"event"`
	Timestamp  time.Time      `json:"timestamp"`
	Properties map[string]any `json:"properties,omitempty"`
}

// officialBytesPerTrack is the bytes the official client spends on wireTrack
// in a batch: the item and its comma, with a timestamp whose nanoseconds are
// all significant, as time.Now's usually are.
func officialBytesPerTrack(t testing.TB) int {
	m := wireTrack()
	data, err := json.Marshal(officialTrack{
		Type: "track", MessageID: "0b7e3f0e-5a4c-4f7e-9d3a-1c2b3d4e5f60", UserID: m.UserID, Event: m.Event,
		Timestamp: time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC), Properties: m.Properties,
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(data) + 1
}

// bytesPerTrack queues n copies of wireTrack, with the ids and timestamps the
// client generates, and returns the body's bytes per message beyond the
// envelope, and the batch.
func bytesPerTrack(t testing.TB, n int) (float64, batchBody) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL), pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: n}))
	for range n {
		if err := c.Track(t.Context(), wireTrack()); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	b := decodeBatch(t, reqs[0].Body)
	items := 0
	for _, it := range b.Batch {
		items += len(it) + 1
	}
	return float64(items) / float64(len(b.Batch)), b
}

// TestTrackBytesPerMessageNotAboveOfficialClient checks that a track message
// costs no more bytes in a batch than it does with Customer.io's own Go
// client, which means context.library is not repeated in every item.
func TestTrackBytesPerMessageNotAboveOfficialClient(t *testing.T) {
	ours, _ := bytesPerTrack(t, 50)
	official := officialBytesPerTrack(t)
	t.Logf("bytes per track message: ours %.1f, official client %d (ratio %.3f)", ours, official, ours/float64(official))
	if ours > float64(official) {
		t.Errorf("%.1f bytes per track message, more than the official client's %d", ours, official)
	}
}

// TestBatchContextSentOncePerEnvelope checks that the default context, with
// context.library, travels once in the batch envelope and not in the items,
// that an item carries only the context its message set, and that a single
// call still carries context.library.
func TestBatchContextSentOncePerEnvelope(t *testing.T) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL), pipelines.WithDefaultContext(pipelines.Context{"app": map[string]any{"name": "shop"}}))
	if err := c.Track(t.Context(), wireTrack()); err != nil {
		t.Fatal(err)
	}
	own := wireTrack()
	own.Context = pipelines.Context{}.SetIP("203.0.113.7")
	if err := c.Track(t.Context(), own); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(t.Context(), wireTrack()); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	b := decodeBatch(t, reqs[0].Body)
	want := map[string]any{"app": map[string]any{"name": "shop"}, "library": ourLibrary()}
	if got := decodeObject(t, b.Context); !reflect.DeepEqual(got, want) {
		t.Errorf("batch context %v, want %v", got, want)
	}
	if _, ok := decodeObject(t, b.Batch[0])["context"]; ok {
		t.Errorf("an item without a context of its own carries one: %s", b.Batch[0])
	}
	if got := decodeObject(t, b.Batch[1])["context"]; !reflect.DeepEqual(got, map[string]any{"ip": "203.0.113.7"}) {
		t.Errorf("item context %v, want its own only", got)
	}
	if got := decodeObject(t, reqs[1].Body)["context"]; !reflect.DeepEqual(got, want) {
		t.Errorf("single call context %v, want %v", got, want)
	}
}

// TestBatchWithLargeDefaultContextWithinLimit checks that the envelope's
// context counts against customerio.MaxBatchBytes: with a large default
// context, every batch body stays within the limit.
func TestBatchWithLargeDefaultContextWithinLimit(t *testing.T) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL), pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: 1000}),
		pipelines.WithDefaultContext(pipelines.Context{"pad": strings.Repeat("p", 20_000)}))
	m := wireTrack()
	m.Properties = pipelines.Properties{"pad": strings.Repeat("x", 5_000)}
	for range 200 {
		if err := c.Track(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) < 2 {
		t.Fatalf("%d requests, want the messages split over several", len(reqs))
	}
	for i, r := range reqs {
		if len(r.Body) > customerio.MaxBatchBytes {
			t.Errorf("batch %d is %d bytes, over %d", i, len(r.Body), customerio.MaxBatchBytes)
		}
	}
}

// BenchmarkTrackWireBytes reports the bytes per track message in a batch
// (bytes/msg), beside BenchmarkTrackWireBytesBaselineOfficial, the official
// client's for the same message.
func BenchmarkTrackWireBytes(b *testing.B) {
	var per float64
	for b.Loop() {
		per, _ = bytesPerTrack(b, 100)
	}
	b.ReportMetric(per, "bytes/msg")
}

// BenchmarkTrackWireBytesBaselineOfficial is the baseline of
// BenchmarkTrackWireBytes.
func BenchmarkTrackWireBytesBaselineOfficial(b *testing.B) {
	var per int
	for b.Loop() {
		per = officialBytesPerTrack(b)
	}
	b.ReportMetric(float64(per), "bytes/msg")
}
