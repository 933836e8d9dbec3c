package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// trackEnvelope is the fixed part of a Track v2 batch body.
const trackEnvelope = len(`{"batch":[`) + len(`]}`)

// assemble builds the body a Track v2 Send would post.
func assemble(items [][]byte) []byte {
	n := trackEnvelope
	for i, it := range items {
		if i > 0 {
			n++
		}
		n += len(it)
	}
	body := make([]byte, 0, n)
	body = append(body, `{"batch":[`...)
	for i, it := range items {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, it...)
	}
	return append(body, `]}`...)
}

// item returns a JSON object of exactly size bytes carrying id.
func item(id, size int) []byte {
	prefix := fmt.Sprintf(`{"id":%d,"p":"`, id)
	pad := size - len(prefix) - len(`"}`)
	if pad < 0 {
		panic(fmt.Sprintf("item %d cannot be %d bytes", id, size))
	}
	return []byte(prefix + strings.Repeat("x", pad) + `"}`)
}

// idOf reads the id an item carries.
func idOf(t testing.TB, data []byte) int {
	t.Helper()
	var v struct{ ID int }
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("item %q: %v", data, err)
	}
	return v.ID
}

// advance moves a synctest bubble's clock by d and lets every goroutine settle.
func advance(d time.Duration) {
	<-time.After(d)
	synctest.Wait()
}

// call is one recorded Send, recorded as it starts.
type call struct {
	at      time.Duration // since the sink was made
	ids     []int
	bodyLen int
	err     error // what Send returned
	done    bool  // Send has returned
}

// sink is a Send and OnFailure pair that records everything; reply picks what
// each Send returns (nil delivers).
type sink struct {
	t     testing.TB
	start time.Time
	reply func(ctx context.Context, items [][]byte) error

	mu       sync.Mutex
	calls    []call
	failures []Failure
}

func newSink(t testing.TB, reply func(ctx context.Context, items [][]byte) error) *sink {
	return &sink{t: t, start: time.Now(), reply: reply}
}

func (s *sink) send(ctx context.Context, items [][]byte) error {
	c := call{at: time.Since(s.start), bodyLen: len(assemble(items))}
	for _, it := range items {
		c.ids = append(c.ids, idOf(s.t, it))
	}
	s.mu.Lock()
	i := len(s.calls)
	s.calls = append(s.calls, c)
	s.mu.Unlock()
	var err error
	if s.reply != nil {
		err = s.reply(ctx, items)
	}
	s.mu.Lock()
	s.calls[i].err = err
	s.calls[i].done = true
	s.mu.Unlock()
	return err
}

func (s *sink) onFailure(failed []Failure) {
	s.mu.Lock()
	s.failures = append(s.failures, failed...)
	s.mu.Unlock()
}

// config is a Track v2 shaped Config wired to the sink.
func (s *sink) config() Config {
	// The fixed sizes most tests count batches with; the adaptive defaults
	// have tests of their own.
	return Config{EnvelopeBytes: trackEnvelope, Send: s.send, OnFailure: s.onFailure, MaxItems: 100, Uploaders: 2}
}

func (s *sink) snapshot() ([]call, []Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call(nil), s.calls...), append([]Failure(nil), s.failures...)
}

// deliveredIDs lists, in order, the ids of the calls that returned nil.
func (s *sink) deliveredIDs() []int {
	calls, _ := s.snapshot()
	var ids []int
	for _, c := range calls {
		if c.done && c.err == nil {
			ids = append(ids, c.ids...)
		}
	}
	return ids
}

func mustNew(t testing.TB, cfg Config) *Engine {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

// enqueueIDs enqueues items of the given size with ids from..to-1.
func enqueueIDs(t testing.TB, e *Engine, from, to, size int) {
	t.Helper()
	for id := from; id < to; id++ {
		if err := e.Enqueue(context.Background(), item(id, size)); err != nil {
			t.Fatalf("Enqueue(%d): %v", id, err)
		}
	}
}

// closeAndCheck closes e with no deadline and checks the books balance.
func closeAndCheck(t testing.TB, e *Engine) Stats {
	t.Helper()
	if err := e.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return checkBalanced(t, e)
}

// checkBalanced checks that, after Close, every accepted item has one outcome.
func checkBalanced(t testing.TB, e *Engine) Stats {
	t.Helper()
	s := e.Stats()
	if s.Enqueued != s.Delivered+s.Failed+s.Spooled || s.Queued != 0 || s.QueuedBytes != 0 || s.InFlight != 0 {
		t.Errorf("after Close: %+v; want Enqueued == Delivered + Failed and nothing queued", s)
	}
	return s
}

func seqRange(from, to int) []int {
	ids := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		ids = append(ids, i)
	}
	return ids
}
