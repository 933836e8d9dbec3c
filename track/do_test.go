package track

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// Do reaches a route the package has no method for: the path goes out exactly
// as given, with the client's credentials, the body encoded like every other
// call's (times as Unix seconds), and the answer decoded into out.
func TestDoCallsAnUnwrappedRoute(t *testing.T) {
	rec := newRecorder(t, func(_ int, w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true,"count":3}`)
	})
	var out struct {
		OK    bool `json:"ok"`
		Count int  `json:"count"`
	}
	body := map[string]any{"at": time.Unix(1700000000, 0), "name": "x"}
	if err := rec.client(t).Do(t.Context(), http.MethodPost, "/api/v1/unwrapped/ada%2Bnews@example.com/a%2Fb", body, &out); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/api/v1/unwrapped/ada%2Bnews@example.com/a%2Fb" || r.Query != "" {
		t.Errorf("request = %s %s ?%s, want the path as given", r.Method, r.Path, r.Query)
	}
	if r.Auth != testAuth {
		t.Errorf("Authorization = %q, want the client's Basic credentials", r.Auth)
	}
	if r.ContentType != "application/json" {
		t.Errorf("Content-Type = %q", r.ContentType)
	}
	if got, want := canonical(t, r.Body), `{"at":1700000000,"name":"x"}`; got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
	if !out.OK || out.Count != 3 {
		t.Errorf("out = %+v, want the decoded answer", out)
	}
}

// A nil body sends no body at all, a json.RawMessage is sent byte for byte, and
// a nil out discards the answer.
func TestDoBodyShapes(t *testing.T) {
	rec := newRecorder(t, nil)
	c := rec.client(t)
	if err := c.Do(t.Context(), http.MethodDelete, "/api/v1/thing/1", nil, nil); err != nil {
		t.Fatal(err)
	}
	raw := json.RawMessage(`{"b":1, "a":[2]}`)
	if err := c.Do(t.Context(), http.MethodPatch, "/api/v1/thing/1", raw, nil); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs[0].Body) != 0 || reqs[0].ContentType != "" {
		t.Errorf("nil body sent %q with Content-Type %q", reqs[0].Body, reqs[0].ContentType)
	}
	if string(reqs[1].Body) != string(raw) {
		t.Errorf("raw body = %q, want %q as given", reqs[1].Body, raw)
	}
}

// A 503 on a PUT through Do is retried by the configured strategy, replaying
// the same bytes, and the call succeeds on the second attempt; a POST is not
// repeated after a 503, which may come after Customer.io acted on it.
func TestDoRetriesThroughTheConfiguredStrategy(t *testing.T) {
	flaky := func(n int, w http.ResponseWriter) {
		if n == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{"done":true}`)
	}
	// Jitter pinned to zero: every backoff wait is 0, so the test never sleeps.
	strategy := customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 })))

	rec := newRecorder(t, flaky)
	var out struct {
		Done bool `json:"done"`
	}
	if err := rec.client(t, strategy).Do(t.Context(), http.MethodPut, "/api/v1/thing/1", map[string]any{"v": 1}, &out); err != nil {
		t.Fatalf("PUT after one 503: %v", err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("PUT: %d requests, want 2", len(reqs))
	}
	if string(reqs[0].Body) != string(reqs[1].Body) || reqs[1].Auth != testAuth {
		t.Errorf("retry sent %q (auth %q), first attempt %q", reqs[1].Body, reqs[1].Auth, reqs[0].Body)
	}
	if !out.Done {
		t.Error("out not decoded from the successful attempt")
	}

	rec = newRecorder(t, flaky)
	err := rec.client(t, strategy).Do(t.Context(), http.MethodPost, "/api/v1/thing", map[string]any{"v": 1}, nil)
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("POST: err = %v, want the 503 as a *customerio.APIError", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("POST: %d requests, want 1: a POST through Do is not safe to repeat", n)
	}
}

