package trackv2

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// TestDoCallsARouteWithoutAMethod pins the escape hatch: a route the package
// does not wrap is called with the client's credentials, its body encoded once
// as JSON (times as Unix seconds) and the answer decoded into out.
func TestDoCallsARouteWithoutAMethod(t *testing.T) {
	c, rec := newTestClient(t, func(int, request) (int, string) {
		return http.StatusOK, `{"accepted":2}`
	})
	var out struct{ Accepted int }
	body := map[string]any{"ids": []string{"a", "b"}, "at": goldenTime}
	if err := c.Do(t.Context(), http.MethodPut, "/api/v2/unwrapped/a%2Fb", body, &out); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if out.Accepted != 2 {
		t.Errorf("out = %+v, want Accepted 2", out)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	wantBody := `{"at":` + jsonInt(goldenTime.Unix()) + `,"ids":["a","b"]}`
	if r.Method != http.MethodPut || r.Path != "/api/v2/unwrapped/a%2Fb" || string(r.Body) != wantBody ||
		r.ContentType != "application/json" || r.Authorization == "" {
		t.Errorf("request %+v (body %s), want PUT /api/v2/unwrapped/a%%2Fb with %s, JSON and credentials", r, r.Body, wantBody)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestDoRetriesA503ThroughTheStrategy pins that Do goes through the client's
// retry strategy: a GET answered 503 is sent again, with the same bytes.
func TestDoRetriesA503ThroughTheStrategy(t *testing.T) {
	strategy := retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 }))
	c, rec := newTestClient(t, func(n int, _ request) (int, string) {
		if n == 0 {
			return http.StatusServiceUnavailable, `{"meta":{"error":"busy"}}`
		}
		return http.StatusOK, `{"n":1}`
	}, customerio.WithRetry(strategy))
	var out map[string]int
	if err := c.Do(t.Context(), http.MethodGet, "/api/v2/unwrapped", nil, &out); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if n := len(rec.requests()); n != 2 || out["n"] != 1 {
		t.Errorf("%d requests and out %v, want 2 requests and n 1", n, out)
	}
}

// TestDoDoesNotRepeatAPost pins that a POST through Do is not repeated after a
// 503 that may have been applied: Do cannot tell whether the route is safe to
// repeat.
func TestDoDoesNotRepeatAPost(t *testing.T) {
	strategy := retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 }))
	c, rec := newTestClient(t, func(int, request) (int, string) {
		return http.StatusServiceUnavailable, `{}`
	}, customerio.WithRetry(strategy))
	err := c.Do(t.Context(), http.MethodPost, "/api/v2/unwrapped", map[string]any{"a": 1}, nil)
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("Do: %v, want a *customerio.APIError with 503", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("%d requests, want 1: a POST through Do is not idempotent", n)
	}
}

// TestDoReturnsTypedErrors pins the errors of the answers: a non-2xx answer is
// a *customerio.APIError with Customer.io's reasons, a 2xx body that does not
// decode a *customerio.DecodeError.
func TestDoReturnsTypedErrors(t *testing.T) {
	c, _ := newTestClient(t, func(n int, _ request) (int, string) {
		if n == 0 {
			return http.StatusNotFound, `{"errors":[{"reason":"not found","message":"no such route"}]}`
		}
		return http.StatusOK, `not json`
	})
	err := c.Do(t.Context(), http.MethodDelete, "/api/v2/missing", nil, nil)
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Fatalf("Do: %v (%T), want a *customerio.APIError with 404", err, err)
	}
	var out map[string]any
	err = c.Do(t.Context(), http.MethodGet, "/api/v2/garbled", nil, &out)
	var de *customerio.DecodeError
	if !errors.As(err, &de) || string(de.Body) != "not json" || de.Op != "trackv2.Do" {
		t.Errorf("Do: %v (%T), want a *customerio.DecodeError holding the body", err, err)
	}
}

// TestDoRefusesBadInputBeforeIO pins the checks Do makes before any request.
func TestDoRefusesBadInputBeforeIO(t *testing.T) {
	c := newUnreachableClient(t)
	var out map[string]any
	for _, tc := range []struct {
		name, method, path string
		body, out          any
		field              string
	}{
		{"lower-case method", "get", "/api/v2/x", nil, nil, "method"},
		{"unknown method", "TRACE", "/api/v2/x", nil, nil, "method"},
		{"empty method", "", "/api/v2/x", nil, nil, "method"},
		{"relative path", http.MethodGet, "api/v2/x", nil, nil, "path"},
		{"empty path", http.MethodGet, "", nil, nil, "path"},
		{"dot segments", http.MethodGet, "/api/v2/../v1/customers", nil, nil, "path"},
		{"query", http.MethodGet, "/api/v2/x?a=1", nil, nil, "path"},
		{"fragment", http.MethodGet, "/api/v2/x#a", nil, nil, "path"},
		{"space", http.MethodGet, "/api/v2/a b", nil, nil, "path"},
		{"control character", http.MethodGet, "/api/v2/a\nb", nil, nil, "path"},
		{"body on GET", http.MethodGet, "/api/v2/x", map[string]any{}, nil, "body"},
		{"HEAD", http.MethodHead, "/api/v2/x", nil, nil, "method"},
		{"escaped dot segment", http.MethodGet, "/api/v2/%2e%2E/x", nil, nil, "path"},
		{"non-ASCII in path", http.MethodGet, "/api/v2/\u00e9", nil, nil, "path"},
		{"out not a pointer", http.MethodGet, "/api/v2/x", nil, out, "out"},
		{"out a nil pointer", http.MethodGet, "/api/v2/x", nil, (*map[string]any)(nil), "out"},
		{"NaN in the body", http.MethodPost, "/api/v2/x", map[string]any{"a": nanValue()}, nil, "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fields := validationFields(t, c.Do(t.Context(), tc.method, tc.path, tc.body, tc.out), "trackv2.Do")
			if len(fields) != 1 || fields[0].Field != tc.field {
				t.Errorf("fields %+v, want one naming %q", fields, tc.field)
			}
		})
	}
}

func nanValue() float64 { return math.NaN() }

// TestDoSendsARawMessageAsItIs pins the documented way to send bytes already
// encoded.
func TestDoSendsARawMessageAsItIs(t *testing.T) {
	c, rec := newTestClient(t, ok200)
	raw := json.RawMessage(`{"z":1,"a":[true]}`)
	if err := c.Do(t.Context(), http.MethodPost, "/api/v2/entity", raw, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if reqs := rec.requests(); len(reqs) != 1 || string(reqs[0].Body) != string(raw) {
		t.Errorf("requests %+v, want one with body %s", reqs, raw)
	}
}
