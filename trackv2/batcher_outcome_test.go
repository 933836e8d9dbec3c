package trackv2

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// itemsOf splits a batch body into its items' exact bytes.
func itemsOf(t *testing.T, body []byte) []json.RawMessage {
	t.Helper()
	var envelope struct{ Batch []json.RawMessage }
	if err := json.Unmarshal(body, &envelope); err != nil {
		t.Fatal(err)
	}
	return envelope.Batch
}

func TestBatcherReportsOnlyRejectedOps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(context.Context, int, []byte) memReply {
			return memReply{status: http.StatusMultiStatus, body: `{"errors":[
				{"batch_index":1,"reason":"required","field":"identifiers","message":"missing"},
				{"batch_index":3,"reason":"invalid","field":"name","message":"too long"},
				{"batch_index":3,"reason":"invalid","field":"attributes","message":"too many"}]}`}
		})
		b, f := newMemBatcher(t, srv, customerio.QueueConfig{})
		enqueueNumbered(t, b, 0, 5)
		s := closeBalanced(t, b)
		if s.Delivered != 3 || s.Failed != 2 {
			t.Errorf("stats %+v; want 3 delivered, 2 failed", s)
		}
		sent := itemsOf(t, srv.requests()[0].body)
		failed := f.list()
		if len(failed) != 2 || failed[0].Seq != 1 || failed[1].Seq != 3 {
			t.Fatalf("failures %+v; want ops 1 and 3", failed)
		}
		for _, op := range failed {
			if !bytes.Equal(op.Data, sent[op.Seq]) {
				t.Errorf("op %d: data %s; want the bytes sent, %s", op.Seq, op.Data, sent[op.Seq])
			}
			var rejected *RejectedError
			if !errors.As(op.Err, &rejected) {
				t.Errorf("op %d: %v is not a *RejectedError", op.Seq, op.Err)
			}
		}
		var first *RejectedError
		errors.As(failed[0].Err, &first)
		if *first != (RejectedError{Reason: "required", Field: "identifiers", Message: "missing"}) {
			t.Errorf("op 1: %+v", first)
		}
		want := "trackv2: Customer.io rejected the operation: name: invalid: too long\n" +
			"trackv2: Customer.io rejected the operation: attributes: invalid: too many"
		if got := failed[1].Err.Error(); got != want {
			t.Errorf("op 3 rejected twice: %q; want both reasons", got)
		}
	})
}

// TestBatcherReportsRejectionsNamingNoOp covers 207 answers whose entries do
// not say which op failed: every op not named is reported, never taken as
// delivered.
func TestBatcherReportsRejectionsNamingNoOp(t *testing.T) {
	cases := []struct {
		name string
		body string
		// rejected lists the ops reported with a *RejectedError of their own;
		// every other op is reported with ErrUnattributed.
		rejected []uint64
	}{
		{"no batch_index", `{"errors":[{"reason":"invalid","message":"bad"}]}`, nil},
		{"batch_index -1", `{"errors":[{"batch_index":-1,"reason":"invalid"}]}`, nil},
		{"batch_index past the batch", `{"errors":[{"batch_index":5,"reason":"invalid"}]}`, nil},
		{"unreadable answer", `<html>multi-status</html>`, nil},
		{"one named, one not", `{"errors":[{"batch_index":1,"reason":"invalid"},{"reason":"invalid"}]}`, []uint64{1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newMemServer(t, func(context.Context, int, []byte) memReply {
					return memReply{status: http.StatusMultiStatus, body: tc.body}
				})
				b, f := newMemBatcher(t, srv, customerio.QueueConfig{})
				enqueueNumbered(t, b, 0, 5)
				if s := closeBalanced(t, b); s.Failed != 5 {
					t.Errorf("stats %+v; want all 5 reported", s)
				}
				for _, op := range f.list() {
					own := slices.Contains(tc.rejected, op.Seq)
					if errors.Is(op.Err, ErrUnattributed) == own {
						t.Errorf("op %d: %v", op.Seq, op.Err)
					}
					var rejected *RejectedError
					if !errors.As(op.Err, &rejected) {
						t.Errorf("op %d: %v carries no *RejectedError", op.Seq, op.Err)
					}
				}
			})
		})
	}
}

