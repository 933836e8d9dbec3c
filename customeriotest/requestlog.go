package customeriotest

import (
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Request is one request the server received, as recorded for assertions.
type Request struct {
	Method string
	// Path is the escaped path as sent ("/api/v1/customers/a%2Fb/events").
	Path  string
	Query url.Values
	// Header holds the request headers except Authorization and
	// Proxy-Authorization, which are never recorded.
	Header http.Header
	// Body is the request body, already decoded when it was sent with
	// Content-Encoding: gzip.
	Body []byte
	// Time is when the request arrived (see WithClock).
	Time time.Time
	// Status is the status answered, or 0 when no answer was sent: the
	// connection was dropped (DropNext, Rule.Drop) or the client went away
	// first.
	Status int
}

func (r Request) clone() Request {
	r.Query = cloneValues(r.Query)
	r.Header = r.Header.Clone()
	r.Body = slices.Clone(r.Body)
	return r
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// requestLog keeps every request in arrival order.
type requestLog struct {
	mu      sync.Mutex
	entries []Request
}

// begin records r (without its credentials) and returns its index.
func (l *requestLog) begin(r *http.Request, at time.Time) int {
	h := r.Header.Clone()
	h.Del("Authorization")
	h.Del("Proxy-Authorization")
	e := Request{
		Method: r.Method,
		Path:   r.URL.EscapedPath(),
		Query:  r.URL.Query(),
		Header: h,
		Time:   at,
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	return len(l.entries) - 1
}

func (l *requestLog) setBody(i int, body []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries[i].Body = slices.Clone(body)
}

func (l *requestLog) get(i int) Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.entries[i].clone()
}

func (l *requestLog) finish(i, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries[i].Status = status
}

// Requests returns a copy of every request received so far, in arrival order.
// A request still being served shows Status 0 until it is answered.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make([]Request, len(s.log.entries))
	for i, e := range s.log.entries {
		out[i] = e.clone()
	}
	return out
}
