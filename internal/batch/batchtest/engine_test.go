package batchtest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/gocustomerio/customerio/internal/batch"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/internal/transport"
)

// The suite run against the bare engine, with the smallest client around it:
// items {"n":N} posted as {"batch":[…]} to /batch, and a 207 naming refused
// items by batch_index. It shows the suite assumes nothing of the Track or
// Data Pipelines APIs.

const enginePath = "/batch"

var engineWire = Wire{
	Path: enginePath,
	Numbers: func(body []byte) ([]int, error) {
		var v struct{ Batch []struct{ N int } }
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, err
		}
		out := make([]int, len(v.Batch))
		for i, item := range v.Batch {
			out[i] = item.N
		}
		return out, nil
	},
	Number: func(item []byte) (int, error) {
		var v struct{ N int }
		err := json.Unmarshal(item, &v)
		return v.N, err
	},
	Partial: func(refused []int) (int, []byte) {
		type entry struct {
			BatchIndex int    `json:"batch_index"`
			Reason     string `json:"reason"`
		}
		var answer struct {
			Errors []entry `json:"errors"`
		}
		for _, i := range refused {
			answer.Errors = append(answer.Errors, entry{BatchIndex: i, Reason: "refused by the test"})
		}
		body, _ := json.Marshal(answer)
		return http.StatusMultiStatus, body
	},
}

func newEngineSubject(t *testing.T, env Env) Subject {
	conf, err := settings.Resolve("", env.Options)
	if err != nil {
		t.Fatal(err)
	}
	client := transport.New(conf, settings.TrackAPI, transport.Basic("user", "password"))
	e, err := batch.New(batch.Config{
		MaxItems:        env.MaxBatchItems,
		EnvelopeBytes:   len(`{"batch":[]}`),
		FlushInterval:   env.FlushInterval,
		Uploaders:       env.Uploaders,
		MaxInFlight:     env.MaxInFlight,
		MaxRetryElapsed: env.MaxRetryElapsed,
		RetryBaseDelay:  env.RetryBaseDelay,
		RetryMaxDelay:   env.RetryMaxDelay,
		Send: func(ctx context.Context, items [][]byte) error {
			body := append([]byte(`{"batch":[`), bytes.Join(items, []byte(","))...)
			body = append(body, `]}`...)
			resp, err := client.Do(ctx, &transport.Request{Op: "batchtest", Method: http.MethodPost, Path: enginePath, RawBody: body, Idempotent: true})
			if err != nil || resp.StatusCode != http.StatusMultiStatus {
				return err
			}
			var answer struct {
				Errors []struct {
					BatchIndex int `json:"batch_index"`
				}
			}
			if err := json.Unmarshal(resp.Body, &answer); err != nil {
				return err
			}
			refused := &batch.ItemErrors{}
			for _, e := range answer.Errors {
				refused.Errors = append(refused.Errors, batch.ItemError{Index: e.BatchIndex})
			}
			return refused
		},
		OnFailure: func(failed []batch.Failure) {
			for _, f := range failed {
				env.Failed(f.Data, f.Err)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return Subject{
		Enqueue: func(ctx context.Context, n int) error {
			return e.Enqueue(ctx, []byte(`{"n":`+strconv.Itoa(n)+`}`))
		},
		Flush: e.Flush,
		Close: e.Close,
		Counts: func() Counts {
			s := e.Stats()
			return Counts{Enqueued: s.Enqueued, Delivered: s.Delivered, Failed: s.Failed, Dropped: s.Dropped}
		},
	}
}

func TestEngineGuarantees(t *testing.T) {
	RunGuarantees(t, engineWire, newEngineSubject)
}

func TestEngineGuaranteesWithoutPartialAnswers(t *testing.T) {
	w := engineWire
	w.Partial = nil
	RunGuarantees(t, w, newEngineSubject)
}

func TestEngineChaos(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		t.Run("seed"+strconv.FormatUint(seed, 10), func(t *testing.T) {
			RunChaos(t, engineWire, newEngineSubject, seed, 5000)
		})
	}
}

func TestChaosWeightsCoverAThousandRequests(t *testing.T) {
	total := 0
	for _, o := range chaosOutcomes {
		total += o.weight
	}
	if total != 1000 {
		t.Errorf("the weights add up to %d", total)
	}
}
