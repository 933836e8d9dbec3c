package trackv2_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/trackv2"
)

// batchServer stands in for Customer.io's batch endpoint: it prints how many
// ops each request carries and answers with the next of answers (200 once
// they run out).
func batchServer(answers ...string) *httptest.Server {
	var mu sync.Mutex
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Batch []json.RawMessage }
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf("%s %s: %d ops\n", r.Method, r.URL.Path, len(body.Batch))
		if len(answers) == 0 {
			_, _ = io.WriteString(w, "{}")
			return
		}
		w.WriteHeader(http.StatusMultiStatus)
		_, _ = io.WriteString(w, answers[0])
		answers = answers[1:]
	}))
}

func ExampleBatcher() {
	srv := batchServer()
	defer srv.Close()
	c, err := trackv2.New("site-id", "api-key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := trackv2.NewBatcher(c, customerio.QueueConfig{
		OnFailure: func(failed []customerio.Failure) {
			for _, f := range failed {
				fmt.Printf("op %d failed: %v\n", f.Seq, f.Err) // store f.Data to replay it
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// On the request path: no network I/O, the op is encoded and queued.
	ctx := context.Background()
	person := customerio.ByEmail("ada@example.com")
	_ = b.Enqueue(ctx, trackv2.IdentifyPerson(person, map[string]any{"plan": "pro"}))
	_ = b.Enqueue(ctx, trackv2.TrackPersonEvent(person, "upgraded", map[string]any{"from": "free"}))
	_ = b.Enqueue(ctx, trackv2.TrackPersonEvent(person, "invited", map[string]any{"seats": 3}))

	// At shutdown: deliver what is queued, then stop.
	if err := b.Close(ctx); err != nil {
		fmt.Println(err)
	}
	s := b.Stats()
	fmt.Printf("enqueued %d, delivered %d, failed %d\n", s.Enqueued, s.Delivered, s.Failed)
	// Output:
	// POST /api/v2/batch: 3 ops
	// enqueued 3, delivered 3, failed 0
}

// Ops Customer.io rejects come back through OnFailure with their exact JSON,
// which can be stored and queued again with EnqueueRaw.
func ExampleBatcher_EnqueueRaw() {
	srv := batchServer(`{"errors":[{"batch_index":1,"reason":"invalid","field":"identifiers","message":"try again later"}]}`)
	defer srv.Close()
	c, err := trackv2.New("site-id", "api-key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	var stored [][]byte
	b, err := trackv2.NewBatcher(c, customerio.QueueConfig{
		OnFailure: func(failed []customerio.Failure) {
			for _, f := range failed {
				fmt.Printf("op %d: %v\n%s\n", f.Seq, f.Err, f.Data)
				stored = append(stored, f.Data)
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	for _, id := range []string{"1", "2", "3"} {
		_ = b.Enqueue(ctx, trackv2.IdentifyPerson(customerio.ByID(id), nil))
	}
	_ = b.Flush(ctx) // OnFailure has run when Flush returns

	for _, data := range stored {
		if err := b.EnqueueRaw(ctx, data); err != nil {
			fmt.Println(err)
		}
	}
	_ = b.Close(ctx)
	s := b.Stats()
	fmt.Printf("enqueued %d, delivered %d, failed %d\n", s.Enqueued, s.Delivered, s.Failed)
	// Output:
	// POST /api/v2/batch: 3 ops
	// op 1: trackv2: Customer.io rejected the operation: identifiers: invalid: try again later
	// {"type":"person","action":"identify","identifiers":{"id":"2"},"attributes":{}}
	// POST /api/v2/batch: 1 ops
	// enqueued 4, delivered 3, failed 1
}
