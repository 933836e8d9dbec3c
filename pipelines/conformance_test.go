package pipelines

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch/batchtest"
	"github.com/gocustomerio/customerio/retry"
)

// pipelinesWire is /v1/batch for the shared conformance suite: message n is a
// Track call whose properties carry {"n": n}. Data Pipelines has no partial
// answer, so the suite skips its 207 cases here.
var pipelinesWire = batchtest.Wire{
	Path: "/v1/batch",
	Numbers: func(body []byte) ([]int, error) {
		var envelope struct{ Batch []json.RawMessage }
		if err := json.Unmarshal(body, &envelope); err != nil {
			return nil, err
		}
		out := make([]int, len(envelope.Batch))
		for i, item := range envelope.Batch {
			n, err := messageNumber(item)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	},
	Number: messageNumber,
}

func messageNumber(item []byte) (int, error) {
	var msg struct{ Properties struct{ N *int } }
	if err := json.Unmarshal(item, &msg); err != nil {
		return 0, err
	}
	if msg.Properties.N == nil {
		return 0, errors.New("no properties.n")
	}
	return *msg.Properties.N, nil
}

// newPipelinesSubject is a Client for the suite, with a retry strategy of its
// own so that attempts repeated inside one batch send are covered too.
func newPipelinesSubject(t *testing.T, env batchtest.Env) batchtest.Subject {
	strategy := retry.Exponential(retry.MaxAttempts(2), retry.Delays(time.Millisecond, 2*time.Millisecond))
	opts := append(env.Options,
		customerio.WithRetry(strategy),
		WithQueue(customerio.QueueConfig{
			MaxBatchItems:   env.MaxBatchItems,
			FlushInterval:   env.FlushInterval,
			Uploaders:       env.Uploaders,
			MaxInFlight:     env.MaxInFlight,
			MaxRetryElapsed: env.MaxRetryElapsed,
			RetryBaseDelay:  env.RetryBaseDelay,
			RetryMaxDelay:   env.RetryMaxDelay,
			OnFailure: func(failed []customerio.Failure) {
				for _, m := range failed {
					env.Failed(m.Data, m.Err)
				}
			},
		}),
	)
	c, err := New("conformance-write-key", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return batchtest.Subject{
		Enqueue: func(ctx context.Context, n int) error {
			return c.Track(ctx, Track{UserID: "person-" + strconv.Itoa(n%100), Event: "conformance", Properties: Properties{"n": n}})
		},
		Flush: c.Flush,
		Close: c.Close,
		Counts: func() batchtest.Counts {
			s := c.Stats()
			return batchtest.Counts{Enqueued: s.Enqueued, Delivered: s.Delivered, Failed: s.Failed, Dropped: s.Dropped}
		},
	}
}

// TestQueueGuarantees runs the batching guarantees every client of the engine
// shares (exactly one outcome per message, Flush and Close semantics).
func TestQueueGuarantees(t *testing.T) {
	batchtest.RunGuarantees(t, pipelinesWire, newPipelinesSubject)
}

func TestQueueChaos(t *testing.T) {
	for _, seed := range []uint64{20240601, 7} {
		t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
			batchtest.RunChaos(t, pipelinesWire, newPipelinesSubject, seed, 20_000)
		})
	}
}
