package trackv2

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// latencyEvents is how many events one benchmark op delivers.
const latencyEvents = 100_000

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
// and answers 200 {} after a fixed delay, as a distant Customer.io would,
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
func (s *latencyServer) report(b *testing.B, delivered int64, elapsed time.Duration) {
	b.ReportMetric(float64(delivered)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(s.peak.Load()), "peak-inflight")
	b.ReportMetric(0, "ns/op")
}

// produce calls send for events 0..latencyEvents-1 from two goroutines, the
// way a busy service's request handlers enqueue.
func produce(b *testing.B, send func(i int) error) {
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for i := g; i < latencyEvents; i += 2 {
				if err := send(i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkBatcherLatency delivers 100,000 events per op through a Batcher
// with its defaults, to a server answering each request after the round trip
// of the sub-benchmark's name, over HTTP/2 and TLS. ops/s counts the events
// Customer.io accepted per second, from the first Enqueue to the end of Close.
// Run with -benchtime=1x.
func BenchmarkBatcherLatency(b *testing.B) {
	for _, rtt := range latencyRTTs {
		b.Run(rttName(rtt), func(b *testing.B) {
			srv := newLatencyServer(b, rtt)
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
				produce(b, func(i int) error { return batcher.Enqueue(ctx, benchEvent(i)) })
				if err := batcher.Close(ctx); err != nil {
					b.Fatal(err)
				}
				elapsed := time.Since(start)
				if s := batcher.Stats(); s.Delivered != latencyEvents {
					b.Fatalf("stats %+v; want every event delivered", s)
				}
				srv.report(b, latencyEvents, elapsed)
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
	for _, rtt := range latencyRTTs {
		b.Run(rttName(rtt), func(b *testing.B) {
			srv := newLatencyServer(b, rtt)
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
				produce(b, func(i int) error {
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
				if delivered.Load() != latencyEvents {
					b.Fatalf("%d events delivered; want %d", delivered.Load(), latencyEvents)
				}
				srv.report(b, latencyEvents, elapsed)
			}
		})
	}
}
