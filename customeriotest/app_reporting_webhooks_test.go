package customeriotest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// signedBy records the bodies posted to it whose signature matches key.
type signedBy struct {
	key string
	mu  sync.Mutex
	ok  int
	bad int
}

func (h *signedBy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mac := hmac.New(sha256.New, []byte(h.key))
	mac.Write([]byte("v0:" + r.Header.Get("X-CIO-Timestamp") + ":"))
	mac.Write(body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(r.Header.Get("X-CIO-Signature"))) {
		h.ok++
	} else {
		h.bad++
	}
}

func (h *signedBy) counts() (ok, bad int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ok, h.bad
}

// TestReportingWebhookConfigurationReceivesSignedEvents pins that a webhook
// created through the App API is posted the workspace's events, signed with
// ReportingWebhookSigningKey, and that disabling it stops new ones.
func TestReportingWebhookConfigurationReceivesSignedEvents(t *testing.T) {
	srv := newTestServer(t)
	h := &signedBy{key: srv.ReportingWebhookSigningKey()}
	receiver := httptest.NewServer(h)
	defer receiver.Close()
	if len(h.key) != 32 {
		t.Fatalf("signing key %q", h.key)
	}

	created := srv.mustDo(t, 200, app(http.MethodPost, "/v1/reporting_webhooks", map[string]any{
		"name": "hook", "endpoint": receiver.URL, "events": []string{"email_sent"},
	})).object(t)
	if created["id"] != float64(1) || created["type"] != "webhook" || created["disabled"] != false {
		t.Fatalf("created %v", created)
	}
	template := srv.AddTransactionalMessage("welcome", "")
	send := map[string]any{"transactional_message_id": template, "to": "ada@example.com", "identifiers": map[string]any{"id": "42"}}
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/email", send))
	if err := srv.WaitWebhooks(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ok, bad := h.counts(); ok != 2 || bad != 0 {
		t.Fatalf("%d events signed with the workspace key, %d not; want 2 and 0", ok, bad)
	}

	srv.mustDo(t, 200, app(http.MethodPut, "/v1/reporting_webhooks/1", map[string]any{
		"name": "hook", "endpoint": receiver.URL, "events": []string{"email_sent"}, "disabled": true,
	}))
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/email", send))
	if err := srv.WaitWebhooks(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ok, _ := h.counts(); ok != 2 {
		t.Errorf("a disabled webhook was posted %d more events", ok-2)
	}

	list := srv.mustDo(t, 200, app(http.MethodGet, "/v1/reporting_webhooks", nil)).object(t)
	hooks, _ := list["reporting_webhooks"].([]any)
	if len(hooks) != 1 || hooks[0].(map[string]any)["disabled"] != true {
		t.Errorf("list %v", list)
	}
	srv.mustDo(t, 204, app(http.MethodDelete, "/v1/reporting_webhooks/1", nil))
	srv.mustDo(t, 404, app(http.MethodGet, "/v1/reporting_webhooks/1", nil))
}

func TestReportingWebhookRefusesABadConfiguration(t *testing.T) {
	srv := newTestServer(t)
	for _, body := range []map[string]any{
		{"endpoint": "https://example.com/h", "events": []string{"email_sent"}},
		{"name": "h", "endpoint": "example.com/h", "events": []string{"email_sent"}},
		{"name": "h", "endpoint": "https://example.com/h", "events": []string{}},
	} {
		srv.mustDo(t, 400, app(http.MethodPost, "/v1/reporting_webhooks", body))
	}
	srv.mustDo(t, 404, app(http.MethodPut, "/v1/reporting_webhooks/9", map[string]any{"name": "h", "endpoint": "https://example.com/h", "events": []string{"email_sent"}}))
}
