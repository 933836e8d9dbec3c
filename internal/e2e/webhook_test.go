package e2e

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gocustomerio/customerio/webhook"
)

// receiver is an HTTP server with the webhook middleware in front of a
// handler that records the events it is given.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	events []webhook.Event
}

func newReceiver(t *testing.T, v *webhook.Verifier) *receiver {
	t.Helper()
	r := &receiver{}
	mux := http.NewServeMux()
	mux.Handle("POST /cio/events", v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Errorf("reading the verified body: %v", err)
		}
		ev, err := webhook.ParseEvent(body)
		if err != nil {
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.events = append(r.events, ev)
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})))
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	return r
}

// deliver posts body with the signature headers, as Customer.io would.
func (r *receiver) deliver(t *testing.T, body []byte, timestamp, signature string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, r.srv.URL+"/cio/events", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.HeaderTimestamp, timestamp)
	req.Header.Set(webhook.HeaderSignature, signature)
	resp, err := r.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (r *receiver) received() []webhook.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]webhook.Event(nil), r.events...)
}

// TestWebhookMiddleware signs real-shaped deliveries with webhook.Sign, sends
// them over HTTP through Verifier.Middleware, and checks what reaches the
// handler: every signed delivery, decoded, and nothing else.
func TestWebhookMiddleware(t *testing.T) {
	const key, oldKey = "e2e-signing-key", "e2e-previous-key"
	now := time.Unix(1700000200, 0)
	r := newReceiver(t, &webhook.Verifier{
		SigningKey:   webhook.NewKey(key),
		PreviousKeys: []webhook.Key{webhook.NewKey(oldKey)},
		Now:          func() time.Time { return now },
	})

	load := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "webhooks", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	opened, clicked, unsubscribed := load("email_opened.json"), load("email_clicked.json"), load("customer_unsubscribed.json")
	sign := func(k string, at time.Time, body []byte) (string, string) { return webhook.Sign(k, at, body) }

	tests := []struct {
		name   string
		body   []byte
		stamp  func() (string, string)
		status int
	}{
		{"opened", opened, func() (string, string) { return sign(key, now, opened) }, http.StatusNoContent},
		{"clicked, signed a minute ago", clicked, func() (string, string) { return sign(key, now.Add(-time.Minute), clicked) }, http.StatusNoContent},
		{"unsubscribed, signed with the previous key", unsubscribed, func() (string, string) { return sign(oldKey, now, unsubscribed) }, http.StatusNoContent},
		{"body changed after signing", bytes.Replace(opened, []byte(`"opened"`), []byte(`"clicked"`), 1),
			func() (string, string) { return sign(key, now, opened) }, http.StatusUnauthorized},
		{"timestamp changed after signing", opened, func() (string, string) {
			_, sig := sign(key, now, opened)
			return strconv.FormatInt(now.Unix()-1, 10), sig
		}, http.StatusUnauthorized},
		{"signed with an unknown key", opened, func() (string, string) { return sign("not-the-key", now, opened) }, http.StatusUnauthorized},
		{"replayed an hour later", opened, func() (string, string) { return sign(key, now.Add(-time.Hour), opened) }, http.StatusUnauthorized},
		{"re-encoded body", []byte(`{"event_id":"01J1E2E0000000000000000001","object_type":"email","metric":"opened","timestamp":1700000000}`),
			func() (string, string) { return sign(key, now, opened) }, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, sig := tt.stamp()
			if got := r.deliver(t, tt.body, ts, sig); got != tt.status {
				t.Errorf("status %d, want %d", got, tt.status)
			}
		})
	}

	events := r.received()
	if len(events) != 3 {
		t.Fatalf("the handler got %d events, want the 3 signed ones: %+v", len(events), events)
	}
	want := []struct {
		id, object, metric string
	}{
		{"01J1E2E0000000000000000001", "email", "opened"},
		{"01J1E2E0000000000000000002", "email", "clicked"},
		{"01J1E2E0000000000000000003", "customer", "unsubscribed"},
	}
	for i, w := range want {
		ev := events[i]
		if ev.EventID != w.id || string(ev.ObjectType) != w.object || string(ev.Metric) != w.metric {
			t.Errorf("event %d: %s %s %s, want %+v", i, ev.EventID, ev.ObjectType, ev.Metric, w)
		}
		if ev.Data.Identifiers.ID != "42" || ev.Data.DeliveryID != "dlv_00000001" {
			t.Errorf("event %d data: %+v", i, ev.Data)
		}
	}
	if c := events[1].Data; c.CampaignID != 23 || c.Href != "https://example.com/pricing?plan=pro" || c.LinkID != 7 {
		t.Errorf("click details %+v", c)
	}
	if ts := events[0].Timestamp; !ts.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("timestamp %v", ts)
	}
}
