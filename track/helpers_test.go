package track

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// Credentials used by every test. testKey is a sentinel: it must never show up
// in an error, a log record or a formatted client.
const (
	testSite = "site-7f3a"
	testKey  = "SENTINEL-track-key-9c2e"
)

// testAuth is the Authorization header the credentials above must produce.
var testAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(testSite+":"+testKey))

// received is what the test server saw of one request.
type received struct {
	Method      string
	Path        string // escaped, as sent on the wire
	Query       string
	Auth        string
	ContentType string
	RequestID   string
	Body        []byte
}

// recorder is an httptest server that records every request and answers with
// respond (200 {} when nil). respond gets the 0-based index of the request.
type recorder struct {
	srv     *httptest.Server
	respond func(n int, w http.ResponseWriter)

	mu   sync.Mutex
	reqs []received
}

func newRecorder(t *testing.T, respond func(n int, w http.ResponseWriter)) *recorder {
	t.Helper()
	rec := &recorder{respond: respond}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading request body: %v", err)
		}
		rec.mu.Lock()
		n := len(rec.reqs)
		rec.reqs = append(rec.reqs, received{
			Method:      r.Method,
			Path:        r.URL.EscapedPath(),
			Query:       r.URL.RawQuery,
			Auth:        r.Header.Get("Authorization"),
			ContentType: r.Header.Get("Content-Type"),
			RequestID:   r.Header.Get("X-Request-Id"),
			Body:        body,
		})
		rec.mu.Unlock()
		if rec.respond != nil {
			rec.respond(n, w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

// client returns a Client for the recorder's server.
func (rec *recorder) client(t *testing.T, opts ...customerio.Option) *Client {
	t.Helper()
	c, err := New(testSite, testKey, append([]customerio.Option{customerio.WithBaseURL(rec.srv.URL)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func (rec *recorder) requests() []received {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]received(nil), rec.reqs...)
}

// unreachableClient returns a Client whose server fails the test if it is ever
// called: validation must reject input before any I/O.
func unreachableClient(t *testing.T) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the server was called: %s %s", r.Method, r.URL.EscapedPath())
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	c, err := New(testSite, testKey, customerio.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// status answers every request with code and body.
func status(code int, body string) func(int, http.ResponseWriter) {
	return func(_ int, w http.ResponseWriter) {
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// canonical re-encodes JSON with sorted keys and exact numbers, so two bodies
// compare equal exactly when they mean the same.
func canonical(t *testing.T, b []byte) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %q: %v", b, err)
	}
	if dec.More() {
		t.Fatalf("trailing data after JSON value in %q", b)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// golden reads testdata/name.json.
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeBody decodes a recorded JSON body into a map.
func decodeBody(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	return m
}
