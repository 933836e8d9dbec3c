package batch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/gocustomerio/customerio/internal/batch"
)

// The engine turns enqueued items into batch requests; here Send prints the
// body a Track v2 client would post.
func Example() {
	ctx := context.Background()
	e, err := batch.New(batch.Config{
		EnvelopeBytes: len(`{"batch":[`) + len(`]}`),
		Uploaders:     1,
		Send: func(ctx context.Context, items [][]byte) error {
			fmt.Printf("POST /api/v2/batch {\"batch\":[%s]}\n", bytes.Join(items, []byte(",")))
			return nil
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{"1", "2", "3"} {
		op := `{"type":"person","identifiers":{"id":"` + id + `"},"action":"identify"}`
		if err := e.Enqueue(ctx, []byte(op)); err != nil {
			fmt.Println(err)
		}
	}
	if err := e.Close(ctx); err != nil {
		fmt.Println(err)
	}
	s := e.Stats()
	fmt.Println("delivered:", s.Delivered, "failed:", s.Failed)
	fmt.Println(e.Enqueue(ctx, []byte(`{}`)))
	// Output:
	// POST /api/v2/batch {"batch":[{"type":"person","identifiers":{"id":"1"},"action":"identify"},{"type":"person","identifiers":{"id":"2"},"action":"identify"},{"type":"person","identifiers":{"id":"3"},"action":"identify"}]}
	// delivered: 3 failed: 0
	// customerio: queue closed
}

// A 207 answer names the refused items by their position in the batch; only
// those reach OnFailure, with their bytes for a later replay.
func ExampleItemErrors() {
	ctx := context.Background()
	e, err := batch.New(batch.Config{
		Send: func(ctx context.Context, items [][]byte) error {
			return &batch.ItemErrors{Errors: []batch.ItemError{
				{Index: 1, Err: errors.New("identifiers: must not be empty")},
			}}
		},
		OnFailure: func(failed []batch.Failure) {
			for _, f := range failed {
				fmt.Printf("item %d %s failed: %v\n", f.Seq, f.Data, f.Err)
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, op := range []string{`{"n":0}`, `{"n":1}`, `{"n":2}`} {
		if err := e.Enqueue(ctx, []byte(op)); err != nil {
			fmt.Println(err)
		}
	}
	if err := e.Close(ctx); err != nil {
		fmt.Println(err)
	}
	s := e.Stats()
	fmt.Println("delivered:", s.Delivered, "failed:", s.Failed)
	// Output:
	// item 1 {"n":1} failed: identifiers: must not be empty
	// delivered: 2 failed: 1
}
