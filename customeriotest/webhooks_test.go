package customeriotest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

const hookKey = "test-webhook-signing-key"

// hookReceiver is a handler that records each delivery and answers with the
// next scripted status (204 once the script runs out).
type hookReceiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	script   []int
	received []receivedHook
}

type receivedHook struct {
	body                 []byte
	timestamp, signature string
	contentType          string
}

func newHookReceiver(t *testing.T, statuses ...int) *hookReceiver {
	t.Helper()
	h := &hookReceiver{script: statuses}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.received = append(h.received, receivedHook{body, r.Header.Get(headerCIOTimestamp), r.Header.Get(headerCIOSignature), r.Header.Get("Content-Type")})
		status := http.StatusNoContent
		if len(h.script) > 0 {
			status, h.script = h.script[0], h.script[1:]
		}
		h.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) got() []receivedHook {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.received)
}

func waitHooks(t *testing.T, srv *Server) {
	t.Helper()
	if err := srv.WaitWebhooks(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func decodeEnvelope(t *testing.T, body []byte) webhookEnvelope {
	t.Helper()
	var env webhookEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	return env
}

// TestWebhookSignatureReferenceVector pins the signing scheme to Customer.io's
// published test vector: the key's own bytes, "v0:timestamp:body", lowercase hex.
func TestWebhookSignatureReferenceVector(t *testing.T) {
	ts, sig := signWebhook("755781b5e03a973f3405a85474d5a032a60fd56fabaad66039b12eadd83955fa",
		time.Unix(1692633432, 0), []byte(`{"key": "value"}`))
	if ts != "1692633432" || sig != "d7c655389bb364d3e8bdbb6ec18a7f1b6cf91f39bba647554ada78aa61de37b9" {
		t.Errorf("signWebhook = %s, %s", ts, sig)
	}
}

func TestTransactionalSendReportsSentThenDelivered(t *testing.T) {
	srv := newTestServer(t)
	h := newHookReceiver(t)
	srv.SendWebhooks(h.srv.URL+"/cio", hookKey, WebhookBackoff(0))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/42", map[string]any{"email": "ada@example.com"}))
	tmpl := srv.AddTransactionalMessage("welcome", "")
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/email", map[string]any{
		"transactional_message_id": "welcome", "identifiers": map[string]any{"id": "42"}, "subject": "Hi",
	}))
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/sms", map[string]any{
		"transactional_message_id": 3, "identifiers": map[string]any{"id": "7"}, "to": "+15555550100",
	}))
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/in_app", map[string]any{
		"transactional_message_id": 4, "identifiers": map[string]any{"email": "sam@example.com"},
	}))
	waitHooks(t, srv)

	got := h.got()
	want := []struct{ object, metric, delivery string }{
		{"email", "sent", "dlv_00000001"}, {"email", "delivered", "dlv_00000001"},
		{"sms", "sent", "dlv_00000002"}, {"sms", "delivered", "dlv_00000002"},
		{"in_app", "sent", "dlv_00000003"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d deliveries, want %d", len(got), len(want))
	}
	var ids []string
	for i, w := range want {
		env := decodeEnvelope(t, got[i].body)
		if env.ObjectType != w.object || string(env.Metric) != w.metric || env.Data["delivery_id"] != w.delivery {
			t.Errorf("delivery %d: %s", i, got[i].body)
		}
		if ts, sig := signWebhook(hookKey, time.Unix(mustAtoi(t, got[i].timestamp), 0), got[i].body); sig != got[i].signature || ts != got[i].timestamp {
			t.Errorf("delivery %d: signature %q does not verify", i, got[i].signature)
		}
		if got[i].contentType != "application/json" || len(env.EventID) != 26 {
			t.Errorf("delivery %d: content type %q, event id %q", i, got[i].contentType, env.EventID)
		}
		ids = append(ids, env.EventID)
	}
	if !sort.StringsAreSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("event ids not unique and ordered: %v", ids)
	}
	email := decodeEnvelope(t, got[0].body).Data
	p, _ := srv.Person("42")
	wantIDs := map[string]any{"id": "42", "email": "ada@example.com", "cio_id": p.CIOID}
	if !mapsEqual(email["identifiers"], wantIDs) || email["customer_id"] != "42" || email["recipient"] != "ada@example.com" ||
		email["subject"] != "Hi" || email["transactional_message_id"] != float64(tmpl) {
		t.Errorf("email sent data %v", email)
	}
	if sms := decodeEnvelope(t, got[2].body).Data; sms["recipient"] != "+15555550100" || sms["transactional_message_id"] != float64(3) {
		t.Errorf("sms sent data %v", sms)
	}
}

