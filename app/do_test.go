package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// doRecorder is an App API stand-in for Do: it answers each request with the
// next of its statuses and records what it received.
type doRecorder struct {
	mu       sync.Mutex
	statuses []int
	answer   string
	got      []recorded
}

type recorded struct {
	method, path, rawPath, auth, workspace string
	body                                   string
}

func (d *doRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	d.mu.Lock()
	n := len(d.got)
	d.got = append(d.got, recorded{r.Method, r.URL.Path, r.URL.EscapedPath(), r.Header.Get("Authorization"), r.Header.Get("X-Workspace-Id"), string(b)})
	status := http.StatusOK
	if n < len(d.statuses) {
		status = d.statuses[n]
	}
	d.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status == http.StatusOK {
		_, _ = io.WriteString(w, d.answer)
	} else {
		_, _ = io.WriteString(w, `{"meta":{"error":"unavailable"}}`)
	}
}

func (d *doRecorder) requests() []recorded {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]recorded(nil), d.got...)
}

func newDoClient(t *testing.T, d *doRecorder, opts ...customerio.Option) *Client {
	t.Helper()
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	c, err := New(testKey, append([]customerio.Option{customerio.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// noWait retries at once, so a retry test waits for nothing but the server.
func noWait(opts ...retry.Option) customerio.Option {
	return customerio.WithRetry(retry.Exponential(append(opts, retry.MaxAttempts(3), retry.Random(func() float64 { return 0 }))...))
}

// TestDoCallsAnUnwrappedRoute pins that Do reaches a route the package has no
// method for with the key as a Bearer token, the body encoded as the wrapped
// calls encode it (times as Unix seconds), the path sent as given, and the
// answer decoded into out.
func TestDoCallsAnUnwrappedRoute(t *testing.T) {
	d := &doRecorder{answer: `{"export":{"id":42,"status":"pending"}}`}
	c := newDoClient(t, d)
	var out struct {
		Export struct {
			ID     int    `json:"id"`
			Status string `json:"status"`
		} `json:"export"`
	}
	body := map[string]any{"start": time.Unix(1700000000, 0), "metric": "sent"}
	if err := c.Do(t.Context(), http.MethodPost, "/v1/exports/deliveries", body, &out); err != nil {
		t.Fatal(err)
	}
	if out.Export.ID != 42 || out.Export.Status != "pending" {
		t.Errorf("out = %+v, want export 42 pending", out)
	}
	got := d.requests()
	if len(got) != 1 {
		t.Fatalf("%d requests, want 1", len(got))
	}
	r := got[0]
	if r.method != http.MethodPost || r.path != "/v1/exports/deliveries" || r.auth != "Bearer "+testKey {
		t.Errorf("request = %s %s auth %q", r.method, r.path, r.auth)
	}
	if !sameJSON(t, []byte(r.body), []byte(`{"metric":"sent","start":1700000000}`)) {
		t.Errorf("body = %s", r.body)
	}
	if r.workspace != "" {
		t.Errorf("X-Workspace-Id = %q on a route that is not a send", r.workspace)
	}

	// An escaped segment arrives exactly as the caller escaped it.
	var raw json.RawMessage
	if err := c.Do(t.Context(), http.MethodGet, "/v1/customers/a%2Fb/attributes", nil, &raw); err != nil {
		t.Fatal(err)
	}
	if got := d.requests()[1].rawPath; got != "/v1/customers/a%2Fb/attributes" {
		t.Errorf("path = %q, want it as given", got)
	}
	if string(raw) != d.answer {
		t.Errorf("raw answer = %s", raw)
	}
}

// TestDoRetries503WithRetryStrategy pins that Do goes through the client's
// retry strategy: an idempotent GET answered 503 is sent again, while a POST,
// which Do treats as not idempotent, is not repeated after a 503.
func TestDoRetries503WithRetryStrategy(t *testing.T) {
	d := &doRecorder{statuses: []int{http.StatusServiceUnavailable}, answer: `{"ok":true}`}
	c := newDoClient(t, d, noWait())
	var out struct{ OK bool }
	if err := c.Do(t.Context(), http.MethodGet, "/v1/info/ip_addresses", nil, &out); err != nil {
		t.Fatal(err)
	}
	if n := len(d.requests()); n != 2 || !out.OK {
		t.Errorf("%d requests, out %+v; want the 503 retried once and the answer decoded", n, out)
	}

	post := &doRecorder{statuses: []int{http.StatusServiceUnavailable}, answer: `{}`}
	pc := newDoClient(t, post, noWait())
	var apiErr *customerio.APIError
	if err := pc.Do(t.Context(), http.MethodPost, "/v1/exports/customers", map[string]any{}, nil); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want a *customerio.APIError with 503", err)
	}
	if n := len(post.requests()); n != 1 {
		t.Errorf("POST sent %d times after a 503, want once (not idempotent)", n)
	}

	opted := &doRecorder{statuses: []int{http.StatusServiceUnavailable}, answer: `{}`}
	oc := newDoClient(t, opted, noWait(retry.RetryNonIdempotent()))
	if err := oc.Do(t.Context(), http.MethodPost, "/v1/exports/customers", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(opted.requests()); n != 2 {
		t.Errorf("POST with RetryNonIdempotent sent %d times, want 2", n)
	}
}

// TestDoReturnsTypedErrors pins Do's errors: a non-2xx answer is a
// *customerio.APIError and a 2xx body that does not decode is a
// *customerio.DecodeError.
func TestDoReturnsTypedErrors(t *testing.T) {
	d := &doRecorder{statuses: []int{http.StatusNotFound}, answer: `[1]`}
	c := newDoClient(t, d)
	var apiErr *customerio.APIError
	if err := c.Do(t.Context(), http.MethodDelete, "/v1/snippets/gone", nil, nil); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Fatalf("err = %v, want a *customerio.APIError with 404", err)
	}
	var out struct{ ID int }
	var de *customerio.DecodeError
	if err := c.Do(t.Context(), http.MethodGet, "/v1/snippets", nil, &out); !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *customerio.DecodeError", err)
	}
}

// TestDoRefusesBadMethodOrPathBeforeIO pins that a method outside the App
// API's, or a path that is not rooted, carries a query or fragment, or walks
// up with dot segments, is a *customerio.ValidationError and no request is
// made.
func TestDoRefusesBadMethodOrPathBeforeIO(t *testing.T) {
	d := &doRecorder{}
	c := newDoClient(t, d)
	cases := []struct{ name, method, path, field string }{
		{"lower-case method", "get", "/v1/segments", "method"},
		{"CONNECT", http.MethodConnect, "/v1/segments", "method"},
		{"no leading slash", http.MethodGet, "v1/segments", "path"},
		{"query", http.MethodGet, "/v1/customers?email=a@b.com", "path"},
		{"fragment", http.MethodGet, "/v1/segments#x", "path"},
		{"dot-dot", http.MethodGet, "/v1/segments/../customers", "path"},
		{"escaped dot-dot", http.MethodGet, "/v1/segments/%2e%2E/customers", "path"},
		{"dot", http.MethodGet, "/v1/./segments", "path"},
		{"space", http.MethodGet, "/v1/customers/a b", "path"},
		{"bad escape", http.MethodGet, "/v1/customers/%zz", "path"},
	}
	for _, tt := range cases {
		var ve *customerio.ValidationError
		if err := c.Do(context.Background(), tt.method, tt.path, nil, nil); !errors.As(err, &ve) || !names(ve, tt.field) {
			t.Errorf("%s: err = %v, want a *customerio.ValidationError naming %s", tt.name, err, tt.field)
		}
	}
	if n := len(d.requests()); n != 0 {
		t.Errorf("%d requests made for refused calls", n)
	}
}

// TestDoSendsWorkspaceIDOnSendRoutes pins that WithWorkspaceID reaches a
// /v1/send/ route called through Do, as it reaches the wrapped sends.
func TestDoSendsWorkspaceIDOnSendRoutes(t *testing.T) {
	d := &doRecorder{answer: `{}`}
	c := newDoClient(t, d, WithWorkspaceID("12345"))
	if err := c.Do(t.Context(), http.MethodPost, "/v1/send/whatsapp", map[string]any{"to": "+15551234567"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := d.requests()[0].workspace; got != "12345" {
		t.Errorf("X-Workspace-Id = %q, want 12345", got)
	}
}
