package transport

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/retry"
)

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// tracing returns a middleware that appends name to *seen on every request it
// passes down, and reports the RoundTripper it was given into *below.
func tracing(mu *sync.Mutex, seen *[]string, name string, below *http.RoundTripper) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		if below != nil {
			*below = next
		}
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			*seen = append(*seen, name+" "+r.Header.Get("X-Request-Id"))
			mu.Unlock()
			return next.RoundTrip(r)
		})
	}
}

// TestMiddlewareSeesEveryAttemptFirstOutermost pins that middleware runs on each
// attempt, retries included, in the order given with the first outermost.
func TestMiddlewareSeesEveryAttemptFirstOutermost(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	rec := &recorder{answers: []answer{{status: http.StatusServiceUnavailable}, {status: http.StatusOK, body: "{}"}}}
	c, _ := newTestClient(t, rec, Basic("s", "k"),
		customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Delays(time.Microsecond, time.Microsecond))),
		customerio.WithMiddleware(tracing(&mu, &seen, "outer", nil)),
		customerio.WithMiddleware(tracing(&mu, &seen, "inner", nil)),
	)
	if _, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 || len(seen) != 4 {
		t.Fatalf("server saw %d requests, middleware %v; want 2 attempts through both", len(reqs), seen)
	}
	for i, r := range reqs {
		id := r.header.Get("X-Request-Id")
		if seen[2*i] != "outer "+id || seen[2*i+1] != "inner "+id {
			t.Errorf("attempt %d: middleware saw %v, want outer then inner with id %s", i+1, seen[2*i:2*i+2], id)
		}
	}
}

// TestMiddlewareIsBuiltOncePerClient pins that the middleware constructor runs
// when the client is built, not per request.
func TestMiddlewareIsBuiltOncePerClient(t *testing.T) {
	var built atomic.Int32
	mw := func(next http.RoundTripper) http.RoundTripper { built.Add(1); return next }
	c, _ := newTestClient(t, &recorder{}, Basic("s", "k"), customerio.WithMiddleware(mw))
	for range 3 {
		if _, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := built.Load(); n != 1 {
		t.Errorf("middleware built %d times for one client and 3 calls, want 1", n)
	}
}

// TestMiddlewareWrapsTheSharedTunedTransport pins that without WithHTTPClient the
// middleware is given the shared client's own transport (HTTP/2, health checks),
// and that the shared client itself is left unwrapped.
func TestMiddlewareWrapsTheSharedTunedTransport(t *testing.T) {
	var below http.RoundTripper
	var mu sync.Mutex
	var seen []string
	s, err := settings.Resolve("", []customerio.Option{customerio.WithMiddleware(tracing(&mu, &seen, "m", &below))})
	if err != nil {
		t.Fatal(err)
	}
	c := New(s, settings.TrackAPI, Basic("s", "k"))
	shared := DefaultHTTPClient()
	if below != shared.Transport {
		t.Errorf("middleware wraps %T, want the shared tuned transport", below)
	}
	if c.http == shared || shared.Transport != below {
		t.Error("the shared client was modified instead of copied")
	}
	if c.http.CheckRedirect == nil {
		t.Error("the wrapped client lost the no-redirect policy")
	}
}

// TestMiddlewareKeepsHTTP2 pins that a request through middleware over the tuned
// transport still goes out over HTTP/2.
func TestMiddlewareKeepsHTTP2(t *testing.T) {
	var proto atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto.Store(int32(r.ProtoMajor))
		_, _ = w.Write([]byte("{}"))
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	tuned := newHTTPClient(&tls.Config{RootCAs: pool})
	t.Cleanup(tuned.CloseIdleConnections)

	var mu sync.Mutex
	var seen []string
	s, err := settings.Resolve("", []customerio.Option{
		customerio.WithBaseURL(srv.URL),
		customerio.WithHTTPClient(tuned),
		customerio.WithMiddleware(tracing(&mu, &seen, "m", nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(s, settings.TrackAPI, Basic("s", "k")).Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 {
		t.Errorf("middleware saw %d requests, want 1", len(seen))
	}
	if p := proto.Load(); p != 2 {
		t.Errorf("server saw HTTP/%d through middleware, want HTTP/2", p)
	}
}

// TestNilMiddlewareIsRefused pins that WithMiddleware(nil) is an option error, not
// a panic on the first request.
func TestNilMiddlewareIsRefused(t *testing.T) {
	if _, err := settings.Resolve("", []customerio.Option{customerio.WithMiddleware(nil)}); err == nil {
		t.Error("WithMiddleware(nil) accepted")
	}
}
