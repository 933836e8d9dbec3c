package customeriotest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFailNext(t *testing.T) {
	srv := newTestServer(t)
	srv.FailNext(3, http.StatusServiceUnavailable, 1500*time.Millisecond)
	tests := []struct {
		req   request
		check func(body map[string]any) bool
	}{
		{track(http.MethodPut, "/api/v1/customers/1", map[string]any{}), func(b map[string]any) bool {
			errs, _ := b["meta"].(map[string]any)["errors"].([]any)
			return len(errs) == 1
		}},
		{app(http.MethodGet, "/v1/segments", nil), func(b map[string]any) bool {
			return b["meta"].(map[string]any)["error"] == faultMessage
		}},
		{track(http.MethodPost, "/api/v2/entity", map[string]any{}), func(b map[string]any) bool {
			errs, _ := b["errors"].([]any)
			return len(errs) == 1
		}},
	}
	for _, tt := range tests {
		resp := srv.mustDo(t, http.StatusServiceUnavailable, tt.req)
		if got := resp.header.Get("Retry-After"); got != "2" {
			t.Errorf("%s: Retry-After %q, want 2", tt.req.path, got)
		}
		if !tt.check(resp.object(t)) {
			t.Errorf("%s: body %s", tt.req.path, resp.body)
		}
	}
	if _, ok := srv.Person("1"); ok {
		t.Error("a failed request was applied")
	}
	srv.mustDo(t, http.StatusOK, track(http.MethodPut, "/api/v1/customers/1", map[string]any{}))

	srv.FailNext(1, http.StatusTooManyRequests, 0)
	resp := srv.mustDo(t, http.StatusTooManyRequests, app(http.MethodGet, "/v1/segments", nil))
	if resp.header.Get("Retry-After") != "" || !strings.Contains(string(resp.body), "over the 10-per-second limit") {
		t.Errorf("429: header %v body %s", resp.header, resp.body)
	}
	srv.FailNext(0, http.StatusTooManyRequests, 0)
	srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/segments", nil))
}

func TestDropNext(t *testing.T) {
	srv := newTestServer(t)
	srv.DropNext(1)
	_, err := srv.Client().Do(srv.newRequest(t, track(http.MethodPut, "/api/v1/customers/1", map[string]any{})))
	if err == nil {
		t.Fatal("a dropped request got an answer")
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a transport error, got %v", err)
	}
	if _, ok := srv.Person("1"); ok {
		t.Error("a dropped request was applied")
	}
	srv.mustDo(t, http.StatusOK, track(http.MethodPut, "/api/v1/customers/1", map[string]any{}))
	log := srv.Requests()
	if len(log) != 2 || log[0].Status != 0 || log[1].Status != http.StatusOK {
		t.Errorf("log statuses %d, %d", log[0].Status, log[1].Status)
	}
}

// TestLatencyEndsWithTheClientContext cancels the request while the server
// holds it back; the client sees its own context error at once, and the
// request is neither answered nor applied.
func TestLatencyEndsWithTheClientContext(t *testing.T) {
	arrived := make(chan struct{})
	srv := newTestServer(t, WithRequestHook(func(Request) { close(arrived) }))
	srv.SetLatency(time.Hour)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		<-arrived
		cancel()
	}()
	req := srv.newRequest(t, track(http.MethodPut, "/api/v1/customers/1", map[string]any{})).WithContext(ctx)
	_, err := srv.Client().Do(req)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	srv.Close() // waits for the handler to finish
	log := srv.Requests()
	if len(log) != 1 || log[0].Status != 0 {
		t.Errorf("log %+v", log)
	}
	if _, ok := srv.Person("1"); ok {
		t.Error("a cancelled request was applied")
	}
}

