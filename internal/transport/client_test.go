package transport

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestHeaders(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Basic("site", "key"))
	if _, err := c.Do(t.Context(), &Request{Op: "t", Method: http.MethodPut, Path: "/api/v1/customers/1", Body: map[string]any{"a": 1}}); err != nil {
		t.Fatal(err)
	}
	bearer, _ := newTestClient(t, rec, Bearer("app-key"), customerio.WithUserAgent("mine/2"))
	if _, err := bearer.Do(t.Context(), &Request{Op: "t", Method: http.MethodGet, Path: "/v1/segments", Header: http.Header{"X-Workspace-Id": {"7"}}}); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	put, get := reqs[0].header, reqs[1].header
	checks := []struct{ name, got, want string }{
		{"basic auth", put.Get("Authorization"), "Basic c2l0ZTprZXk="},
		{"content type", put.Get("Content-Type"), "application/json"},
		{"user agent", put.Get("User-Agent"), customerio.UserAgent()},
		{"bearer auth", get.Get("Authorization"), "Bearer app-key"},
		{"custom user agent", get.Get("User-Agent"), "mine/2"},
		{"no content type without body", get.Get("Content-Type"), ""},
		{"extra header", get.Get("X-Workspace-Id"), "7"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	for _, h := range []http.Header{put, get} {
		if !uuid.MatchString(h.Get("X-Request-Id")) {
			t.Errorf("X-Request-Id = %q, want a UUID v4", h.Get("X-Request-Id"))
		}
		if _, err := time.Parse(time.RFC3339Nano, h.Get("X-Timestamp")); err != nil {
			t.Errorf("X-Timestamp = %q: %v", h.Get("X-Timestamp"), err)
		}
	}
}

func TestBodies(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Basic("s", "k"))
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"no body", Request{Method: http.MethodPost, Path: "/suppress"}, ""},
		{"empty map", Request{Method: http.MethodPut, Path: "/c", Body: map[string]any{}}, "{}"},
		{"raw body", Request{Method: http.MethodPost, Path: "/b", RawBody: []byte(`{"batch":[]}`)}, `{"batch":[]}`},
		{"compact JSON with unix times", Request{Method: http.MethodPut, Path: "/c", Body: map[string]any{"at": time.Unix(1700000000, 999), "n": 1.5}}, `{"at":1700000000,"n":1.5}`},
	}
	for i, tt := range tests {
		if _, err := c.Do(t.Context(), &tt.req); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := rec.requests()[i]
		if string(got.body) != tt.want {
			t.Errorf("%s: body = %q, want %q", tt.name, got.body, tt.want)
		}
		if got.contentLength != int64(len(tt.want)) {
			t.Errorf("%s: Content-Length = %d, want %d", tt.name, got.contentLength, len(tt.want))
		}
	}
}

func TestQueryAndPath(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Bearer("k"))
	_, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: Path("/v1/customers", "a b+c@x.com/ü", "attributes"), Query: url.Values{"id_type": {"email"}, "limit": {"0"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := rec.requests()[0]
	if got.path != "/v1/customers/a%20b%2Bc@x.com%2F%C3%BC/attributes" {
		t.Errorf("path = %s", got.path)
	}
	if got.query != "id_type=email&limit=0" {
		t.Errorf("query = %s", got.query)
	}
}

func TestSuccessStatuses(t *testing.T) {
	for _, status := range []int{200, 201, 202, 204, 207} {
		body := `{"delivery_id":"d1"}`
		if status == 204 {
			body = ""
		}
		rec := &recorder{answers: []answer{{status: status, body: body}}}
		c, _ := newTestClient(t, rec, Bearer("k"))
		var out struct {
			DeliveryID string `json:"delivery_id"`
		}
		if err := c.DoJSON(t.Context(), &Request{Method: http.MethodPost, Path: "/v1/send/email", Body: map[string]any{}}, &out); err != nil {
			t.Errorf("%d: %v", status, err)
		}
		if status != 204 && out.DeliveryID != "d1" {
			t.Errorf("%d: decoded %+v", status, out)
		}
	}
}

func TestLargeSuccessBodyIsNotTruncated(t *testing.T) {
	big := `{"v":"` + strings.Repeat("x", 3<<20) + `"}`
	c, _ := newTestClient(t, &recorder{answers: []answer{{status: 200, body: big}}}, Bearer("k"))
	resp, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/big"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Body) != len(big) {
		t.Errorf("success body is %d bytes, want %d", len(resp.Body), len(big))
	}
}

