package customeriotest

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Rule scripts how the server answers the requests a Route matches. The steps
// run in this order: Delay; the normal handling when AfterApply is set; then
// the first of Drop, Handler or Status that is set answers. A Rule with only
// Delay slows the route down and answers normally.
type Rule struct {
	// Times is how many matching requests the rule applies to; 0 means every
	// one until Reset.
	Times int
	// Delay holds the request back this long before anything else happens. It
	// ends early, without an answer, when the request's context ends or the
	// server closes.
	Delay time.Duration
	// AfterApply applies the request to the server's state first, as if it had
	// succeeded, and only then answers with Drop, Handler or Status: the client
	// sees a failure although Customer.io acted on the call, the case event
	// de-duplication ids are for.
	AfterApply bool
	// Drop ends the request without an answer: the HTTP/2 stream is reset (an
	// HTTP/1 connection is closed), so the client sees a transport error.
	Drop bool
	// Handler answers the request instead of the server. Its body has been
	// read and is readable again.
	Handler http.HandlerFunc
	// Status answers with this status (100–999; anything else becomes 500).
	// Unless Body is set, an error status carries the error body the route's
	// API uses and a 1xx–3xx status the body {}.
	Status int
	// RetryAfter, when positive, is sent with Status as a Retry-After header in
	// whole seconds, rounded up.
	RetryAfter time.Duration
	// Body, when not nil, is sent with Status as it is (Content-Type
	// application/json when it is valid JSON, text/plain otherwise), to mimic
	// gateways that answer with HTML or plain text.
	Body []byte
}

type activeRule struct {
	method  string
	pattern pattern
	anyPath bool
	left    int // uses left; < 0 means unlimited
	rule    Rule
}

// faults holds the scripted behaviour; rules apply in the order they were added.
type faults struct {
	mu      sync.Mutex
	latency time.Duration
	rules   []*activeRule
}

// Route installs rule for the requests whose method is method ("" for any) and
// whose path matches pathPattern ("" for any path). A pattern is a path whose
// "{name}" segments match any one segment and whose last segment may be
// "{name...}" to match the rest, as in "/api/v1/customers/{id}/events" or
// "/v1/send/{type}". Segments are compared unescaped. When several rules match
// a request the one added first applies; a rule whose Times are used up is
// removed.
func (s *Server) Route(method, pathPattern string, rule Rule) {
	left := rule.Times
	if left <= 0 {
		left = -1
	}
	s.faults.add(&activeRule{
		method:  strings.ToUpper(method),
		pattern: parsePattern(pathPattern),
		anyPath: pathPattern == "",
		left:    left,
		rule:    rule,
	})
}

// faultMessage is the error message of a scripted failure without a Body. The
// client already shows the status with its text, so the message says only where
// the failure comes from.
const faultMessage = "fault scripted on customeriotest.Server"

// FailNext answers the next n requests, whatever their route, with status and
// the error body of the route's API, plus a Retry-After header in seconds when
// retryAfter is positive. The requests are not applied.
func (s *Server) FailNext(n, status int, retryAfter time.Duration) {
	if n <= 0 {
		return
	}
	s.faults.add(&activeRule{anyPath: true, left: n, rule: Rule{Status: status, RetryAfter: retryAfter}})
}

// DropNext ends the next n requests, whatever their route, without an answer,
// so the client sees a transport error. The requests are not applied. Over
// HTTP/2 (what Client speaks) the stream is reset; an HTTP/1 connection is
// closed instead, and Go's HTTP/1 transport may then repeat an idempotent
// request on its own.
func (s *Server) DropNext(n int) {
	if n <= 0 {
		return
	}
	s.faults.add(&activeRule{anyPath: true, left: n, rule: Rule{Drop: true}})
}

// SetLatency delays every answer by d (0 turns it off). A request whose
// context ends during the delay is dropped unanswered and not applied.
func (s *Server) SetLatency(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.latency = d
}

// Reset removes every Rule and pending FailNext and DropNext, and the latency.
// The state and the request log are kept.
func (s *Server) Reset() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.latency = 0
	s.faults.rules = nil
}

func (f *faults) add(r *activeRule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = append(f.rules, r)
}

// take returns the latency and the first rule matching the request, using up
// one of its Times.
func (f *faults) take(method string, segs []string) (time.Duration, Rule, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.rules {
		if r.method != "" && r.method != method {
			continue
		}
		if !r.anyPath {
			if segs == nil {
				continue
			}
			if _, ok := r.pattern.match(segs); !ok {
				continue
			}
		}
		if r.left > 0 {
			r.left--
			if r.left == 0 {
				f.rules = append(f.rules[:i:i], f.rules[i+1:]...)
			}
		}
		return f.latency, r.rule, true
	}
	return f.latency, Rule{}, false
}

// wait holds a request back for d. It reports false when ctx ended or the
// server began closing first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}