func TestBatcherDeliversEverythingOnAnEmptyMultiStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(context.Context, int, []byte) memReply {
			return memReply{status: http.StatusMultiStatus, body: `{"errors":[]}`}
		})
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{})
		enqueueNumbered(t, b, 0, 5)
		if s := closeBalanced(t, b); s.Delivered != 5 {
			t.Errorf("stats %+v; want all delivered", s)
		}
	})
}

func TestBatcherSplitsARefusedBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const poison = `"n":13}`
		srv := newMemServer(t, func(_ context.Context, _ int, body []byte) memReply {
			if bytes.Contains(body, []byte(poison)) {
				return memReply{status: http.StatusBadRequest, body: `{"errors":[{"reason":"invalid","field":"name"}]}`}
			}
			return memOK
		})
		b, f := newMemBatcher(t, srv, customerio.QueueConfig{MaxBatchItems: 20})
		enqueueNumbered(t, b, 0, 20)
		s := closeBalanced(t, b)
		if got := f.numbers(t); !slices.Equal(got, []int{13}) {
			t.Fatalf("failed ops %v; want only 13", got)
		}
		var apiErr *customerio.APIError
		if !errors.As(f.list()[0].Err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
			t.Errorf("op 13 failed with %v; want the 400", f.list()[0].Err)
		}
		var delivered []int
		for _, r := range srv.requests() {
			if !bytes.Contains(r.body, []byte(poison)) {
				delivered = append(delivered, srv.opNumbers([]memRequest{r})...)
			}
		}
		slices.Sort(delivered)
		if want := slices.Delete(seq(0, 20), 13, 14); !slices.Equal(delivered, want) {
			t.Errorf("delivered %v; want every other op once", delivered)
		}
		if s.Delivered != 19 || s.Splits == 0 {
			t.Errorf("stats %+v", s)
		}
	})
}

func TestBatcherRetriesWithBackoffAndRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(_ context.Context, n int, _ []byte) memReply {
			switch n {
			case 0:
				return memReply{status: http.StatusTooManyRequests, retryAfter: "2"}
			case 1:
				return memReply{status: http.StatusServiceUnavailable}
			case 2:
				return memReply{drop: true}
			}
			return memOK
		})
		b, f := newMemBatcher(t, srv, customerio.QueueConfig{})
		enqueueNumbered(t, b, 0, 3)
		s := closeBalanced(t, b)
		reqs := srv.requests()
		if len(reqs) != 4 || s.Delivered != 3 || s.Retried != 3 || s.BatchesSent != 4 || len(f.list()) != 0 {
			t.Fatalf("%d requests, stats %+v; want 3 retries then delivery", len(reqs), s)
		}
		start := reqs[0].at
		if gap := reqs[1].at - start; gap != 2*time.Second {
			t.Errorf("retry after %v; want the Retry-After of 2s", gap)
		}
		// Full jitter below 200ms·2 after the second failure, 200ms·4 after the third.
		if gap := reqs[2].at - reqs[1].at; gap >= 400*time.Millisecond {
			t.Errorf("second retry after %v; want under 400ms", gap)
		}
		if gap := reqs[3].at - reqs[2].at; gap >= 800*time.Millisecond {
			t.Errorf("third retry after %v; want under 800ms", gap)
		}
		for _, r := range reqs[1:] {
			if !bytes.Equal(r.body, reqs[0].body) {
				t.Error("a retry sent different bytes; event ids must not change")
			}
		}
	})
}

func TestBatcherGivesUpAfterMaxRetryElapsed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(context.Context, int, []byte) memReply {
			return memReply{status: http.StatusServiceUnavailable}
		})
		b, f := newMemBatcher(t, srv, customerio.QueueConfig{MaxRetryElapsed: 5 * time.Second})
		enqueueNumbered(t, b, 0, 3)
		s := closeBalanced(t, b)
		reqs := srv.requests()
		if last := reqs[len(reqs)-1].at - reqs[0].at; last > 5*time.Second || len(reqs) < 3 {
			t.Errorf("%d requests, the last %v after the first; want several within 5s", len(reqs), last)
		}
		if s.Failed != 3 || len(f.list()) != 3 {
			t.Fatalf("stats %+v; want the 3 ops failed", s)
		}
		for _, op := range f.list() {
			if !errors.Is(op.Err, customerio.ErrServerError) || !customerio.IsRetryable(op.Err) {
				t.Errorf("op %d failed with %v; want the last 503", op.Seq, op.Err)
			}
		}
	})
}

