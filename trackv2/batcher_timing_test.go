package trackv2

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestBatcherSendsAfterFlushInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, nil)
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{}) // FlushInterval defaults to 1s

		enqueueNumbered(t, b, 0, 2)
		advance(400 * time.Millisecond)
		enqueueNumbered(t, b, 2, 3) // joins the batch; its clock runs from op 0
		advance(599 * time.Millisecond)
		if reqs := srv.requests(); len(reqs) != 0 {
			t.Fatalf("%d requests before the interval passed", len(reqs))
		}
		advance(time.Millisecond)
		reqs := srv.requests()
		if len(reqs) != 1 || reqs[0].at != time.Second || !slices.Equal(srv.opNumbers(reqs), []int{0, 1, 2}) {
			t.Fatalf("requests %+v; want ops 0, 1, 2 sent at exactly 1s", reqs)
		}
		if s := b.Stats(); s.Delivered != 3 || s.BatchesSent != 1 {
			t.Errorf("stats %+v", s)
		}

		// The next batch's clock starts at its own first op.
		advance(300 * time.Millisecond)
		enqueueNumbered(t, b, 3, 4)
		advance(999 * time.Millisecond)
		if len(srv.requests()) != 1 {
			t.Fatal("second batch sent early")
		}
		advance(time.Millisecond)
		if reqs := srv.requests(); len(reqs) != 2 || reqs[1].at != 2300*time.Millisecond {
			t.Fatalf("requests %+v; want the second at exactly 2.3s", reqs)
		}
		closeBalanced(t, b)
	})
}

func TestBatcherSendsFullBatchesAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, nil)
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{MaxBatchItems: 10, FlushInterval: time.Hour, Uploaders: 1})

		enqueueNumbered(t, b, 0, 25)
		synctest.Wait()
		reqs := srv.requests()
		if len(reqs) != 2 || reqs[0].at != 0 || reqs[1].at != 0 ||
			!slices.Equal(srv.opNumbers(reqs[:1]), seq(0, 10)) || !slices.Equal(srv.opNumbers(reqs[1:]), seq(10, 20)) {
			t.Fatalf("requests %+v; want two batches of 10 at once", reqs)
		}
		if s := b.Stats(); s.Queued != 5 || s.Delivered != 20 {
			t.Errorf("stats %+v; want 5 queued and 20 delivered", s)
		}
		if err := b.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		reqs = srv.requests()
		if len(reqs) != 3 || reqs[2].at != 0 || !slices.Equal(srv.opNumbers(reqs[2:]), seq(20, 25)) {
			t.Fatalf("requests %+v; want Flush to send the last 5 at once", reqs)
		}
		closeBalanced(t, b)
	})
}

// opOfSize returns an identify op (no generated id, so its size is fixed)
// whose JSON is exactly size bytes.
func opOfSize(t *testing.T, n, size int) Op {
	t.Helper()
	build := func(pad int) Op {
		return IdentifyPerson(customerio.ByID("p"), map[string]any{"n": n, "pad": strings.Repeat("x", pad)})
	}
	empty, err := encodeOp("test", build(0), -1)
	if err != nil {
		t.Fatal(err)
	}
	op := build(size - len(empty))
	if data, err := encodeOp("test", op, -1); err != nil || len(data) != size {
		t.Fatalf("op of %d bytes: got %d (%v)", size, len(data), err)
	}
	return op
}

// TestBatcherBatchBodyBoundary fills a batch to exactly 500,000 bytes, the
// {"batch":[…]} envelope and the commas counted, and then one byte more.
func TestBatcherBatchBodyBoundary(t *testing.T) {
	const ops, each = 20, 25_000
	// 12 bytes of envelope, 19 commas, 19 ops of 25,000: the last op that
	// makes the body exactly customerio.MaxBatchBytes.
	last := customerio.MaxBatchBytes - len(`{"batch":[]}`) - (ops - 1) - (ops-1)*each
	cases := []struct {
		name     string
		lastSize int
		want     [][]int // op numbers per request
		wantLen  []int   // body length per request
	}{
		{"exactly 500,000 bytes", last, [][]int{seq(0, 20)}, []int{customerio.MaxBatchBytes}},
		{"one byte over", last + 1, [][]int{seq(0, 19), {19}}, []int{customerio.MaxBatchBytes - last - 1, 12 + last + 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newMemServer(t, nil)
				b, _ := newMemBatcher(t, srv, customerio.QueueConfig{FlushInterval: time.Hour, Uploaders: 1})
				for n := range ops {
					size := each
					if n == ops-1 {
						size = tc.lastSize
					}
					if err := b.Enqueue(t.Context(), opOfSize(t, n, size)); err != nil {
						t.Fatal(err)
					}
				}
				synctest.Wait()
				if tc.name == "exactly 500,000 bytes" && len(srv.requests()) != 1 {
					t.Fatal("a batch of exactly 500,000 bytes was not sent at once")
				}
				if err := b.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
				reqs := srv.requests()
				if len(reqs) != len(tc.want) {
					t.Fatalf("%d requests; want %d", len(reqs), len(tc.want))
				}
				for i, r := range reqs {
					if got := srv.opNumbers(reqs[i : i+1]); !slices.Equal(got, tc.want[i]) || len(r.body) != tc.wantLen[i] {
						t.Errorf("request %d: ops %v in %d bytes; want %v in %d", i, got, len(r.body), tc.want[i], tc.wantLen[i])
					}
				}
				closeBalanced(t, b)
			})
		})
	}
}

// TestBatcherKeepsOrderWithOneUploader checks that with one uploader ops
// reach Customer.io in enqueue order, retries included.
func TestBatcherKeepsOrderWithOneUploader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemServer(t, func(_ context.Context, n int, _ []byte) memReply {
			if n%3 == 1 {
				return memReply{status: http.StatusServiceUnavailable}
			}
			return memOK
		})
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{MaxBatchItems: 7, Uploaders: 1})
		enqueueNumbered(t, b, 0, 100)
		s := closeBalanced(t, b)
		var delivered []int
		for i, r := range srv.requests() {
			if i%3 != 1 { // answered 200
				delivered = append(delivered, srv.opNumbers([]memRequest{r})...)
			}
		}
		if !slices.Equal(delivered, seq(0, 100)) || s.Delivered != 100 || s.Retried == 0 {
			t.Errorf("delivered %v, stats %+v; want 0…99 in order, with retries", delivered, s)
		}
	})
}
