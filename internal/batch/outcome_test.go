package batch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestPartialItemErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errOne, errThree := errors.New("bad email"), errors.New("bad name")
		itemErrs := &ItemErrors{Errors: []ItemError{
			{Index: 1, Err: errOne},
			{Index: 3, Err: errThree},
			{Index: 3, Err: errors.New("repeated: ignored")},
			{Index: 4},  // no error of its own
			{Index: 99}, // names no item: ignored
			{Index: -1}, // names no item: ignored
		}}
		s := newSink(t, func(context.Context, [][]byte) error {
			return fmt.Errorf("207 from Customer.io: %w", itemErrs)
		})
		e := mustNew(t, s.config())
		enqueueIDs(t, e, 0, 5, 30)
		st := closeAndCheck(t, e)
		if st.Delivered != 2 || st.Failed != 3 || st.BatchesSent != 1 || st.Retried != 0 {
			t.Errorf("stats = %+v; want 2 delivered, 3 failed, one send", st)
		}
		_, failures := s.snapshot()
		want := map[uint64]error{1: errOne, 3: errThree, 4: itemErrs}
		if len(failures) != len(want) {
			t.Fatalf("failures = %v; want items 1, 3 and 4", failures)
		}
		for _, f := range failures {
			if w, ok := want[f.Seq]; !ok || f.Err != w || idOf(t, f.Data) != int(f.Seq) {
				t.Errorf("failure %+v; want seq %d with %v", f, f.Seq, w)
			}
		}
	})
}

// badItems answers like Customer.io's /api/v2/batch: a whole-request error
// when the batch holds any item whose id is in bad, else success.
func badItems(t testing.TB, status int, bad ...int) func(context.Context, [][]byte) error {
	return func(_ context.Context, items [][]byte) error {
		for _, it := range items {
			if slices.Contains(bad, idOf(t, it)) {
				return &customerio.APIError{StatusCode: status, Message: "invalid item"}
			}
		}
		return nil
	}
}

func TestSplitIsolatesBadItems(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		splitOn func(error) bool
		bad     []int
	}{
		{"400 with one bad item among 100", http.StatusBadRequest, nil, []int{37}},
		{"400 with three bad items", http.StatusBadRequest, nil, []int{0, 50, 99}},
		{"413", http.StatusRequestEntityTooLarge, nil, []int{64}},
		{"a custom SplitOn", http.StatusUnprocessableEntity, func(err error) bool {
			var apiErr *customerio.APIError
			return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnprocessableEntity
		}, []int{12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newSink(t, badItems(t, tt.status, tt.bad...))
				cfg := s.config()
				cfg.SplitOn = tt.splitOn
				e := mustNew(t, cfg)
				enqueueIDs(t, e, 0, 100, 30)
				st := closeAndCheck(t, e)

				_, failures := s.snapshot()
				var failed []int
				for _, f := range failures {
					var apiErr *customerio.APIError
					if !errors.As(f.Err, &apiErr) || apiErr.StatusCode != tt.status || idOf(t, f.Data) != int(f.Seq) {
						t.Errorf("failure %d: %v; want the %d of that item", f.Seq, f.Err, tt.status)
					}
					failed = append(failed, int(f.Seq))
				}
				if !slices.Equal(failed, tt.bad) {
					t.Errorf("failed seqs = %v; want exactly %v", failed, tt.bad)
				}
				good := slices.DeleteFunc(seqRange(0, 100), func(id int) bool { return slices.Contains(tt.bad, id) })
				if got := s.deliveredIDs(); !slices.Equal(got, good) {
					t.Errorf("delivered %v; want every good item, in order", got)
				}
				if st.Delivered != int64(len(good)) || st.BatchesSent != 1+2*st.Splits || st.Splits == 0 {
					t.Errorf("stats = %+v; want each split to make two sends", st)
				}
			})
		})
	}
}

func TestSingleRefusedItemIsNotSplit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSink(t, badItems(t, http.StatusBadRequest, 0))
		e := mustNew(t, s.config())
		enqueueIDs(t, e, 0, 1, 30)
		if st := closeAndCheck(t, e); st.Failed != 1 || st.BatchesSent != 1 || st.Splits != 0 {
			t.Errorf("stats = %+v; want the lone item failed after one send", st)
		}
	})
}

