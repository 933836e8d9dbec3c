package customeriotest

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestRequestLog(t *testing.T) {
	at := time.Unix(1700000000, 0)
	srv := newTestServer(t, WithClock(func() time.Time { return at }))
	req := track(http.MethodPost, "/api/v1/customers/a%2Fb%2Bc/events?x=1&x=2", map[string]any{"name": "e"})
	req.header = map[string]string{"X-Request-Id": "req-1", "Proxy-Authorization": "Basic c2VjcmV0"}
	srv.mustDo(t, http.StatusOK, req)
	srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/segments", nil))
	srv.mustDo(t, http.StatusUnauthorized, request{method: http.MethodGet, path: "/v1/segments", auth: wrongAuth})

	log := srv.Requests()
	if len(log) != 3 {
		t.Fatalf("%d entries", len(log))
	}
	first := log[0]
	if first.Method != http.MethodPost || first.Path != "/api/v1/customers/a%2Fb%2Bc/events" || !first.Time.Equal(at) || first.Status != http.StatusOK {
		t.Errorf("entry %+v", first)
	}
	if !reflect.DeepEqual(first.Query, url.Values{"x": {"1", "2"}}) || string(first.Body) != `{"name":"e"}` {
		t.Errorf("query %v body %s", first.Query, first.Body)
	}
	if first.Header.Get("X-Request-Id") != "req-1" || first.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", first.Header)
	}
	for i, e := range log {
		for _, h := range []string{"Authorization", "Proxy-Authorization"} {
			if _, ok := e.Header[h]; ok {
				t.Errorf("entry %d records %s", i, h)
			}
		}
	}
	if log[2].Status != http.StatusUnauthorized {
		t.Errorf("status %d", log[2].Status)
	}
}
