package pipelines_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// latencyMessages is how many messages one benchmark op delivers.
const latencyMessages = 100_000

// latencyRTTs are the round trips the latency benchmarks run at: loopback, a
// nearby region, another continent.
var latencyRTTs = []time.Duration{0, 20 * time.Millisecond, 100 * time.Millisecond}

// rttName names a sub-benchmark: rtt=0, rtt=20ms, rtt=100ms.
func rttName(rtt time.Duration) string {
	if rtt == 0 {
		return "rtt=0"
	}
	return "rtt=" + rtt.String()
}

// latencyServer is an HTTPS server speaking HTTP/2 that reads each request
// and answers 200 {} after a fixed delay, as a distant collector would,
// counting the requests in flight and their peak.
type latencyServer struct {
	*httptest.Server
	inFlight, peak atomic.Int64
}

func newLatencyServer(b *testing.B, delay time.Duration) *latencyServer {
	s := &latencyServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
		}
		_, _ = io.Copy(io.Discard, r.Body)
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
			}
			t.Stop()
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	s.EnableHTTP2 = true
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	b.Cleanup(s.Close)
	return s
}

// report adds the delivery rate and the peak of requests in flight.
func (s *latencyServer) report(b *testing.B, elapsed time.Duration) {
	b.ReportMetric(float64(latencyMessages)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(s.peak.Load()), "peak-inflight")
	b.ReportMetric(0, "ns/op")
}

// produce calls send for messages 0..latencyMessages-1 from two goroutines,
// the way a busy service's request handlers queue.
func produce(b *testing.B, send func(i int) error) {
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for i := g; i < latencyMessages; i += 2 {
				if err := send(i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

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
	for _, rtt := range latencyRTTs {
		b.Run(rttName(rtt), func(b *testing.B) {
			srv := newLatencyServer(b, rtt)
			for b.Loop() {
				c, err := pipelines.New("bench-key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				start := time.Now()
				produce(b, func(i int) error { return c.Track(ctx, latencyTrack(i)) })
				if err := c.Close(ctx); err != nil {
					b.Fatal(err)
				}
				elapsed := time.Since(start)
				if s := c.Stats(); s.Delivered != latencyMessages {
					b.Fatalf("stats %+v; want every message delivered", s)
				}
				srv.report(b, elapsed)
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
	for _, rtt := range latencyRTTs {
		b.Run(rttName(rtt), func(b *testing.B) {
			srv := newLatencyServer(b, rtt)
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
				produce(b, func(i int) error {
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
				if delivered.Load() != latencyMessages {
					b.Fatalf("%d messages delivered; want %d", delivered.Load(), latencyMessages)
				}
				srv.report(b, elapsed)
			}
		})
	}
}
