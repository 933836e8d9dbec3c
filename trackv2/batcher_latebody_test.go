package trackv2

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// answerFirst is a RoundTripper that answers 200 at once and reads each body
// only when gate opens, as net/http allows a transport to: an HTTP/1.1 server
// may answer before the whole body arrived.
type answerFirst struct {
	gate   chan struct{}
	reads  sync.WaitGroup
	mu     sync.Mutex
	bodies []string
}

func (a *answerFirst) RoundTrip(r *http.Request) (*http.Response, error) {
	a.reads.Go(func() {
		<-a.gate
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		a.mu.Lock()
		a.bodies = append(a.bodies, string(b))
		a.mu.Unlock()
	})
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

// TestBatchBodyIsIntactWhenReadAfterTheAnswer checks that a batch body keeps
// its bytes until the transport closes it: the Batcher reuses body buffers,
// and must not hand one to the next batch while it may still be read.
func TestBatchBodyIsIntactWhenReadAfterTheAnswer(t *testing.T) {
	rt := &answerFirst{gate: make(chan struct{})}
	c, err := New(testSite, testKey, customerio.WithBaseURL("https://track.customerio.test"), customerio.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBatcher(c, customerio.QueueConfig{MaxBatchItems: 1, Uploaders: 1})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	for i := range n {
		if err := b.Enqueue(t.Context(), TrackPersonEvent(customerio.ByID("u"), "e"+strconv.Itoa(i), nil)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	close(rt.gate)
	rt.reads.Wait()
	names := make(map[string]bool)
	for _, body := range rt.bodies {
		var got struct {
			Batch []struct {
				Name string `json:"name"`
			} `json:"batch"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil || len(got.Batch) != 1 {
			t.Fatalf("body read after the answer is %q (%v), want a batch of one", body, err)
		}
		names[got.Batch[0].Name] = true
	}
	if len(rt.bodies) != n || len(names) != n {
		t.Errorf("%d bodies with %d distinct events, want %d of each", len(rt.bodies), len(names), n)
	}
}
