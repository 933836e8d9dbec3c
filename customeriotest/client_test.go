package customeriotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// credential picks the Authorization header a test request carries.
type credential int

const (
	noAuth credential = iota
	trackAuth
	appAuth
	pipelinesAuth
	wrongAuth
)

// request describes one test request to the fake.
type request struct {
	method string
	path   string // escaped path with query
	auth   credential
	// body is sent as is when it is a string or []byte, else encoded as JSON;
	// nil sends no body.
	body   any
	header map[string]string
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// object decodes the answer as a JSON object.
func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

func newTestServer(t *testing.T, opts ...ServerOption) *Server {
	t.Helper()
	srv := NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func encodeBody(t *testing.T, body any) []byte {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return []byte(b)
	case []byte:
		return b
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (srv *Server) newRequest(t *testing.T, r request) *http.Request {
	t.Helper()
	var rd io.Reader
	body := encodeBody(t, r.body)
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), r.method, srv.URL()+r.path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch r.auth {
	case trackAuth:
		req.SetBasicAuth(srv.SiteID(), srv.APIKey())
	case appAuth:
		req.Header.Set("Authorization", "Bearer "+srv.AppKey())
	case pipelinesAuth:
		req.SetBasicAuth(srv.WriteKey(), "")
	case wrongAuth:
		req.SetBasicAuth("nobody", "nothing")
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	return req
}

// do sends r with the server's client and reads the whole answer.
func (srv *Server) do(t *testing.T, r request) response {
	t.Helper()
	resp, err := srv.Client().Do(srv.newRequest(t, r))
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// mustDo is do, failing the test unless the status is want.
func (srv *Server) mustDo(t *testing.T, want int, r request) response {
	t.Helper()
	resp := srv.do(t, r)
	if resp.status != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", r.method, r.path, resp.status, want, resp.body)
	}
	return resp
}

func track(method, path string, body any) request {
	return request{method: method, path: path, auth: trackAuth, body: body}
}

func app(method, path string, body any) request {
	return request{method: method, path: path, auth: appAuth, body: body}
}

func pipelines(path string, body any) request {
	return request{method: http.MethodPost, path: path, auth: pipelinesAuth, body: body}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }

// check is mustDo for goroutines other than the test's: it reports with
// t.Errorf and returns whether the status was want.
func (srv *Server) check(t *testing.T, want int, r request) bool {
	t.Helper()
	resp, err := srv.Client().Do(srv.newRequest(t, r))
	if err != nil {
		t.Errorf("%s %s: %v", r.method, r.path, err)
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != want {
		t.Errorf("%s %s: status %d, want %d", r.method, r.path, resp.StatusCode, want)
		return false
	}
	return true
}
