package pipelines_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testKey is a sentinel write key: it must never show up in an error, a log
// record or a formatted client.
const testKey = "SENTINEL-write-key-4b1d"

// testAuth is the Authorization header testKey must produce.
var testAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(testKey+":"))

// Pinned values for messages whose bytes are compared.
var (
	pinnedTime = time.Date(2024, 1, 2, 4, 4, 5, 123_000_000, time.FixedZone("CET", 3600))
	pinnedID   = "6f1c2a9e-4b7d-4e3a-9c1f-2d8e5a7b9c01"
)

// received is what a test server saw of one request; Body is decompressed when
// the request said Content-Encoding: gzip.
type received struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// Raw is the body as sent on the wire.
	Raw []byte
}

// recorder is an http.Handler recording every request and answering with
// respond, or 200 {} when respond is nil. respond gets the 0-based index of the
// request.
type recorder struct {
	t       testing.TB
	respond func(n int, r received, w http.ResponseWriter)

	mu   sync.Mutex
	reqs []received
}

func newRecorder(t testing.TB, respond func(n int, r received, w http.ResponseWriter)) *recorder {
	return &recorder{t: t, respond: respond}
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		rec.t.Errorf("reading the request body: %v", err)
	}
	body := raw
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			rec.t.Errorf("gzip body: %v", err)
		} else if body, err = io.ReadAll(zr); err != nil {
			rec.t.Errorf("gzip body: %v", err)
		}
	}
	got := received{Method: r.Method, Path: r.URL.EscapedPath(), Header: r.Header.Clone(), Body: body, Raw: raw}
	rec.mu.Lock()
	n := len(rec.reqs)
	rec.reqs = append(rec.reqs, got)
	rec.mu.Unlock()
	if rec.respond != nil {
		rec.respond(n, got, w)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, "{}")
}

func (rec *recorder) requests() []received {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]received(nil), rec.reqs...)
}

// serve starts an httptest server for h, closed when the test ends.
func serve(t testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// inMemory returns an HTTP client that serves every request with h on the
// calling goroutine, and fails the request if its context ended meanwhile. Tests inside a synctest bubble use it: a network server's
// goroutines would never let the bubble's clock move.
func inMemory(h http.Handler) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if err := r.Context().Err(); err != nil {
			return nil, err
		}
		return w.Result(), nil
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newClient returns a client closed when the test ends.
func newClient(t testing.TB, opts ...customerio.Option) *pipelines.Client {
	t.Helper()
	c, err := pipelines.New(testKey, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		// Tests that expect failures without OnFailure check them
		// themselves; ErrUndelivered only repeats them here.
		if err := c.Close(context.Background()); err != nil && !errors.Is(err, customerio.ErrUndelivered) {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

// unreachable returns a base-URL option for a server that fails the test if it
// is ever called.
func unreachable(t testing.TB) customerio.Option {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the server was called: %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
	}))
	return customerio.WithBaseURL(srv.URL)
}

// batchBody is a decoded /v1/batch body; items keep their exact bytes.
type batchBody struct {
	Batch   []json.RawMessage `json:"batch"`
	Context json.RawMessage   `json:"context"`
	SentAt  string            `json:"sentAt"`
}

func decodeBatch(t testing.TB, body []byte) batchBody {
	t.Helper()
	var b batchBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("batch body %s: %v", body, err)
	}
	return b
}

// decodeObject decodes a JSON object.
func decodeObject(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("JSON %s: %v", b, err)
	}
	return m
}

// advance moves a synctest bubble's clock by d and lets every goroutine settle.
func advance(d time.Duration) {
	<-time.After(d)
	synctest.Wait()
}
