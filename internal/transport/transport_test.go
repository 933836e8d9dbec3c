package transport

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"go.uber.org/goleak"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// received is one request as a test server saw it.
type received struct {
	method, path, query string
	header              http.Header
	body                []byte
	contentLength       int64
}

// recorder is an httptest handler that records every request and answers with
// the next scripted response (the last one repeats).
type recorder struct {
	mu      sync.Mutex
	reqs    []received
	answers []answer
}

type answer struct {
	status int
	header map[string]string
	body   string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, received{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), body, r.ContentLength})
	a := answer{status: http.StatusOK, body: "{}"}
	if n := len(rec.reqs) - 1; n < len(rec.answers) {
		a = rec.answers[n]
	} else if len(rec.answers) > 0 {
		a = rec.answers[len(rec.answers)-1]
	}
	rec.mu.Unlock()
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

func (rec *recorder) requests() []received {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]received(nil), rec.reqs...)
}

// newTestClient starts srv-backed client for api with the given extra options.
func newTestClient(t *testing.T, h http.Handler, creds Credentials, opts ...customerio.Option) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s, err := settings.Resolve("", append([]customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client())}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	return New(s, settings.TrackAPI, creds), srv
}
