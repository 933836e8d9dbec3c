package customeriotest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestFailNextBodyDoesNotRepeatItsStatus pins that the body of a scripted
// failure names neither the status code nor its text, on every API: a client
// puts the status in its error itself, so a body repeating it would read
// "503 Service Unavailable: 503 Service Unavailable".
func TestFailNextBodyDoesNotRepeatItsStatus(t *testing.T) {
	srv := newTestServer(t)
	status := http.StatusServiceUnavailable
	for _, r := range []request{
		track(http.MethodPut, "/api/v1/customers/1", map[string]any{}),
		track(http.MethodPost, "/api/v2/entity", map[string]any{}),
		app(http.MethodGet, "/v1/segments", nil),
		pipelines("/v1/identify", map[string]any{"userId": "1"}),
	} {
		srv.FailNext(1, status, 0)
		resp := srv.mustDo(t, status, r)
		body := string(resp.body)
		if strings.Contains(body, strconv.Itoa(status)) || strings.Contains(body, http.StatusText(status)) {
			t.Errorf("%s %s: body %s repeats the status", r.method, r.path, body)
		}
		if !strings.Contains(body, faultMessage) {
			t.Errorf("%s %s: body %s does not say the failure was scripted", r.method, r.path, body)
		}
	}
}
