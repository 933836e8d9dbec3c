package pipelines_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"testing"
	"testing/synctest"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
	"github.com/gocustomerio/customerio/retry"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestMessageIDStableAcrossRetry sends a batch the server first answers 503:
// the queue sends it again, and both requests carry the same messages with the
// same generated messageIds; only sentAt moves.
func TestMessageIDStableAcrossRetry(t *testing.T) {
	tests := []struct {
		name string
		opts []customerio.Option
		// wantRetried is Stats.Retried: a retry by the queue, or none when the
		// client's retry strategy repeated the request itself.
		wantRetried int64
	}{
		{"retried by the queue", nil, 1},
		{"retried by the retry strategy", []customerio.Option{customerio.WithRetry(retry.Exponential(retry.MaxAttempts(2)))}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rec := newRecorder(t, func(n int, _ received, w http.ResponseWriter) {
					if n == 0 {
						w.WriteHeader(http.StatusServiceUnavailable)
						return
					}
					_, _ = io.WriteString(w, "{}")
				})
				opts := append([]customerio.Option{customerio.WithBaseURL("https://cdp.test"), customerio.WithHTTPClient(inMemory(rec))}, tc.opts...)
				c := newClient(t, opts...)
				for _, event := range []string{"a", "b", "c"} {
					if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: event}); err != nil {
						t.Fatal(err)
					}
				}
				if err := c.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
				reqs := rec.requests()
				if len(reqs) != 2 {
					t.Fatalf("%d requests, want 2 (503, then 200)", len(reqs))
				}
				first, second := decodeBatch(t, reqs[0].Body), decodeBatch(t, reqs[1].Body)
				if len(first.Batch) != 3 || len(second.Batch) != 3 {
					t.Fatalf("batches of %d and %d messages, want 3", len(first.Batch), len(second.Batch))
				}
				seen := map[string]bool{}
				for i := range first.Batch {
					if !bytes.Equal(first.Batch[i], second.Batch[i]) {
						t.Errorf("message %d changed between attempts:\n%s\n%s", i, first.Batch[i], second.Batch[i])
					}
					id, _ := decodeObject(t, first.Batch[i])["messageId"].(string)
					if !uuidV4.MatchString(id) || seen[id] {
						t.Errorf("messageId %q: want a fresh UUID v4", id)
					}
					seen[id] = true
				}
				s := c.Stats()
				if s.Delivered != 3 || s.Failed != 0 || s.Retried != tc.wantRetried {
					t.Errorf("stats %+v; want 3 delivered, %d retried", s, tc.wantRetried)
				}
			})
		})
	}
}
