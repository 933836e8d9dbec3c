package trackv2

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestBatcherRetriesResetMidResponse: the server starts a 200 answer, then
// closes the connection halfway through its body. The Batcher cannot know
// whether the batch was applied, and its events carry their ids, so it sends
// the batch again rather than reporting or assuming delivery.
func TestBatcherRetriesResetMidResponse(t *testing.T) {
	var mu sync.Mutex
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		requests++
		first := requests == 1
		mu.Unlock()
		if !first {
			_, _ = w.Write([]byte(`{}`))
			return
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{\"err")
		_ = buf.Flush()
		_ = conn.Close()
	}))
	defer srv.Close()
	c, err := New(testSite, testKey, customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	var f failures
	b, err := NewBatcher(c, customerio.QueueConfig{OnFailure: f.record, RetryBaseDelay: 1, RetryMaxDelay: 1})
	if err != nil {
		t.Fatal(err)
	}
	enqueueNumbered(t, b, 0, 5)
	if err := b.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s := b.Stats()
	if s.Delivered != 5 || s.Retried != 1 || len(f.list()) != 0 {
		t.Errorf("stats %+v, failures %v; want the batch sent again once and delivered", s, f.list())
	}
	srv.Client().CloseIdleConnections()
}