// A 404 is a *customerio.APIError that matches customerio.ErrNotFound, holds
// Customer.io's message and never the API key.
func TestDoReturnsTypedAPIError(t *testing.T) {
	rec := newRecorder(t, status(http.StatusNotFound, `{"meta":{"error":"no such route"}}`))
	err := rec.client(t).Do(t.Context(), http.MethodGet, "/api/v1/nowhere", nil, &struct{}{})
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want a *customerio.APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusNotFound || !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("err = %v, want a 404 matching ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "no such route") {
		t.Errorf("error %q drops Customer.io's message", err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("error %q holds the API key", err)
	}
}

// A 2xx answer that does not decode into out is a *customerio.DecodeError
// holding the body.
func TestDoBadJSONIsDecodeError(t *testing.T) {
	rec := newRecorder(t, status(http.StatusOK, `{"count":"three"}`))
	var out struct {
		Count int `json:"count"`
	}
	err := rec.client(t).Do(t.Context(), http.MethodGet, "/api/v1/thing", nil, &out)
	var de *customerio.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v (%T), want a *customerio.DecodeError", err, err)
	}
	if string(de.Body) != `{"count":"three"}` || de.StatusCode != http.StatusOK {
		t.Errorf("DecodeError = %+v, want the body and status", de)
	}
}

// Every malformed Do call is a *customerio.ValidationError naming the
// argument, and nothing is sent.
func TestDoValidatesBeforeIO(t *testing.T) {
	var nilOut *struct{}
	cases := []struct {
		name, method, path string
		body, out          any
		field              string
	}{
		{"lower-case method", "post", "/x", nil, nil, "method"},
		{"unknown method", "OPTIONS", "/x", nil, nil, "method"},
		{"HEAD", http.MethodHead, "/x", nil, nil, "method"},
		{"empty method", "", "/x", nil, nil, "method"},
		{"empty path", http.MethodGet, "", nil, nil, "path"},
		{"relative path", http.MethodGet, "api/v1/x", nil, nil, "path"},
		{"absolute URL", http.MethodGet, "https://evil.example/x", nil, nil, "path"},
		{"dot-dot segment", http.MethodGet, "/api/v1/../admin", nil, nil, "path"},
		{"escaped dot-dot segment", http.MethodGet, "/api/v1/%2E%2e/admin", nil, nil, "path"},
		{"trailing dot-dot", http.MethodGet, "/api/v1/..", nil, nil, "path"},
		{"dot segment", http.MethodGet, "/api/./v1", nil, nil, "path"},
		{"query", http.MethodGet, "/api/v1/x?id_type=email", nil, nil, "path"},
		{"fragment", http.MethodGet, "/api/v1/x#top", nil, nil, "path"},
		{"space", http.MethodGet, "/api/v1/a b", nil, nil, "path"},
		{"control character", http.MethodGet, "/api/v1/a\nb", nil, nil, "path"},
		{"bad escape", http.MethodGet, "/api/v1/a%zz", nil, nil, "path"},
		{"truncated escape", http.MethodGet, "/api/v1/a%2", nil, nil, "path"},
		{"body on GET", http.MethodGet, "/x", map[string]any{"a": 1}, nil, "body"},
		{"byte slice body", http.MethodPost, "/x", []byte(`{}`), nil, "body"},
		{"invalid raw body", http.MethodPost, "/x", json.RawMessage(`{`), nil, "body"},
		{"unencodable body", http.MethodPost, "/x", map[string]any{"f": func() {}}, nil, ""},
		{"oversize body", http.MethodPost, "/x", map[string]any{"p": strings.Repeat("x", customerio.MaxEntityBytes)}, nil, ""},
		{"non-pointer out", http.MethodGet, "/x", nil, struct{}{}, "out"},
		{"nil pointer out", http.MethodGet, "/x", nil, nilOut, "out"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			err := unreachableClient(t).Do(t.Context(), tt.method, tt.path, tt.body, tt.out)
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want a *customerio.ValidationError", err, err)
			}
			if ve.Op != "track.Do" {
				t.Errorf("Op = %q, want track.Do", ve.Op)
			}
			if len(ve.Fields) == 0 || !strings.HasPrefix(ve.Fields[0].Field, tt.field) {
				t.Errorf("fields = %+v, want the first to name %q", ve.Fields, tt.field)
			}
		})
	}
}

// Do accepts every method it documents, and paths with the characters a
// segment may hold unescaped.
func TestDoAcceptsDocumentedMethodsAndPaths(t *testing.T) {
	rec := newRecorder(t, nil)
	c := rec.client(t)
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if err := c.Do(context.Background(), m, "/api/v1/a:b@c/v1..2/~x_y-z.json", nil, nil); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
	if n := len(rec.requests()); n != 5 {
		t.Errorf("%d requests, want 5", n)
	}
}
