package pipelines_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestBodyReadAfterAnswerIsIntact checks that a batch body stays as it was
// until the transport closes it: net/http lets a RoundTripper answer first and
// go on reading the body afterwards (an HTTP/1.1 server answering before the
// whole body arrived), so the body's bytes must not be reused for the next
// batch until Close.
func TestBodyReadAfterAnswerIsIntact(t *testing.T) {
	var (
		mu     sync.Mutex
		bodies []string
		reads  sync.WaitGroup
		gate   = make(chan struct{})
	)
	late := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		reads.Go(func() {
			<-gate
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			mu.Lock()
			bodies = append(bodies, string(b))
			mu.Unlock()
		})
		return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
	})
	c, err := pipelines.New(testKey, inMemoryBase, customerio.WithHTTPClient(&http.Client{Transport: late}),
		pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: 1, Uploaders: 1}))
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	for i := range n {
		if err := c.Track(t.Context(), pipelines.Track{UserID: "u", Event: strings.Repeat("e", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	close(gate)
	reads.Wait()
	if len(bodies) != n {
		t.Fatalf("%d bodies read, want %d", len(bodies), n)
	}
	seen := make(map[string]bool)
	for _, b := range bodies {
		var got struct {
			Batch []struct {
				Event string `json:"event"`
			} `json:"batch"`
		}
		if err := json.Unmarshal([]byte(b), &got); err != nil || len(got.Batch) != 1 {
			t.Fatalf("body read after the answer is %q (%v), want a batch of one", b, err)
		}
		seen[got.Batch[0].Event] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct events in %d bodies, want %d: a body was overwritten before it was read", len(seen), n, n)
	}
}
