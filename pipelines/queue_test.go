package pipelines_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// inMemoryBase is the base URL of the clients served by inMemory.
var inMemoryBase = customerio.WithBaseURL("https://cdp.test")

// TestFlushInterval checks that a partial batch leaves FlushInterval after
// its first message, not before.
func TestFlushInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := newRecorder(t, nil)
		c := newClient(t, inMemoryBase, customerio.WithHTTPClient(inMemory(rec)), pipelines.WithQueue(customerio.QueueConfig{FlushInterval: 5 * time.Second}))
		if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "first"}); err != nil {
			t.Fatal(err)
		}
		advance(4 * time.Second)
		if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "second"}); err != nil {
			t.Fatal(err)
		}
		advance(999 * time.Millisecond)
		if n := len(rec.requests()); n != 0 {
			t.Fatalf("%d requests before the flush interval", n)
		}
		advance(time.Millisecond)
		reqs := rec.requests()
		if len(reqs) != 1 || len(decodeBatch(t, reqs[0].Body).Batch) != 2 {
			t.Fatalf("after the flush interval: %d requests, want one batch of 2", len(reqs))
		}
		if s := c.Stats(); s.Delivered != 2 || s.Queued != 0 {
			t.Errorf("stats %+v", s)
		}
	})
}

// TestBatchSize checks that a full batch leaves at once and Close sends the
// rest.
func TestBatchSize(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := newRecorder(t, nil)
		c, err := pipelines.New(testKey, inMemoryBase, customerio.WithHTTPClient(inMemory(rec)), pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: 2, Uploaders: 1}))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if err := c.Page(t.Context(), pipelines.Page{UserID: "1", Name: strings.Repeat("p", i+1)}); err != nil {
				t.Fatal(err)
			}
		}
		synctest.Wait()
		if n := len(rec.requests()); n != 2 {
			t.Errorf("%d requests before the flush interval, want 2 full batches", n)
		}
		if err := c.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
		var sizes []int
		for _, r := range rec.requests() {
			sizes = append(sizes, len(decodeBatch(t, r.Body).Batch))
		}
		if len(sizes) != 3 || sizes[0] != 2 || sizes[1] != 2 || sizes[2] != 1 {
			t.Errorf("batches of %v, want [2 2 1]", sizes)
		}
		if s := c.Stats(); s.Enqueued != 5 || s.Delivered != 5 || s.BatchesSent != 3 {
			t.Errorf("stats %+v", s)
		}
	})
}

// blocker is a server whose answers wait until release is closed, or the
// request's context ends.
type blocker struct {
	release chan struct{}
}

func newBlocker() *blocker { return &blocker{release: make(chan struct{})} }

func (b *blocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case <-b.release:
		_, _ = io.WriteString(w, "{}")
	case <-r.Context().Done():
	}
}

// big is a message of about 30 KB, so that a few fill the smallest queue.
func big(i int) pipelines.Track {
	return pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"i": i, "pad": strings.Repeat("x", 30_000)}}
}

// TestQueueFullDrop checks the Drop policy: once the queue holds its bound,
// the call returns ErrQueueFull at once and the refusal is counted.
func TestQueueFullDrop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBlocker()
		c := newClient(t, inMemoryBase, customerio.WithHTTPClient(inMemory(b)),
			pipelines.WithQueue(customerio.QueueConfig{MaxQueueBytes: customerio.MaxBatchBytes + 64, OnFull: customerio.Drop}))
		var err error
		accepted := 0
		for i := 0; i < 100 && err == nil; i++ {
			if err = c.Track(t.Context(), big(i)); err == nil {
				accepted++
			}
		}
		if !errors.Is(err, customerio.ErrQueueFull) {
			t.Fatalf("after %d messages: %v, want ErrQueueFull", accepted, err)
		}
		if s := c.Stats(); s.Dropped != 1 || s.Enqueued != int64(accepted) {
			t.Errorf("stats %+v; want 1 dropped, %d enqueued", s, accepted)
		}
		close(b.release)
		if err := c.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if s := c.Stats(); s.Delivered != int64(accepted) {
			t.Errorf("stats %+v; want %d delivered", s, accepted)
		}
	})
}

// TestQueueFullBlock checks the Block policy: the call waits for room and
// returns its context's error when that ends first.
func TestQueueFullBlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBlocker()
		c := newClient(t, inMemoryBase, customerio.WithHTTPClient(inMemory(b)), pipelines.WithQueue(customerio.QueueConfig{MaxQueueBytes: customerio.MaxBatchBytes + 64}))
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		var err error
		for i := 0; i < 100 && err == nil; i++ {
			err = c.Track(ctx, big(i))
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want the context's deadline", err)
		}
		close(b.release)
	})
}

// TestCloseGivesUp checks that Close with an ending context reports every
// message still unsent to OnFailure with ErrClosed, and returns the
// context's error.
func TestCloseGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBlocker()
		var mu sync.Mutex
		var failed []customerio.Failure
		c, err := pipelines.New(testKey, inMemoryBase, customerio.WithHTTPClient(inMemory(b)),
			pipelines.WithQueue(customerio.QueueConfig{OnFailure: func(f []customerio.Failure) {
				mu.Lock()
				defer mu.Unlock()
				failed = append(failed, f...)
			}}))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"i": i}}); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		// The server never answers: the request ends when Close cancels it.
		if err := c.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Close: %v, want the context's deadline", err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(failed) != 3 {
			t.Fatalf("%d failures, want 3", len(failed))
		}
		for _, f := range failed {
			if !errors.Is(f.Err, customerio.ErrClosed) || len(f.Data) == 0 {
				t.Errorf("failure %d: %v, want ErrClosed", f.Seq, f.Err)
			}
		}
		if s := c.Stats(); s.Failed != 3 || s.Queued != 0 {
			t.Errorf("stats %+v", s)
		}
	})
}
