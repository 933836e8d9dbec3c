package batchtest

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// reply is what the server does with one batch request.
type reply struct {
	status int
	body   []byte
	// retryAfter, when not empty, is sent as the Retry-After header.
	retryAfter string
	// applied lists the positions of the request's items the server applied:
	// each counts as one delivery of its message.
	applied []int
	// drop ends the request without an answer, after applying the items in
	// applied.
	drop bool
	// midBody starts a 200 answer, applying the items in applied, and breaks
	// the stream halfway through its body: the client gets a status but no
	// complete answer.
	midBody bool
	// delay holds the answer back this long, as a distant server would.
	delay time.Duration
}

// script decides the reply to a batch request carrying numbers. It may block,
// but must return once r's context ends.
type script func(r *http.Request, numbers []int) reply

// server is an HTTPS test server speaking HTTP/2 that answers a Wire's batch
// requests as a script says, and keeps the books: how often each message was
// applied, and what the client reported as failed.
type server struct {
	t    *testing.T
	wire Wire
	ts   *httptest.Server
	play script

	mu       sync.Mutex
	requests int
	applied  map[int]int
	// ambiguous holds the messages of batches applied and then dropped: the
	// client sees a failure, so a repeat of these is unavoidable.
	ambiguous map[int]bool
	failed    map[int][]error
	// undecodable counts failure reports whose item the wire cannot read.
	undecodable int
}

// newServer starts a server for w that answers with play; it is closed when
// the test ends.
func newServer(t *testing.T, w Wire, play script) *server {
	s := &server{t: t, wire: w, play: play, applied: map[int]int{}, ambiguous: map[int]bool{}, failed: map[int][]error{}}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.ts.EnableHTTP2 = true
	// Streams the server resets on purpose are logged otherwise.
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.ts.StartTLS()
	t.Cleanup(s.ts.Close)
	return s
}

// env returns an Env pointing at the server, with the suite's usual tuning:
// small batches, no flush by time, short retry delays.
func (s *server) env() Env {
	return Env{
		Options:         []customerio.Option{customerio.WithBaseURL(s.ts.URL), customerio.WithHTTPClient(s.ts.Client())},
		MaxBatchItems:   10,
		FlushInterval:   time1h,
		Uploaders:       2,
		MaxRetryElapsed: retryElapsed,
		RetryBaseDelay:  retryBase,
		RetryMaxDelay:   retryMax,
		Failed:          s.reportFailed,
	}
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != s.wire.Path {
		s.t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		// The client went away while sending; nothing was applied.
		return
	}
	numbers, err := s.wire.Numbers(body)
	if err != nil {
		s.t.Errorf("reading a request body: %v", err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()

	rep := s.play(r, numbers)

	s.mu.Lock()
	for _, i := range rep.applied {
		n := numbers[i]
		s.applied[n]++
		if rep.drop || rep.midBody {
			s.ambiguous[n] = true
		}
	}
	s.mu.Unlock()
	if rep.delay > 0 {
		t := time.NewTimer(rep.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
		}
		t.Stop()
	}
	if rep.drop {
		panic(http.ErrAbortHandler)
	}
	if rep.midBody {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "64")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"errors":[`))
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
	if rep.retryAfter != "" {
		w.Header().Set("Retry-After", rep.retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

// reportFailed is Env.Failed.
func (s *server) reportFailed(item []byte, err error) {
	n, nerr := s.wire.Number(item)
	s.mu.Lock()
	defer s.mu.Unlock()
	if nerr != nil {
		s.undecodable++
		s.t.Errorf("reading a failed item %q: %v", item, nerr)
		return
	}
	s.failed[n] = append(s.failed[n], err)
}

// books is a copy of the server's records.
type books struct {
	requests  int
	applied   map[int]int
	ambiguous map[int]bool
	failed    map[int][]error
}

func (s *server) books() books {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := books{requests: s.requests, applied: map[int]int{}, ambiguous: map[int]bool{}, failed: map[int][]error{}}
	for n, c := range s.applied {
		b.applied[n] = c
	}
	for n := range s.ambiguous {
		b.ambiguous[n] = true
	}
	for n, errs := range s.failed {
		b.failed[n] = slices.Clone(errs)
	}
	return b
}

// acceptAll applies every item and answers 200.
func acceptAll(numbers []int) reply {
	return reply{status: http.StatusOK, body: []byte(`{}`), applied: positions(len(numbers))}
}

// refuseAll applies nothing and answers status with an error body.
func refuseAll(status int) reply {
	return reply{status: status, body: []byte(`{"errors":[{"reason":"refused","message":"refused by the test server (` + strconv.Itoa(status) + `)"}]}`)}
}

// positions returns 0, 1, …, n-1.
func positions(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// partial applies every item but those at refused and answers as the wire
// answers a partial success.
func (s *server) partial(n int, refused []int) reply {
	status, body := s.wire.Partial(refused)
	var applied []int
	for i := range n {
		if !slices.Contains(refused, i) {
			applied = append(applied, i)
		}
	}
	return reply{status: status, body: body, applied: applied}
}
