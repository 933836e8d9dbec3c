package trackv2

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

const (
	testSite = "site-123"
	// testKey is a sentinel: it must never show up in an error or a formatted value.
	testKey = "SENTINEL-API-KEY-7f3a9c"
)

// request is what the test server received.
type request struct {
	Method, Path, ContentType, Authorization string
	Body                                     []byte
}

// answer is what the test server replies to the n-th request (0-based).
type answer func(n int, r request) (status int, body string)

func ok200(int, request) (int, string) { return http.StatusOK, "{}" }

// recorder is a Track API stand-in that records every request.
type recorder struct {
	mu   sync.Mutex
	reqs []request
}

func (r *recorder) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

// newTestClient returns a client talking to a server that answers with ans.
func newTestClient(t *testing.T, ans answer, opts ...customerio.Option) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		body, err := io.ReadAll(hr.Body)
		if err != nil {
			t.Errorf("reading the request body: %v", err)
		}
		r := request{
			Method:        hr.Method,
			Path:          hr.URL.EscapedPath(),
			ContentType:   hr.Header.Get("Content-Type"),
			Authorization: hr.Header.Get("Authorization"),
			Body:          body,
		}
		rec.mu.Lock()
		n := len(rec.reqs)
		rec.reqs = append(rec.reqs, r)
		rec.mu.Unlock()
		status, resp := ans(n, r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, resp)
	}))
	t.Cleanup(srv.Close)
	c, err := New(testSite, testKey, append([]customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// newUnreachableClient returns a client whose server fails the test if it is
// called at all.
func newUnreachableClient(t *testing.T) *Client {
	t.Helper()
	c, _ := newTestClient(t, func(int, request) (int, string) {
		t.Error("the server was called; the input should have been refused before any I/O")
		return http.StatusInternalServerError, "{}"
	})
	return c
}
