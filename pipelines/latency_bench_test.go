package pipelines_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocustomerio/customerio/internal/batch/batchtest"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// latencyTrack is the message both benchmarks send.
func latencyTrack(i int) pipelines.Track {
	return pipelines.Track{
		UserID: "user-" + strconv.Itoa(i),
		Event:  "Order Completed",
		Properties: pipelines.Properties{
			"order_id": "A-" + strconv.Itoa(i),
			"total":    39.5,
			"currency": "EUR",
			"quantity": i%5 + 1,
		},
	}
}

// BenchmarkPipelinesLatency delivers 100,000 Track messages per op through a
// Client with its defaults, to a server answering each request after the
// round trip of the sub-benchmark's name, over HTTP/2 and TLS. ops/s counts
// the messages accepted per second, from the first Track to the end of
// Close. Run with -benchtime=1x.
func BenchmarkPipelinesLatency(b *testing.B) {
	for _, rtt := range batchtest.LatencyRTTs {
		b.Run(batchtest.RTTName(rtt), func(b *testing.B) {
			srv := batchtest.NewLatencyServer(b, rtt)
			for b.Loop() {
				c, err := pipelines.New("bench-key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				start := time.Now()
				batchtest.Produce(b, func(i int) error { return c.Track(ctx, latencyTrack(i)) })
				if err := c.Close(ctx); err != nil {
					b.Fatal(err)
				}
				elapsed := time.Since(start)
				if s := c.Stats(); s.Delivered != batchtest.LatencyItems {
					b.Fatalf("stats %+v; want every message delivered", s)
				}
				srv.Report(b, batchtest.LatencyItems, elapsed)
			}
		})
	}
}

// latencyBaselineMessage is a Track message as a Segment-family client models
// it for encoding/json.
type latencyBaselineMessage struct {
	Type       string         `json:"type"`
	MessageID  string         `json:"messageId"`
	Timestamp  time.Time      `json:"timestamp"`
	UserID     string         `json:"userId"`
	Event      string         `json:"event"`
	Properties map[string]any `json:"properties"`
	Context    map[string]any `json:"context"`
}

// BenchmarkPipelinesLatencyBaseline sends the same messages the way the
// Segment family of libraries does: batches of 250 encoded with encoding/json
// and posted with net/http by up to 64 goroutines, over the same HTTP/2
// client.
func BenchmarkPipelinesLatencyBaseline(b *testing.B) {
	library := map[string]any{"name": "customerio-go", "version": customerio.Version()}
	for _, rtt := range batchtest.LatencyRTTs {
		b.Run(batchtest.RTTName(rtt), func(b *testing.B) {
			srv := batchtest.NewLatencyServer(b, rtt)
			client := srv.Client()
			for b.Loop() {
				batches := make(chan []latencyBaselineMessage, 64)
				var delivered atomic.Int64
				var workers sync.WaitGroup
				for range 64 {
					workers.Go(func() {
						for msgs := range batches {
							body, err := json.Marshal(map[string]any{"batch": msgs, "sentAt": time.Now()})
							if err != nil {
								b.Error(err)
								continue
							}
							req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/batch", bytes.NewReader(body))
							req.Header.Set("Content-Type", "application/json")
							req.SetBasicAuth("bench-key", "")
							resp, err := client.Do(req)
							if err != nil {
								b.Error(err)
								continue
							}
							_, _ = io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							if resp.StatusCode == http.StatusOK {
								delivered.Add(int64(len(msgs)))
							}
						}
					})
				}
				start := time.Now()
				var mu sync.Mutex
				pending := make([]latencyBaselineMessage, 0, 250)
				batchtest.Produce(b, func(i int) error {
					m := latencyTrack(i)
					var id [16]byte
					_, _ = rand.Read(id[:])
					msg := latencyBaselineMessage{
						Type: "track", MessageID: hex.EncodeToString(id[:]), Timestamp: time.Now(),
						UserID: m.UserID, Event: m.Event, Properties: m.Properties,
						Context: map[string]any{"library": library},
					}
					mu.Lock()
					pending = append(pending, msg)
					var full []latencyBaselineMessage
					if len(pending) == 250 {
						full, pending = pending, make([]latencyBaselineMessage, 0, 250)
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
					b.Fatalf("%d messages delivered; want %d", delivered.Load(), batchtest.LatencyItems)
				}
				srv.Report(b, batchtest.LatencyItems, elapsed)
			}
		})
	}
}