func mapsEqual(a any, b map[string]any) bool {
	m, ok := a.(map[string]any)
	if !ok || len(m) != len(b) {
		return false
	}
	for k, v := range b {
		if m[k] != v {
			return false
		}
	}
	return true
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return n
}

func TestBroadcastTriggerReportsEachListedPerson(t *testing.T) {
	srv := newTestServer(t)
	h := newHookReceiver(t)
	srv.SendWebhooks(h.srv.URL, hookKey, WebhookBackoff(0))
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/campaigns/9/triggers", map[string]any{"ids": []any{"1", 2}}))
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/campaigns/9/triggers", map[string]any{"recipients": map[string]any{"segment": map[string]any{"id": 3}}}))
	waitHooks(t, srv)
	got := h.got()
	if len(got) != 4 {
		t.Fatalf("%d deliveries, want sent and delivered for 2 people", len(got))
	}
	for i, wantMetric := range []customerio.Metric{"sent", "delivered", "sent", "delivered"} {
		env := decodeEnvelope(t, got[i].body)
		if env.ObjectType != "email" || env.Metric != wantMetric || env.Data["broadcast_id"] != float64(9) || env.Data["trigger_id"] != float64(1) {
			t.Errorf("delivery %d: %s", i, got[i].body)
		}
	}
	if d := decodeEnvelope(t, got[2].body).Data; d["customer_id"] != "2" || d["delivery_id"] != "dlv_b9_t1_2" {
		t.Errorf("second person: %v", d)
	}
}

// TestFailedWebhookIsRedeliveredWithSameEventID: a handler answering 500 gets
// the same event, same bytes, again; the events behind it wait their turn.
func TestFailedWebhookIsRedeliveredWithSameEventID(t *testing.T) {
	srv := newTestServer(t)
	h := newHookReceiver(t, http.StatusInternalServerError, http.StatusBadGateway)
	srv.SendWebhooks(h.srv.URL, hookKey, WebhookBackoff(0), WebhookAttempts(5))
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/email", map[string]any{
		"transactional_message_id": 1, "identifiers": map[string]any{"id": "42"},
	}))
	waitHooks(t, srv)
	log := srv.WebhookDeliveries()
	statuses := []int{}
	for _, d := range log {
		statuses = append(statuses, d.Status)
	}
	if !slices.Equal(statuses, []int{500, 502, 204, 204}) {
		t.Fatalf("statuses %v", statuses)
	}
	if log[0].Event.EventID != log[2].Event.EventID || string(log[0].Body) != string(log[2].Body) || log[2].Attempt != 3 {
		t.Errorf("retry differs: %+v\n%+v", log[0], log[2])
	}
	if log[2].Event.Metric != "sent" || log[3].Event.Metric != "delivered" || log[3].Attempt != 1 || !log[3].Succeeded() {
		t.Errorf("order after retries: %+v", log[2:])
	}
	if got := h.got(); len(got) != 4 || string(got[1].body) != string(log[0].Body) {
		t.Errorf("handler saw %d deliveries", len(got))
	}
}

