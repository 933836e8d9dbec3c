package batchtest

import (
	"context"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Wire describes the batch endpoint of one API.
type Wire struct {
	// Path is the batch endpoint's path, such as "/api/v2/batch".
	Path string
	// Numbers returns the message numbers a request body carries, in the
	// order of its items.
	Numbers func(body []byte) ([]int, error)
	// Number returns the message number of one item's bytes, as the failure
	// callback reports them.
	Number func(item []byte) (int, error)
	// Partial returns the status and body of an answer that refuses the items
	// at the given positions of the request and accepts all others (207 with
	// {"errors":[{"batch_index":…}]} for Track v2). Nil when the API has no such
	// answer; the tests of partial answers are then skipped.
	Partial func(refused []int) (status int, body []byte)
}

// Env is what a subject is built with.
type Env struct {
	// Options point the client at the suite's server: customerio.WithBaseURL
	// and customerio.WithHTTPClient.
	Options []customerio.Option

	// The queue's tuning, named after the engine's Config fields; the subject
	// passes each to its own configuration.
	MaxBatchItems int
	FlushInterval time.Duration
	Uploaders     int
	// MaxInFlight is set, with Uploaders zero, where the adaptive window is
	// under test.
	MaxInFlight     int
	MaxRetryElapsed time.Duration
	RetryBaseDelay  time.Duration
	RetryMaxDelay   time.Duration

	// Failed must be called from the client's failure callback, once for each
	// item it reports, with the item's bytes and error.
	Failed func(item []byte, err error)
}

// Subject is a client under test, reduced to what every batching client of
// the module does.
type Subject struct {
	// Enqueue queues a message carrying the number n, which Wire.Numbers and
	// Wire.Number read back.
	Enqueue func(ctx context.Context, n int) error
	// Flush and Close are the client's own.
	Flush func(ctx context.Context) error
	Close func(ctx context.Context) error
	// Counts reads the client's counters.
	Counts func() Counts
}

// Counts are the counters every client keeps.
type Counts struct {
	Enqueued, Delivered, Failed, Dropped int64
}

// NewSubject builds a subject for env. The suite closes it.
type NewSubject func(t *testing.T, env Env) Subject
