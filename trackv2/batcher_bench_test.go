package trackv2

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// benchEvent is the op the Enqueue benchmarks queue: an event with a small
// payload, the bulk of a Batcher's traffic.
func benchEvent(i int) Op {
	return TrackPersonEvent(customerio.ByID("user-"+strconv.Itoa(i)), "purchased", map[string]any{
		"product":  "sku-" + strconv.Itoa(i%97),
		"price":    19.99,
		"currency": "EUR",
		"quantity": i%5 + 1,
	})
}

// discardServer answers every request 200 without a network.
type discardServer struct{}

func (discardServer) RoundTrip(r *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, r.Body)
	r.Body.Close()
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(bytes.NewReader([]byte("{}"))), ContentLength: 2, Request: r}, nil
}

// BenchmarkEnqueue measures what Enqueue costs the caller: validation,
// encoding with a generated event id, and queueing. Batches go to a server
// that answers at once, so the queue never fills.
func BenchmarkEnqueue(b *testing.B) {
	c, err := New(testSite, testKey, customerio.WithBaseURL("https://track.customerio.test"),
		customerio.WithHTTPClient(&http.Client{Transport: discardServer{}}))
	if err != nil {
		b.Fatal(err)
	}
	batcher, err := NewBatcher(c, customerio.QueueConfig{})
	if err != nil {
		b.Fatal(err)
	}
	op := benchEvent(1)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := batcher.Enqueue(ctx, op); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := batcher.Close(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEnqueueBaselineMarshal is the same op marshalled by encoding/json,
// event id already in place: what a program pays to turn it into bytes at
// all.
func BenchmarkEnqueueBaselineMarshal(b *testing.B) {
	op := benchEvent(1)
	v := baselineOp{Type: string(op.Type), Action: string(op.Action), Identifiers: op.Identifiers.(customerio.Identifiers),
		Name: op.Name, ID: NewEventID(), Attributes: op.Attributes}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}

// throughputServer is a local HTTP/2 server that reads and discards request
// bodies, as fast as it can.
func throughputServer(b *testing.B) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkBatcherThroughput enqueues b.N events from one goroutine into a
// Batcher with the default configuration (batches of 100, two uploaders) and
// waits until all are delivered to a local HTTP/2 server; ops/s is the rate
// end to end.
func BenchmarkBatcherThroughput(b *testing.B) {
	srv := throughputServer(b)
	c, err := New(testSite, testKey, customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	batcher, err := NewBatcher(c, customerio.QueueConfig{})
	if err != nil {
		b.Fatal(err)
	}
	ops := make([]Op, 1000)
	for i := range ops {
		ops[i] = benchEvent(i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if err := batcher.Enqueue(ctx, ops[i%len(ops)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := batcher.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if err := batcher.Close(ctx); err != nil {
		b.Fatal(err)
	}
	if s := batcher.Stats(); s.Delivered != int64(b.N) {
		b.Fatalf("stats %+v; want %d delivered", s, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
}

// BenchmarkBatcherThroughputBaselineNetHTTP sends the same events with plain
// net/http and encoding/json: batches of 100 marshalled in the calling
// goroutine and posted by two goroutines, with no validation, retries or
// accounting. It is the ceiling the Batcher is measured against.
func BenchmarkBatcherThroughputBaselineNetHTTP(b *testing.B) {
	srv := throughputServer(b)
	client := srv.Client()
	ops := make([]baselineOp, 1000)
	for i := range ops {
		op := benchEvent(i)
		ops[i] = baselineOp{Type: string(op.Type), Action: string(op.Action), Identifiers: op.Identifiers.(customerio.Identifiers),
			Name: op.Name, ID: NewEventID(), Attributes: op.Attributes}
	}
	bodies := make(chan []byte, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for body := range bodies {
				resp, err := client.Post(srv.URL+batchPath, "application/json", bytes.NewReader(body))
				if err != nil {
					b.Error(err)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			}
		})
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i += 100 {
		batch := baselineBatch{Batch: make([]baselineOp, 0, 100)}
		for j := i; j < min(i+100, b.N); j++ {
			batch.Batch = append(batch.Batch, ops[j%len(ops)])
		}
		body, err := json.Marshal(batch)
		if err != nil {
			b.Fatal(err)
		}
		bodies <- body
	}
	close(bodies)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
}