func TestNonJSONSuccessBody(t *testing.T) {
	c, _ := newTestClient(t, &recorder{answers: []answer{{status: 200, body: "OK"}}}, Bearer("k"))
	resp, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"})
	if err != nil || string(resp.Body) != "OK" {
		t.Fatalf("Do = %q, %v", resp.Body, err)
	}
	var out map[string]any
	if err := c.DoJSON(t.Context(), &Request{Method: http.MethodGet, Path: "/x"}, &out); err == nil || !strings.Contains(err.Error(), "decoding") {
		t.Errorf("DoJSON of a non-JSON body: %v", err)
	}
}

func TestStatusMapping(t *testing.T) {
	tests := []struct {
		status    int
		sentinel  error
		retryable bool
	}{
		{301, nil, false}, {302, nil, false}, {400, nil, false}, {401, customerio.ErrUnauthorized, false},
		{403, customerio.ErrForbidden, false}, {404, customerio.ErrNotFound, false}, {409, nil, false},
		{422, nil, false}, {429, customerio.ErrRateLimited, true}, {500, customerio.ErrServerError, false},
		{501, customerio.ErrServerError, false}, {502, customerio.ErrServerError, true},
		{503, customerio.ErrServerError, true}, {504, customerio.ErrServerError, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			h := map[string]string{"Location": "https://elsewhere.example/"}
			rec := &recorder{answers: []answer{{status: tt.status, header: h, body: `{"meta":{"error":"nope"}}`}}}
			// The library's default client: redirects are not followed.
			c, srv := newTestClient(t, rec, Basic("s", "k"), customerio.WithHTTPClient(DefaultHTTPClient()))
			_, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "/api/v1/events", Body: map[string]any{"name": "x"}})
			var apiErr *customerio.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Method != "POST" || apiErr.URL != srv.URL+"/api/v1/events" || apiErr.Message != "nope" {
				t.Errorf("APIError = %+v", apiErr)
			}
			if apiErr.RequestID == "" || apiErr.RequestID != rec.requests()[0].header.Get("X-Request-Id") {
				t.Errorf("RequestID %q is not the X-Request-Id sent", apiErr.RequestID)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(err, %v) = false", tt.sentinel)
			}
			if got := customerio.IsRetryable(err); got != tt.retryable {
				t.Errorf("IsRetryable = %v, want %v", got, tt.retryable)
			}
			if n := len(rec.requests()); n != 1 {
				t.Errorf("%d requests; a redirect must not be followed", n)
			}
		})
	}
	DefaultHTTPClient().CloseIdleConnections()
}

func TestErrorBodyIsCapped(t *testing.T) {
	c, _ := newTestClient(t, &recorder{answers: []answer{{status: 400, body: strings.Repeat("e", 200<<10)}}}, Bearer("k"))
	_, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"})
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) || len(apiErr.Body) != maxErrorBody {
		t.Fatalf("error body is %d bytes, want %d", len(apiErr.Body), maxErrorBody)
	}
}

func TestMaxBodyBytes(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Basic("s", "k"))
	body := map[string]any{"v": strings.Repeat("x", 100)}
	encoded, _ := json.Marshal(body)
	if _, err := c.Do(t.Context(), &Request{Op: "trackv2.Send", Method: http.MethodPost, Path: "/x", Body: body, MaxBodyBytes: len(encoded)}); err != nil {
		t.Errorf("a body exactly at the limit: %v", err)
	}
	_, err := c.Do(t.Context(), &Request{Op: "trackv2.Send", Method: http.MethodPost, Path: "/x", Body: body, MaxBodyBytes: len(encoded) - 1})
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || ve.Op != "trackv2.Send" {
		t.Fatalf("err = %v, want *ValidationError", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("%d requests, want 1: the oversize body must not be sent", n)
	}
}

func TestUnencodableBodiesAreRejectedBeforeIO(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Basic("s", "k"))
	type withFloat struct{ F float64 }
	nan := 0.0
	nan /= nan
	for name, body := range map[string]any{
		"channel":          map[string]any{"c": make(chan int)},
		"func":             map[string]any{"f": func() {}},
		"NaN in a struct":  withFloat{F: nan},
		"NaN in a map":     map[string]any{"a": map[string]any{"b": nan}},
		"infinity in list": []any{1, math.Inf(-1)},
	} {
		_, err := c.Do(t.Context(), &Request{Op: "op", Method: http.MethodPost, Path: "/x", Body: body})
		var ve *customerio.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want *ValidationError", name, err)
		}
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("%d requests sent for unencodable bodies", n)
	}
}
