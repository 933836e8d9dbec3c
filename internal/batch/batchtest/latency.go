package batchtest

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// LatencyItems is how many items one latency benchmark op delivers.
const LatencyItems = 100_000

// LatencyRTTs are the round trips the latency benchmarks run at: loopback, a
// nearby region, another continent.
var LatencyRTTs = []time.Duration{0, 20 * time.Millisecond, 100 * time.Millisecond}

// RTTName names a sub-benchmark: rtt=0, rtt=20ms, rtt=100ms.
func RTTName(rtt time.Duration) string {
	if rtt == 0 {
		return "rtt=0"
	}
	return "rtt=" + rtt.String()
}

// LatencyServer is an HTTPS server speaking HTTP/2 that reads each request
// and answers 200 {} after a fixed delay, as a distant Customer.io would,
// counting the requests in flight and their peak.
type LatencyServer struct {
	*httptest.Server
	inFlight, peak atomic.Int64
}

// NewLatencyServer starts a LatencyServer answering after delay; b's cleanup
// closes it.
func NewLatencyServer(b *testing.B, delay time.Duration) *LatencyServer {
	s := &LatencyServer{}
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

// Report adds the delivery rate (ops/s) and the peak of requests in flight.
func (s *LatencyServer) Report(b *testing.B, delivered int64, elapsed time.Duration) {
	b.ReportMetric(float64(delivered)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(s.peak.Load()), "peak-inflight")
	b.ReportMetric(0, "ns/op")
}

// Produce calls send for items 0..LatencyItems-1 from two goroutines, the way
// a busy service's request handlers queue.
func Produce(b *testing.B, send func(i int) error) {
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for i := g; i < LatencyItems; i += 2 {
				if err := send(i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
