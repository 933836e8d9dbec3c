package batch

import (
	"context"
	"sync"
	"testing"
	"time"
)

// benchItem is a 200-byte encoded item; the engine never copies or reads it.
var benchItem = item(1, 200)

// reportRate adds items/s, the figure to read against the baseline.
func reportRate(b *testing.B, start time.Time) {
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "items/s")
}

// BenchmarkEngineEnqueue enqueues from one goroutine to an engine whose Send
// discards; the queue (16 MiB) fills, so it measures sustained throughput.
func BenchmarkEngineEnqueue(b *testing.B) {
	e := mustNew(b, Config{EnvelopeBytes: trackEnvelope, Send: discard})
	ctx := context.Background()
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		if err := e.Enqueue(ctx, benchItem); err != nil {
			b.Fatal(err)
		}
	}
	if err := e.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	reportRate(b, start)
	closeAndCheck(b, e)
}

// BenchmarkEngineEnqueueParallel is BenchmarkEngineEnqueue from GOMAXPROCS
// goroutines at once.
func BenchmarkEngineEnqueueParallel(b *testing.B) {
	e := mustNew(b, Config{EnvelopeBytes: trackEnvelope, Send: discard})
	ctx := context.Background()
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := e.Enqueue(ctx, benchItem); err != nil {
				b.Error(err)
				return
			}
		}
	})
	if err := e.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	reportRate(b, start)
	closeAndCheck(b, e)
}

// BenchmarkBaselineChannel is the plain design the engine is measured against:
// one buffered channel per item into a goroutine that gathers batches of 100
// and hands them to the same discarding Send. It has none of the engine's
// guarantees (byte accounting, retries, outcomes).
func BenchmarkBaselineChannel(b *testing.B) {
	items := make(chan []byte, 1024)
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([][]byte, 0, DefaultMaxItems)
		for it := range items {
			if buf = append(buf, it); len(buf) == DefaultMaxItems {
				_ = discard(context.Background(), buf)
				buf = buf[:0]
			}
		}
		_ = discard(context.Background(), buf)
	})
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		items <- benchItem
	}
	close(items)
	wg.Wait()
	reportRate(b, start)
}
