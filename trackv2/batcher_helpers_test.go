package trackv2

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// memReply is what memServer answers to one request.
type memReply struct {
	status     int
	body       string
	retryAfter string
	// drop fails the request without an answer, as a reset connection does.
	drop bool
}

var memOK = memReply{status: http.StatusOK, body: "{}"}

// memRequest is one request memServer received.
type memRequest struct {
	at   time.Duration // since the server was made
	body []byte
	ops  []map[string]any
}

// memServer is an http.RoundTripper that answers Track API requests in the
// calling goroutine, without a network, so that Batchers run inside synctest
// bubbles. reply may block; it must return once ctx ends.
type memServer struct {
	t     testing.TB
	start time.Time
	reply func(ctx context.Context, n int, body []byte) memReply
	// discard drains bodies without keeping or decoding them, so that a test
	// measuring the Batcher's memory does not count the server's copies of
	// full-size batches.
	discard bool

	mu   sync.Mutex
	reqs []memRequest
}

func newMemServer(t testing.TB, reply func(ctx context.Context, n int, body []byte) memReply) *memServer {
	if reply == nil {
		reply = func(context.Context, int, []byte) memReply { return memOK }
	}
	return &memServer{t: t, start: time.Now(), reply: reply}
}

func (s *memServer) RoundTrip(r *http.Request) (*http.Response, error) {
	if s.discard {
		_, _ = io.Copy(io.Discard, r.Body)
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, memRequest{at: time.Since(s.start)})
		s.mu.Unlock()
		return s.answer(r, s.reply(r.Context(), n, nil))
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if r.URL.Path != batchPath {
		s.t.Errorf("request to %s", r.URL.Path)
	}
	var envelope struct{ Batch []map[string]any }
	if err := json.Unmarshal(body, &envelope); err != nil {
		s.t.Errorf("batch body is not JSON: %v", err)
	}
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, memRequest{at: time.Since(s.start), body: body, ops: envelope.Batch})
	s.mu.Unlock()

	return s.answer(r, s.reply(r.Context(), n, body))
}

// answer turns a scripted reply into the round trip's result.
func (s *memServer) answer(r *http.Request, rep memReply) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	if rep.drop {
		return nil, errors.New("connection reset by peer")
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if rep.retryAfter != "" {
		h.Set("Retry-After", rep.retryAfter)
	}
	return &http.Response{
		StatusCode:    rep.status,
		Header:        h,
		Body:          io.NopCloser(strings.NewReader(rep.body)),
		ContentLength: int64(len(rep.body)),
		Request:       r,
	}, nil
}

func (s *memServer) requests() []memRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]memRequest(nil), s.reqs...)
}

// opNumbers lists, in arrival order, the "n" attribute of every op of reqs.
func (s *memServer) opNumbers(reqs []memRequest) []int {
	var out []int
	for _, r := range reqs {
		for _, op := range r.ops {
			out = append(out, opNumber(s.t, op))
		}
	}
	return out
}

// opNumber reads the "n" attribute of a decoded op.
func opNumber(t testing.TB, op map[string]any) int {
	t.Helper()
	attrs, _ := op["attributes"].(map[string]any)
	n, ok := attrs["n"].(float64)
	if !ok {
		t.Fatalf("op without a number: %v", op)
	}
	return int(n)
}

// numberedOp is an event carrying the number n in its attributes.
func numberedOp(n int) Op {
	return TrackPersonEvent(customerio.ByID("person-"+strconv.Itoa(n%10)), "numbered", map[string]any{"n": n})
}

// failures collects what OnFailure receives.
type failures struct {
	mu  sync.Mutex
	ops []customerio.Failure
}

func (f *failures) record(ops []customerio.Failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops = append(f.ops, ops...)
}

func (f *failures) list() []customerio.Failure {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]customerio.Failure(nil), f.ops...)
}

// numbers returns the op numbers of the failures, in report order.
func (f *failures) numbers(t testing.TB) []int {
	var out []int
	for _, op := range f.list() {
		var m map[string]any
		if err := json.Unmarshal(op.Data, &m); err != nil {
			t.Fatalf("failed op data %q: %v", op.Data, err)
		}
		out = append(out, opNumber(t, m))
	}
	return out
}

// newMemBatcher returns a Batcher whose client talks to srv; its OnFailure
// records into the returned failures unless cfg sets one.
func newMemBatcher(t testing.TB, srv *memServer, cfg customerio.QueueConfig, opts ...customerio.Option) (*Batcher, *failures) {
	t.Helper()
	f := &failures{}
	if cfg.OnFailure == nil {
		cfg.OnFailure = f.record
	}
	opts = append([]customerio.Option{
		customerio.WithBaseURL("https://track.customerio.test"),
		customerio.WithHTTPClient(&http.Client{Transport: srv}),
	}, opts...)
	c, err := New(testSite, testKey, opts...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBatcher(c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b, f
}

// enqueueNumbered enqueues numberedOp(from) … numberedOp(to-1).
func enqueueNumbered(t testing.TB, b *Batcher, from, to int) {
	t.Helper()
	for n := from; n < to; n++ {
		if err := b.Enqueue(context.Background(), numberedOp(n)); err != nil {
			t.Fatalf("Enqueue(%d): %v", n, err)
		}
	}
}

// closeBalanced closes b with no deadline and checks every op has an outcome.
func closeBalanced(t testing.TB, b *Batcher) customerio.QueueStats {
	t.Helper()
	if err := b.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s := b.Stats()
	if s.Enqueued != s.Delivered+s.Failed || s.Queued != 0 || s.QueuedBytes != 0 || s.InFlight != 0 {
		t.Errorf("after Close: %+v; want every op delivered or failed", s)
	}
	return s
}

// advance moves a synctest bubble's clock by d and lets every goroutine of the
// bubble settle.
func advance(d time.Duration) {
	<-time.After(d)
	synctest.Wait()
}

// seq returns from, from+1, …, to-1.
func seq(from, to int) []int {
	out := make([]int, 0, to-from)
	for n := from; n < to; n++ {
		out = append(out, n)
	}
	return out
}