func TestWebhookGivenUpAfterAttempts(t *testing.T) {
	srv := newTestServer(t)
	h := newHookReceiver(t, 500, 500, 500)
	srv.SendWebhooks(h.srv.URL, hookKey, WebhookBackoff(0), WebhookAttempts(2))
	first, err := srv.EmitWebhook(WebhookEvent{ObjectType: "customer", Metric: "subscribed", Data: map[string]any{"customer_id": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	second, _ := srv.EmitWebhook(WebhookEvent{EventID: "01HQZ9C4D5E6F7G8H9J0K1M2N3", ObjectType: "customer", Metric: "unsubscribed", Timestamp: 1692650000})
	waitHooks(t, srv)
	log := srv.WebhookDeliveries()
	if len(log) != 4 {
		t.Fatalf("%d attempts, want 2 for the first event and 2 for the second", len(log))
	}
	if log[0].Event.EventID != first.EventID || log[1].Event.EventID != first.EventID || log[2].Event.EventID != second.EventID {
		t.Errorf("attempts %+v", log)
	}
	if env := decodeEnvelope(t, log[2].Body); env.Timestamp != 1692650000 || env.EventID != "01HQZ9C4D5E6F7G8H9J0K1M2N3" || env.Data == nil {
		t.Errorf("emitted event %s", log[2].Body)
	}
}

func TestScriptWebhookCarriesTheMessageData(t *testing.T) {
	srv := newTestServer(t)
	if _, err := srv.ScriptWebhook("dlv_00000001", "opened", nil); err == nil {
		t.Error("ScriptWebhook before SendWebhooks succeeded")
	}
	h := newHookReceiver(t)
	// A send made before the webhook exists reports nothing but can be scripted.
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/push", map[string]any{
		"transactional_message_id": 2, "identifiers": map[string]any{"id": "5"},
	}))
	srv.SendWebhooks(h.srv.URL, hookKey, WebhookBackoff(0))
	ev, err := srv.ScriptWebhook("dlv_00000001", "clicked", map[string]any{"href": "https://example.com/x", "customer_id": "5b"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.ScriptWebhook("dlv_99999999", "opened", nil); err == nil {
		t.Error("ScriptWebhook for an unknown delivery succeeded")
	}
	waitHooks(t, srv)
	got := h.got()
	if len(got) != 1 {
		t.Fatalf("%d deliveries, want the scripted click only", len(got))
	}
	env := decodeEnvelope(t, got[0].body)
	if env.EventID != ev.EventID || env.ObjectType != "push" || env.Metric != "clicked" ||
		env.Data["href"] != "https://example.com/x" || env.Data["customer_id"] != "5b" || env.Data["transactional_message_id"] != float64(2) {
		t.Errorf("scripted event %s", got[0].body)
	}
}

// TestCloseStopsPendingWebhookRetries: a retry waiting out a long backoff
// ends with Close, leaving no goroutine behind (goleak checks the package).
func TestCloseStopsPendingWebhookRetries(t *testing.T) {
	srv := NewServer()
	h := newHookReceiver(t, 500, 500, 500)
	attempted := make(chan struct{})
	var once sync.Once
	srv.SendWebhooks(h.srv.URL, hookKey, WebhookBackoff(time.Hour), WebhookHTTPClient(&http.Client{
		Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			defer once.Do(func() { close(attempted) })
			return http.DefaultTransport.RoundTrip(r)
		}),
	}))
	if _, err := srv.EmitWebhook(WebhookEvent{ObjectType: "email", Metric: "opened"}); err != nil {
		t.Fatal(err)
	}
	<-attempted
	srv.Close()
	if err := srv.WaitWebhooks(t.Context()); !errors.Is(err, customerio.ErrUndelivered) {
		t.Errorf("WaitWebhooks after Close with an event left = %v, want customerio.ErrUndelivered", err)
	}
	if n := len(srv.WebhookDeliveries()); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestWaitWebhooksEndsWithContext(t *testing.T) {
	srv := newTestServer(t)
	if err := srv.WaitWebhooks(t.Context()); err != nil {
		t.Errorf("WaitWebhooks with nothing queued: %v", err)
	}
	h := newHookReceiver(t, 500, 500)
	srv.SendWebhooks(h.srv.URL, hookKey, WebhookBackoff(time.Hour))
	if _, err := srv.EmitWebhook(WebhookEvent{ObjectType: "email", Metric: "opened"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := srv.WaitWebhooks(ctx); err == nil {
		t.Error("WaitWebhooks with a cancelled context and a pending retry = nil")
	}
}

func TestUnreachableWebhookIsRecorded(t *testing.T) {
	srv := newTestServer(t)
	srv.SendWebhooks("http://127.0.0.1:1/unreachable", hookKey, WebhookBackoff(0), WebhookAttempts(2))
	if _, err := srv.EmitWebhook(WebhookEvent{ObjectType: "email", Metric: "opened", Data: map[string]any{"bad": make(chan int)}}); err == nil {
		t.Error("EmitWebhook with data that cannot be encoded succeeded")
	}
	if _, err := srv.EmitWebhook(WebhookEvent{ObjectType: "email", Metric: "opened"}); err != nil {
		t.Fatal(err)
	}
	waitHooks(t, srv)
	log := srv.WebhookDeliveries()
	if len(log) != 2 || log[0].Status != 0 || log[0].Err == "" || log[1].Attempt != 2 {
		t.Errorf("attempts %+v", log)
	}
}

func TestULIDsCountUpUnderAStillClock(t *testing.T) {
	var u ulidSource
	at := time.UnixMilli(1692633432123)
	a, b := u.next(at), u.next(at)
	c := u.next(at.Add(time.Millisecond))
	if len(a) != 26 || !(a < b && b < c) || a[:10] != b[:10] {
		t.Errorf("ids %s %s %s", a, b, c)
	}
	if a[:10] != "01H8CD101V" {
		t.Errorf("time part %s", a[:10])
	}
}

func TestWebhookBackoffDoubles(t *testing.T) {
	for _, tt := range []struct {
		base    time.Duration
		attempt int
		want    time.Duration
	}{
		{0, 3, 0}, {time.Millisecond, 1, time.Millisecond}, {time.Millisecond, 3, 4 * time.Millisecond},
		{time.Second, 30, time.Minute}, {2 * time.Minute, 2, 2 * time.Minute},
	} {
		if got := backoff(tt.base, tt.attempt); got != tt.want {
			t.Errorf("backoff(%s, %d) = %s, want %s", tt.base, tt.attempt, got, tt.want)
		}
	}
}
