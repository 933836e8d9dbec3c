package trackv2

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// spoolBenchCallers is how many goroutines per core call Enqueue at once in
// the spool benchmarks, as request handlers of a busy service would: group
// commit makes them share each fsync.
const spoolBenchCallers = 128

// BenchmarkEnqueueSpool measures Enqueue from many goroutines with a spool
// (group commit: each call returns once its item is on disk), against the
// same Batcher without a spool and against encoding/json marshalling the same
// op, all in one run. Batches go to a server that answers at once.
func BenchmarkEnqueueSpool(b *testing.B) {
	b.Run("spool", func(b *testing.B) { benchEnqueueParallel(b, customerio.QueueConfig{SpoolDir: b.TempDir()}) })
	b.Run("spool-every-item", func(b *testing.B) {
		benchEnqueueParallel(b, customerio.QueueConfig{SpoolDir: b.TempDir(), SpoolSync: customerio.SpoolSyncEveryItem})
	})
	b.Run("memory", func(b *testing.B) { benchEnqueueParallel(b, customerio.QueueConfig{}) })
	b.Run("json.Marshal", func(b *testing.B) {
		op := benchEvent(1)
		v := baselineOp{Type: string(op.Type), Action: string(op.Action), Identifiers: op.Identifiers.(customerio.Identifiers),
			Name: op.Name, ID: NewEventID(), Attributes: op.Attributes}
		b.SetParallelism(spoolBenchCallers)
		b.ReportAllocs()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := json.Marshal(v); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "ops/s")
	})
}

func benchEnqueueParallel(b *testing.B, cfg customerio.QueueConfig) {
	c, err := New(testSite, testKey, customerio.WithBaseURL("https://track.customerio.test"),
		customerio.WithHTTPClient(&http.Client{Transport: discardServer{}}))
	if err != nil {
		b.Fatal(err)
	}
	batcher, err := NewBatcher(c, cfg)
	if err != nil {
		b.Fatal(err)
	}
	op := benchEvent(1)
	ctx := context.Background()
	b.SetParallelism(spoolBenchCallers)
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := batcher.Enqueue(ctx, op); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "ops/s")
	b.StopTimer()
	if err := batcher.Close(ctx); err != nil {
		b.Fatal(err)
	}
}
