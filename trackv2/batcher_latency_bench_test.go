package trackv2

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocustomerio/customerio/internal/batch/batchtest"

	customerio "github.com/gocustomerio/customerio"
)

// BenchmarkBatcherLatency delivers 100,000 events per op through a Batcher
// with its defaults, to a server answering each request after the round trip
// of the sub-benchmark's name, over HTTP/2 and TLS. ops/s counts the events
// Customer.io accepted per second, from the first Enqueue to the end of Close.
// Run with -benchtime=1x.
func BenchmarkBatcherLatency(b *testing.B) {
	for _, rtt := range batchtest.LatencyRTTs {
		b.Run(batchtest.RTTName(rtt), func(b *testing.B) {
			srv := batchtest.NewLatencyServer(b, rtt)
			for b.Loop() {
				c, err := New(testSite, testKey, customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
				if err != nil {
					b.Fatal(err)
				}
				batcher, err := NewBatcher(c, customerio.QueueConfig{})
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				start := time.Now()
				batchtest.Produce(b, func(i int) error { return batcher.Enqueue(ctx, benchEvent(i)) })
				if err := batcher.Close(ctx); err != nil {
					b.Fatal(err)
				}
				elapsed := time.Since(start)
				if s := batcher.Stats(); s.Delivered != batchtest.LatencyItems {
					b.Fatalf("stats %+v; want every event delivered", s)
				}
				srv.Report(b, batchtest.LatencyItems, elapsed)
			}
		})
	}
}

// latencyBaselineOp is the event as a Segment-family client would model it for
// encoding/json.
type latencyBaselineOp struct {
	Type        string            `json:"type"`
	Action      string            `json:"action"`
	Identifiers map[string]string `json:"identifiers"`
	Name        string            `json:"name"`
	ID          string            `json:"id"`
	Timestamp   int64             `json:"timestamp"`
	Attributes  map[string]any    `json:"attributes"`
}

// baselineEvent is benchEvent as a latencyBaselineOp, with a random id like the
// de-duplication id the Batcher gives each event.
func baselineEvent(i int) latencyBaselineOp {
	var raw [16]byte
	for k := 0; k < 16; k += 8 {
		v := rand.Uint64()
		for j := range 8 {
			raw[k+j] = byte(v >> (8 * j))
		}
	}
	return latencyBaselineOp{
		Type: "person", Action: "event", Name: "purchased",
		Identifiers: map[string]string{"id": "user-" + strconv.Itoa(i)},
		ID:          hex.EncodeToString(raw[:]),
		Timestamp:   time.Now().Unix(),
		Attributes: map[string]any{
			"product":  "sku-" + strconv.Itoa(i%97),
			"price":    19.99,
			"currency": "EUR",
			"quantity": i%5 + 1,
		},
	}
}

// BenchmarkBatcherLatencyBaseline sends the same events the way the Segment
// family of libraries does: batches of 250 encoded with encoding/json and
// posted with net/http by up to 64 goroutines, over the same HTTP/2 client.
func BenchmarkBatcherLatencyBaseline(b *testing.B) {
	for _, rtt := range batchtest.LatencyRTTs {
		b.Run(batchtest.RTTName(rtt), func(b *testing.B) {
			srv := batchtest.NewLatencyServer(b, rtt)
			client := srv.Client()
			for b.Loop() {
				batches := make(chan []latencyBaselineOp, 64)
				var delivered atomic.Int64
				var workers sync.WaitGroup
				for range 64 {
					workers.Go(func() {
						for ops := range batches {
							body, err := json.Marshal(map[string]any{"batch": ops})
							if err != nil {
								b.Error(err)
								continue
							}
							req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v2/batch", bytes.NewReader(body))
							req.Header.Set("Content-Type", "application/json")
							req.SetBasicAuth(testSite, testKey)
							resp, err := client.Do(req)
							if err != nil {
								b.Error(err)
								continue
							}
							_, _ = io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							if resp.StatusCode == http.StatusOK {
								delivered.Add(int64(len(ops)))
							}
						}
					})
				}
				start := time.Now()
				var mu sync.Mutex
				pending := make([]latencyBaselineOp, 0, 250)
				batchtest.Produce(b, func(i int) error {
					op := baselineEvent(i)
					mu.Lock()
					pending = append(pending, op)
					var full []latencyBaselineOp
					if len(pending) == 250 {
						full, pending = pending, make([]latencyBaselineOp, 0, 250)
					}
					mu.Unlock()
					if full != nil {
						batches <- full
					}
					return nil
				})
				if len(pending) > 0 {
					batches <- pending
				}
				close(batches)
				workers.Wait()
				elapsed := time.Since(start)
				if delivered.Load() != batchtest.LatencyItems {
					b.Fatalf("%d events delivered; want %d", delivered.Load(), batchtest.LatencyItems)
				}
				srv.Report(b, batchtest.LatencyItems, elapsed)
			}
		})
	}
}
