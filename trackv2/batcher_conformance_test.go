package trackv2

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch/batchtest"
	"github.com/gocustomerio/customerio/retry"
)

// trackWire is Track v2's batch endpoint for the conformance suite: message n
// is an event whose attributes carry {"n": n}.
var trackWire = batchtest.Wire{
	Path: batchPath,
	Numbers: func(body []byte) ([]int, error) {
		var envelope struct{ Batch []json.RawMessage }
		if err := json.Unmarshal(body, &envelope); err != nil {
			return nil, err
		}
		out := make([]int, len(envelope.Batch))
		for i, item := range envelope.Batch {
			n, err := numberOf(item)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	},
	Number: numberOf,
	Partial: func(refused []int) (int, []byte) {
		type entry struct {
			BatchIndex int    `json:"batch_index"`
			Reason     string `json:"reason"`
			Field      string `json:"field"`
			Message    string `json:"message"`
		}
		answer := struct {
			Errors []entry `json:"errors"`
		}{Errors: []entry{}}
		for _, i := range refused {
			answer.Errors = append(answer.Errors, entry{BatchIndex: i, Reason: "invalid", Field: "name", Message: "refused by the test"})
		}
		body, err := json.Marshal(answer)
		if err != nil {
			panic(err)
		}
		return http.StatusMultiStatus, body
	},
}

// numberOf reads the message number of one encoded op.
func numberOf(item []byte) (int, error) {
	var op struct{ Attributes struct{ N *int } }
	if err := json.Unmarshal(item, &op); err != nil {
		return 0, err
	}
	if op.Attributes.N == nil {
		return 0, errors.New("no attributes.n")
	}
	return *op.Attributes.N, nil
}

// newTrackSubject is a Batcher for the suite. Its client has a retry strategy
// of its own, so that the suite also covers attempts repeated inside one batch
// send.
func newTrackSubject(t *testing.T, env batchtest.Env) batchtest.Subject {
	strategy := retry.Exponential(retry.MaxAttempts(2), retry.Delays(time.Millisecond, 2*time.Millisecond))
	c, err := New(testSite, testKey, append(env.Options, customerio.WithRetry(strategy))...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBatcher(c, customerio.QueueConfig{
		MaxBatchItems:   env.MaxBatchItems,
		FlushInterval:   env.FlushInterval,
		Uploaders:       env.Uploaders,
		MaxInFlight:     env.MaxInFlight,
		MaxRetryElapsed: env.MaxRetryElapsed,
		RetryBaseDelay:  env.RetryBaseDelay,
		RetryMaxDelay:   env.RetryMaxDelay,
		OnFailure: func(ops []customerio.Failure) {
			for _, op := range ops {
				env.Failed(op.Data, op.Err)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return batchtest.Subject{
		Enqueue: func(ctx context.Context, n int) error {
			return b.Enqueue(ctx, TrackPersonEvent(customerio.ByID("person-"+strconv.Itoa(n%100)), "conformance", map[string]any{"n": n}))
		},
		Flush: b.Flush,
		Close: b.Close,
		Counts: func() batchtest.Counts {
			s := b.Stats()
			return batchtest.Counts{Enqueued: s.Enqueued, Delivered: s.Delivered, Failed: s.Failed, Dropped: s.Dropped}
		},
	}
}

func TestBatcherGuarantees(t *testing.T) {
	batchtest.RunGuarantees(t, trackWire, newTrackSubject)
}

func TestBatcherChaos(t *testing.T) {
	for _, seed := range []uint64{20240601, 7} {
		t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
			batchtest.RunChaos(t, trackWire, newTrackSubject, seed, 20_000)
		})
	}
}
