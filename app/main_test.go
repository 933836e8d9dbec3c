package app

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	customerio "github.com/gocustomerio/customerio"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testKey is the App API key every test client uses; no output may contain it.
const testKey = "sk-SENTINEL-0f1e2d3c4b5a"

// exchange is one request a test expects and the answer it gets.
type exchange struct {
	method string
	// path is the escaped path as sent, e.g. "/v1/customers/a%2Fb/attributes".
	path string
	// query is the expected query in url.Values.Encode form (keys sorted); ""
	// means no query at all.
	query string
	// body is the JSON the request must carry, compared as JSON values; "" means
	// no body at all.
	body string
	// workspace is the expected X-Workspace-Id header; "" means it must be absent.
	workspace string
	// status is the answer's status, 200 when 0.
	status int
	// fixture names the file under testdata served as the answer's body; "" sends
	// an empty body.
	fixture string
}

// testServer is an httptest server that expects exactly the scripted exchanges,
// in order, and fails the test on any other request. With no exchanges it fails
// on every request, which validation tests rely on.
type testServer struct {
	t         *testing.T
	srv       *httptest.Server
	exchanges []exchange
	calls     atomic.Int32
}

func newServer(t *testing.T, exchanges ...exchange) *testServer {
	t.Helper()
	s := &testServer{t: t, exchanges: exchanges}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.srv.Close)
	return s
}

// client returns a client for the server, authenticated with testKey.
func (s *testServer) client(opts ...customerio.Option) *Client {
	s.t.Helper()
	c, err := New(testKey, append([]customerio.Option{customerio.WithBaseURL(s.srv.URL)}, opts...)...)
	if err != nil {
		s.t.Fatalf("New: %v", err)
	}
	return c
}

func (s *testServer) serveHTTP(w http.ResponseWriter, r *http.Request) {
	t := s.t
	n := int(s.calls.Add(1)) - 1
	if n >= len(s.exchanges) {
		t.Errorf("unexpected request %d: %s %s", n+1, r.Method, r.URL)
		http.Error(w, "unexpected", http.StatusTeapot)
		return
	}
	want := s.exchanges[n]
	body, _ := io.ReadAll(r.Body)
	if r.Method != want.method {
		t.Errorf("request %d: method %s, want %s", n+1, r.Method, want.method)
	}
	if got := r.URL.EscapedPath(); got != want.path {
		t.Errorf("request %d: path %s, want %s", n+1, got, want.path)
	}
	if got := r.URL.Query().Encode(); got != want.query {
		t.Errorf("request %d: query %q, want %q", n+1, got, want.query)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("request %d: Authorization %q", n+1, got)
	}
	if got := r.Header.Get("X-Workspace-Id"); got != want.workspace {
		t.Errorf("request %d: X-Workspace-Id %q, want %q", n+1, got, want.workspace)
	}
	switch {
	case want.body == "" && len(body) > 0:
		t.Errorf("request %d: unexpected body %s", n+1, body)
	case want.body != "":
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("request %d: Content-Type %q", n+1, ct)
		}
		if !sameJSON(t, body, []byte(want.body)) {
			t.Errorf("request %d: body\n got %s\nwant %s", n+1, body, want.body)
		}
	}
	var answer []byte
	if want.fixture != "" {
		var err error
		if answer, err = os.ReadFile(filepath.Join("testdata", want.fixture)); err != nil {
			t.Errorf("fixture: %v", err)
		}
		w.Header().Set("Content-Type", "application/json")
	}
	status := want.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(answer)
}

// sameJSON reports whether a and b hold equal JSON values (key order and spacing
// aside).
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Errorf("not JSON: %s", a)
		return false
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("expected value is not JSON: %v: %s", err, b)
	}
	return reflect.DeepEqual(va, vb)
}

// golden reads an expected request body from testdata.
func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(b))
}
