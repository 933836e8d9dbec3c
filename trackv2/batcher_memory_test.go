package trackv2

import (
	"context"
	"errors"
	customerio "github.com/gocustomerio/customerio"
	"runtime"
	"strconv"
	"testing"
)

// TestBatcherMemoryStaysBounded enqueues a million events under the customerio.Drop
// policy while the server never answers: the queue fills to MaxQueueBytes
// (16 MiB) and every later op is refused. The heap in use
// (runtime.MemStats.HeapInuse), sampled all along, must stay under 40 MiB.
func TestBatcherMemoryStaysBounded(t *testing.T) {
	const (
		ops      = 1_000_000
		maxQueue = 16 << 20
		maxHeap  = 40 << 20
	)
	if testing.Short() {
		t.Skip("enqueues a million ops")
	}
	srv, _ := stalledServer(t)
	srv.discard = true
	var failed int
	b, _ := newMemBatcher(t, srv, customerio.QueueConfig{
		MaxQueueBytes: maxQueue,
		OnFull:        customerio.Drop,
		OnFailure:     func(f []customerio.Failure) { failed += len(f) },
	})

	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before, peak := ms.HeapInuse, uint64(0)
	accepted, dropped := 0, 0
	for i := range ops {
		op := TrackPersonEvent(customerio.ByID("user-"+strconv.Itoa(i)), "purchased", map[string]any{
			"product":  "sku-" + strconv.Itoa(i%97),
			"price":    19.99,
			"currency": "EUR",
			"quantity": i%5 + 1,
		})
		switch err := b.Enqueue(context.Background(), op); {
		case err == nil:
			accepted++
		case errors.Is(err, customerio.ErrQueueFull):
			dropped++
		default:
			t.Fatalf("Enqueue(%d): %v", i, err)
		}
		if i%10_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapInuse)

	s := b.Stats()
	t.Logf("%d ops: %d queued (%.1f MiB counted), %d dropped; HeapInuse %.1f MiB before, peak %.1f MiB",
		ops, accepted, float64(s.QueuedBytes)/(1<<20), dropped, float64(before)/(1<<20), float64(peak)/(1<<20))
	if peak >= maxHeap {
		t.Errorf("HeapInuse peaked at %.1f MiB; want under %d MiB", float64(peak)/(1<<20), maxHeap>>20)
	}
	if s.QueuedBytes > maxQueue || s.Dropped != int64(dropped) || s.Enqueued != int64(accepted) || accepted+dropped != ops {
		t.Errorf("stats %+v after %d accepted and %d dropped", s, accepted, dropped)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Close(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Close: %v", err)
	}
	if failed != accepted {
		t.Errorf("%d ops reported after Close gave up; want all %d accepted", failed, accepted)
	}
}