func TestBatcherDoesNotRetryFinalFailures(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		elapsed time.Duration
	}{
		{"422 is not retryable", http.StatusUnprocessableEntity, 0},
		{"401 is not retryable", http.StatusUnauthorized, 0},
		{"403 is not retryable", http.StatusForbidden, 0},
		{"negative MaxRetryElapsed", http.StatusServiceUnavailable, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newMemServer(t, func(context.Context, int, []byte) memReply {
					return memReply{status: tc.status}
				})
				b, f := newMemBatcher(t, srv, customerio.QueueConfig{MaxRetryElapsed: tc.elapsed})
				enqueueNumbered(t, b, 0, 4)
				s := closeBalanced(t, b)
				if len(srv.requests()) != 1 || s.Failed != 4 || s.Splits != 0 || len(f.list()) != 4 {
					t.Errorf("%d requests, stats %+v; want one request and every op failed", len(srv.requests()), s)
				}
			})
		})
	}
}

func TestBatcherSendsThroughTheClientRetryStrategy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(_ context.Context, n int, _ []byte) memReply {
			if n < 2 {
				return memReply{status: http.StatusBadGateway}
			}
			return memOK
		})
		strategy := retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 }))
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{}, customerio.WithRetry(strategy))
		enqueueNumbered(t, b, 0, 3)
		s := closeBalanced(t, b)
		if len(srv.requests()) != 3 || s.BatchesSent != 1 || s.Retried != 0 || s.Delivered != 3 {
			t.Errorf("%d requests, stats %+v; want the strategy's 3 attempts inside one batch send", len(srv.requests()), s)
		}
	})
}

// TestBatcherReplaysFailedOps stores what OnFailure gets and enqueues it
// again with EnqueueRaw: the same bytes, event id included, are sent.
func TestBatcherReplaysFailedOps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(_ context.Context, n int, _ []byte) memReply {
			if n == 0 {
				return memReply{status: http.StatusUnprocessableEntity}
			}
			return memOK
		})
		b, f := newMemBatcher(t, srv, customerio.QueueConfig{})
		enqueueNumbered(t, b, 0, 3)
		if err := b.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		failed := f.list()
		if len(failed) != 3 {
			t.Fatalf("%d failures; want 3", len(failed))
		}
		for _, op := range failed {
			if err := b.EnqueueRaw(t.Context(), op.Data); err != nil {
				t.Fatal(err)
			}
		}
		s := closeBalanced(t, b)
		reqs := srv.requests()
		if len(reqs) != 2 || !bytes.Equal(reqs[0].body, reqs[1].body) {
			t.Errorf("the replay sent\n%s\nthe first attempt\n%s", reqs[len(reqs)-1].body, reqs[0].body)
		}
		if s.Enqueued != 6 || s.Delivered != 3 || s.Failed != 3 {
			t.Errorf("stats %+v", s)
		}
	})
}

func TestBatcherEnqueueRawRefusesWhatIsNotAnOp(t *testing.T) {
	b, _ := newMemBatcher(t, newMemServer(t, func(context.Context, int, []byte) memReply {
		t.Error("nothing should have been sent")
		return memOK
	}), customerio.QueueConfig{})
	defer closeBalanced(t, b)
	for name, data := range map[string][]byte{
		"empty":     nil,
		"blank":     []byte("  \n"),
		"an array":  []byte(`[{"type":"person"}]`),
		"truncated": []byte(`{"type":"person"`),
		"two ops":   []byte(`{"type":"person"}{"type":"person"}`),
		"too large": []byte(`{"pad":"` + strings.Repeat("x", customerio.MaxEntityBytes) + `"}`),
	} {
		var ve *customerio.ValidationError
		if err := b.EnqueueRaw(t.Context(), data); !errors.As(err, &ve) || ve.Op != "trackv2.Batcher.EnqueueRaw" {
			t.Errorf("%s: %v; want a *customerio.ValidationError", name, err)
		}
	}
	if s := b.Stats(); s.Enqueued != 0 {
		t.Errorf("stats %+v", s)
	}
}
