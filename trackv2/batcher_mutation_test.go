package trackv2

import (
	"context"
	"encoding/json"
	customerio "github.com/gocustomerio/customerio"
	"strconv"
	"sync"
	"testing"
)

// TestBatcherCallerMayChangeItsMapsAfterEnqueue changes every map and slice
// of an op as soon as Enqueue returns, while uploaders are sending, from
// several goroutines. Run with -race: a reference kept by the Batcher would be
// a data race. The ops must arrive with the values they had when enqueued.
func TestBatcherCallerMayChangeItsMapsAfterEnqueue(t *testing.T) {
	var mu sync.Mutex
	got := map[string]map[string]any{}
	srv := newMemServer(t, func(_ context.Context, _ int, body []byte) memReply {
		var envelope struct {
			Batch []struct {
				Identifiers map[string]string
				Attributes  map[string]any
			}
		}
		if err := json.Unmarshal(body, &envelope); err != nil {
			t.Error(err)
		}
		mu.Lock()
		for _, op := range envelope.Batch {
			got[op.Identifiers["id"]] = op.Attributes
		}
		mu.Unlock()
		return memOK
	})
	b, _ := newMemBatcher(t, srv, customerio.QueueConfig{MaxBatchItems: 7})

	const workers, each = 4, 250
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// One set of maps per goroutine, reused for every op.
			nested := map[string]any{"k": "v"}
			list := []any{"a", nested}
			attrs := map[string]any{"nested": nested, "list": list}
			for i := range each {
				id := strconv.Itoa(w*each + i)
				attrs["id"] = id
				nested["k"] = "v" + id
				list[0] = "a" + id
				if err := b.Enqueue(context.Background(), IdentifyPerson(customerio.ByID(id), attrs)); err != nil {
					t.Error(err)
					return
				}
				// Change everything at once.
				attrs["id"] = "changed"
				attrs["extra"] = i
				delete(attrs, "extra")
				nested["k"] = "changed"
				list[0] = "changed"
			}
		})
	}
	wg.Wait()
	closeBalanced(t, b)

	if len(got) != workers*each {
		t.Fatalf("%d ops delivered; want %d", len(got), workers*each)
	}
	for id, attrs := range got {
		nested, _ := attrs["nested"].(map[string]any)
		list, _ := attrs["list"].([]any)
		if attrs["id"] != id || nested["k"] != "v"+id || len(list) != 2 || list[0] != "a"+id {
			t.Errorf("op %s arrived as %v", id, attrs)
		}
	}
}
