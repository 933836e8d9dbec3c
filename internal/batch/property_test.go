package batch

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// randomAPI answers Send like a flaky Customer.io, from a seeded source: items
// whose id is a multiple of 97 are malformed (the whole request gets 400);
// other batches get 200, a 207 refusing some items, a retryable 503, 429 or
// transport error, or a final 401, 422 or 400.
type randomAPI struct {
	t  testing.TB
	mu sync.Mutex
	r  *rand.Rand
	// delivered counts, per id, the Send calls that delivered it.
	delivered map[int]int
}

func (a *randomAPI) random() float64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.r.Float64()
}

func (a *randomAPI) send(_ context.Context, items [][]byte) error {
	ids := make([]int, len(items))
	poisoned := false
	for i, it := range items {
		ids[i] = idOf(a.t, it)
		poisoned = poisoned || ids[i]%97 == 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if poisoned {
		return &customerio.APIError{StatusCode: http.StatusBadRequest}
	}
	switch p := a.r.IntN(100); {
	case p < 45:
		for _, id := range ids {
			a.delivered[id]++
		}
		return nil
	case p < 60:
		itemErrs := &ItemErrors{}
		for i, id := range ids {
			if a.r.IntN(5) == 0 {
				itemErrs.Errors = append(itemErrs.Errors, ItemError{Index: i, Err: errors.New("refused")})
			} else {
				a.delivered[id]++
			}
		}
		return itemErrs
	case p < 70:
		return &customerio.APIError{StatusCode: http.StatusServiceUnavailable}
	case p < 75:
		return &customerio.APIError{StatusCode: http.StatusTooManyRequests, RetryAfter: time.Duration(a.r.IntN(3)) * time.Second}
	case p < 80:
		return &customerio.TransportError{Err: errors.New("connection reset")}
	case p < 87:
		return &customerio.APIError{StatusCode: http.StatusBadRequest}
	case p < 93:
		return &customerio.APIError{StatusCode: http.StatusUnauthorized}
	default:
		return &customerio.APIError{StatusCode: http.StatusUnprocessableEntity}
	}
}

func TestExactlyOneOutcomePerItem(t *testing.T) {
	tests := []struct {
		name      string
		seed      uint64
		uploaders int
		// closeAfter, when set, gives Close only this long, so that some items
		// are still queued, in flight or waiting to retry when it gives up.
		closeAfter time.Duration
	}{
		{"one uploader", 1, 1, 0},
		{"four uploaders", 2, 4, 0},
		{"eight uploaders", 3, 8, 0},
		{"Close gives up", 4, 3, 5 * time.Millisecond},
		{"Close gives up at once", 5, 2, time.Nanosecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const producers, perProducer = 4, 1500
				api := &randomAPI{t: t, r: rand.New(rand.NewPCG(tt.seed, 42)), delivered: map[int]int{}}
				var failMu sync.Mutex
				failedIDs := map[int]int{}
				failedSeqs := map[uint64]int{}
				closedFailures := 0
				e := mustNew(t, Config{
					MaxItems:        1 + int(tt.seed)*13,
					EnvelopeBytes:   trackEnvelope,
					MaxBatchBytes:   4000,
					Uploaders:       tt.uploaders,
					MaxQueueBytes:   64 << 10,
					RetryBaseDelay:  10 * time.Millisecond,
					RetryMaxDelay:   200 * time.Millisecond,
					MaxRetryElapsed: time.Second,
					Random:          api.random,
					Send:            api.send,
					OnFailure: func(failed []Failure) {
						failMu.Lock()
						defer failMu.Unlock()
						for _, f := range failed {
							failedIDs[idOf(t, f.Data)]++
							failedSeqs[f.Seq]++
							if errors.Is(f.Err, ErrClosed) {
								closedFailures++
							}
						}
					},
				})
				var wg sync.WaitGroup
				for p := range producers {
					wg.Go(func() {
						r := rand.New(rand.NewPCG(tt.seed, uint64(p)))
						for i := range perProducer {
							if err := e.Enqueue(t.Context(), item(p*perProducer+i, 20+r.IntN(200))); err != nil {
								t.Errorf("Enqueue: %v", err)
								return
							}
						}
					})
				}
				wg.Wait()

				ctx := t.Context()
				if tt.closeAfter > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.closeAfter)
					defer cancel()
				}
				if err := e.Close(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("Close = %v", err)
				}
				st := checkBalanced(t, e)

				const total = producers * perProducer
				if st.Enqueued != total || st.Delivered != int64(len(api.delivered)) || st.Failed != int64(len(failedIDs)) {
					t.Errorf("stats = %+v; want %d enqueued, %d delivered, %d failed",
						st, total, len(api.delivered), len(failedIDs))
				}
				for id := range total {
					d, f := api.delivered[id], failedIDs[id]
					if d+f != 1 {
						t.Fatalf("item %d: delivered %d times, failed %d times; want one outcome", id, d, f)
					}
					if id%97 == 0 && f != 1 {
						t.Fatalf("malformed item %d was not reported", id)
					}
				}
				// Every path must have been taken.
				if st.Retried == 0 || st.Splits == 0 || (tt.closeAfter > 0) != (closedFailures > 0) {
					t.Errorf("stats = %+v, %d items abandoned by Close: some path was not exercised", st, closedFailures)
				}
				for seq, n := range failedSeqs {
					if n != 1 || seq >= total {
						t.Fatalf("seq %d reported %d times (enqueued %d)", seq, n, total)
					}
				}
			})
		})
	}
}