func TestRetryBackoff(t *testing.T) {
	unavailable := &customerio.APIError{StatusCode: http.StatusServiceUnavailable}
	limited := &customerio.APIError{StatusCode: http.StatusTooManyRequests, RetryAfter: 3 * time.Second}
	refused := &customerio.TransportError{Method: "POST", URL: "https://track.customer.io/api/v2/batch",
		Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}
	tests := []struct {
		name     string
		errs     []error // returned by the first attempts, then success
		attempts []time.Duration
	}{
		// Random 0.5 over ceilings 100ms, 200ms, 400ms, 800ms, then the 1s cap.
		{"full jitter doubling to the cap", []error{unavailable, unavailable, unavailable, unavailable, unavailable},
			[]time.Duration{0, 50 * time.Millisecond, 150 * time.Millisecond, 350 * time.Millisecond,
				750 * time.Millisecond, 1250 * time.Millisecond}},
		{"Retry-After honoured", []error{limited, limited},
			[]time.Duration{0, 3 * time.Second, 6 * time.Second}},
		{"transport error", []error{refused},
			[]time.Duration{0, 50 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := 0
				s := newSink(t, func(context.Context, [][]byte) error {
					n++
					if n <= len(tt.errs) {
						return tt.errs[n-1]
					}
					return nil
				})
				cfg := s.config()
				cfg.RetryBaseDelay = 100 * time.Millisecond
				cfg.RetryMaxDelay = time.Second
				cfg.Random = func() float64 { return 0.5 }
				e := mustNew(t, cfg)
				enqueueIDs(t, e, 0, 100, 30)
				synctest.Wait()
				st := closeAndCheck(t, e)
				calls, _ := s.snapshot()
				var at []time.Duration
				for _, c := range calls {
					at = append(at, c.at)
				}
				if !slices.Equal(at, tt.attempts) {
					t.Errorf("attempts at %v; want %v", at, tt.attempts)
				}
				if st.Delivered != 100 || st.Retried != int64(len(tt.errs)) || st.BatchesSent != int64(len(tt.attempts)) {
					t.Errorf("stats = %+v", st)
				}
			})
		})
	}
}

func TestRetryGivesUpAfterMaxRetryElapsed(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		maxElapsed  time.Duration
		lastAttempt time.Duration
		retried     int64
	}{
		// Attempts at 0, .05, .15, .35, .75, 1.25, 1.75; the next would be at 2.25.
		{"backoff", &customerio.APIError{StatusCode: http.StatusBadGateway}, 2 * time.Second, 1750 * time.Millisecond, 6},
		{"Retry-After past the budget", &customerio.APIError{StatusCode: http.StatusTooManyRequests, RetryAfter: time.Minute},
			30 * time.Second, 0, 0},
		{"retries disabled", &customerio.APIError{StatusCode: http.StatusBadGateway}, -1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newSink(t, func(context.Context, [][]byte) error { return tt.err })
				cfg := s.config()
				cfg.MaxRetryElapsed = tt.maxElapsed
				cfg.RetryBaseDelay = 100 * time.Millisecond
				cfg.RetryMaxDelay = time.Second
				cfg.Random = func() float64 { return 0.5 }
				e := mustNew(t, cfg)
				enqueueIDs(t, e, 0, 10, 30)
				if err := e.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
				st := closeAndCheck(t, e)
				calls, failures := s.snapshot()
				if last := calls[len(calls)-1].at; last != tt.lastAttempt {
					t.Errorf("last attempt at %v; want %v", last, tt.lastAttempt)
				}
				if st.Failed != 10 || st.Retried != tt.retried {
					t.Errorf("stats = %+v; want 10 failed after %d retries", st, tt.retried)
				}
				for _, f := range failures {
					if f.Err != tt.err {
						t.Fatalf("failure %d: %v; want the last error", f.Seq, f.Err)
					}
				}
			})
		})
	}
}

func TestFinalErrorsFailTheWholeBatch(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"401", &customerio.APIError{StatusCode: http.StatusUnauthorized}},
		{"403", &customerio.APIError{StatusCode: http.StatusForbidden}},
		{"404", &customerio.APIError{StatusCode: http.StatusNotFound}},
		{"422", &customerio.APIError{StatusCode: http.StatusUnprocessableEntity}},
		{"validation", &customerio.ValidationError{Op: "trackv2.Batch", Fields: []customerio.FieldError{{Message: "too large"}}}},
		{"other", errors.New("encoder broke")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newSink(t, func(context.Context, [][]byte) error { return tt.err })
				e := mustNew(t, s.config())
				enqueueIDs(t, e, 0, 20, 30)
				st := closeAndCheck(t, e)
				if st.Failed != 20 || st.BatchesSent != 1 || st.Retried != 0 || st.Splits != 0 {
					t.Errorf("stats = %+v; want all 20 failed after one send", st)
				}
				_, failures := s.snapshot()
				for i, f := range failures {
					if f.Err != tt.err || f.Seq != uint64(i) {
						t.Fatalf("failure %d = %+v; want seq %d with %v", i, f, i, tt.err)
					}
				}
			})
		})
	}
}