// TestCloseEndsDelays closes the server while a request waits out a latency:
// Close returns and the client gets an error instead of waiting an hour.
func TestCloseEndsDelays(t *testing.T) {
	arrived := make(chan struct{})
	srv := newTestServer(t, WithRequestHook(func(Request) { close(arrived) }))
	srv.SetLatency(time.Hour)
	done := make(chan error, 1)
	req := srv.newRequest(t, app(http.MethodGet, "/v1/segments", nil))
	go func() {
		resp, err := srv.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-arrived
	srv.Close()
	if err := <-done; err == nil {
		t.Error("the delayed request got an answer after Close")
	}
}

func TestRouteRules(t *testing.T) {
	srv := newTestServer(t)
	sendEmail := app(http.MethodPost, "/v1/send/email", map[string]any{"transactional_message_id": 1, "to": "a@example.com"})

	// Status with a custom non-JSON body, once.
	srv.Route(http.MethodPost, "/v1/send/{type}", Rule{Times: 1, Status: http.StatusBadGateway, Body: []byte("<html>bad gateway</html>")})
	resp := srv.mustDo(t, http.StatusBadGateway, sendEmail)
	if string(resp.body) != "<html>bad gateway</html>" || !strings.HasPrefix(resp.header.Get("Content-Type"), "text/plain") {
		t.Errorf("scripted answer %q %v", resp.body, resp.header)
	}
	srv.mustDo(t, http.StatusOK, sendEmail)
	if n := len(srv.Sends()); n != 1 {
		t.Errorf("%d sends, want 1", n)
	}

	// Another method or path does not match.
	srv.Route(http.MethodGet, "/v1/segments", Rule{Status: http.StatusInternalServerError})
	srv.mustDo(t, http.StatusOK, sendEmail)
	srv.mustDo(t, http.StatusInternalServerError, app(http.MethodGet, "/v1/segments", nil))
	srv.mustDo(t, http.StatusInternalServerError, app(http.MethodGet, "/v1/segments", nil))
	srv.Reset()
	srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/segments", nil))

	// A custom handler sees the body.
	srv.Route("", "/api/v1/customers/{id...}", Rule{Handler: func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write(b)
	}})
	resp = srv.mustDo(t, http.StatusTeapot, track(http.MethodPost, "/api/v1/customers/a%2Fb/events", `{"name":"x"}`))
	if string(resp.body) != `{"name":"x"}` {
		t.Errorf("handler echoed %q", resp.body)
	}
	if log := srv.Requests(); log[len(log)-1].Status != http.StatusTeapot {
		t.Errorf("logged status %d", log[len(log)-1].Status)
	}
	srv.Reset()

	// A delay holds the answer back.
	const delay = 30 * time.Millisecond
	srv.Route(http.MethodGet, "/api/v1/accounts/region", Rule{Times: 1, Delay: delay})
	start := time.Now()
	srv.mustDo(t, http.StatusOK, track(http.MethodGet, "/api/v1/accounts/region", nil))
	if elapsed := time.Since(start); elapsed < delay {
		t.Errorf("answered after %v, want at least %v", elapsed, delay)
	}
}

// TestAppliedThenLost applies an event and drops the answer: the client's
// retry with the same event id lands once.
func TestAppliedThenLost(t *testing.T) {
	srv := newTestServer(t)
	srv.Route(http.MethodPost, "/api/v1/customers/{id}/events", Rule{Times: 1, AfterApply: true, Drop: true})
	event := track(http.MethodPost, "/api/v1/customers/7/events", map[string]any{"name": "paid", "id": "01J000000000000000000000ZZ"})
	if _, err := srv.Client().Do(srv.newRequest(t, event)); err == nil {
		t.Fatal("the dropped answer arrived")
	}
	if n := len(srv.Events("7")); n != 1 {
		t.Fatalf("%d events after the lost answer, want 1", n)
	}
	srv.mustDo(t, http.StatusOK, event)
	if n := len(srv.Events("7")); n != 1 {
		t.Errorf("%d events after the retry, want 1", n)
	}

	srv.Route(http.MethodPost, "/v1/send/{type}", Rule{Times: 1, AfterApply: true, Status: http.StatusGatewayTimeout})
	srv.mustDo(t, http.StatusGatewayTimeout, app(http.MethodPost, "/v1/send/sms", map[string]any{"transactional_message_id": 1, "to": "+1555"}))
	if n := len(srv.Sends()); n != 1 {
		t.Errorf("%d sends, want 1: the failed answer hides an applied send", n)
	}
}
