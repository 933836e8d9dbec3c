package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		key  string
		opts []customerio.Option
		ok   bool
	}{
		{"a key", testKey, nil, true},
		{"empty key", "", nil, false},
		{"key with a trailing newline", testKey + "\n", nil, false},
		{"key with a space", "sk abc", nil, false},
		{"numeric workspace id", testKey, []customerio.Option{WithWorkspaceID("12345")}, true},
		{"workspace id that is not a number", testKey, []customerio.Option{WithWorkspaceID("ws-1")}, false},
		{"bad option", testKey, []customerio.Option{customerio.WithBaseURL("ftp://example.com")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.key, tt.opts...)
			if (err == nil) != tt.ok {
				t.Fatalf("New: client %v, error %v", c, err)
			}
			if err != nil && c != nil {
				t.Errorf("a client came back with the error")
			}
			if err != nil && tt.key != "" && strings.Contains(err.Error(), strings.TrimSpace(tt.key)) {
				t.Errorf("error %q shows the key", err)
			}
		})
	}
}

func TestClientString(t *testing.T) {
	t.Parallel()
	c, err := New(testKey, customerio.WithRegion(customerio.RegionEU), WithWorkspaceID("12345"))
	if err != nil {
		t.Fatal(err)
	}
	want := "app.Client{base: https://api-eu.customer.io, workspace: 12345}"
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%q", "%x"} {
		if got := fmt.Sprintf(verb, c); got != want {
			t.Errorf("%s: %s", verb, got)
		}
	}
	var nilClient *Client
	if got := nilClient.String(); got != "app.Client(nil)" {
		t.Errorf("nil client: %s", got)
	}
}

// TestWorkspaceHeaderOnlyOnSends: X-Workspace-Id goes with /v1/send/… requests
// and no other (the test server checks each exchange's header, absent when unset).
func TestWorkspaceHeaderOnlyOnSends(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodPost, path: "/v1/send/sms", workspace: "12345", body: `{"transactional_message_id":5,"identifiers":{"id":"1"},"to":"+15551234567","disable_message_retention":false,"send_to_unsubscribed":true,"queue_draft":false}`, fixture: "send_response.json"},
		exchange{method: http.MethodGet, path: "/v1/segments", fixture: "segments.json"},
		exchange{method: http.MethodPost, path: "/v1/campaigns/15/triggers", body: `{}`, fixture: "broadcast_trigger.json"},
		exchange{method: http.MethodPost, path: "/v1/send/inbox_message", workspace: "12345", body: `{"transactional_message_id":6,"identifiers":{"id":"42"},"disable_message_retention":false,"queue_draft":false}`, fixture: "send_response.json"},
	)
	c := srv.client(WithWorkspaceID("12345"))
	ctx := t.Context()
	if _, err := c.SendSMS(ctx, SendSMSRequest{TransactionalMessageID: TemplateID(5), Identifiers: customerio.ByID("1"), To: "+15551234567"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Segments.List(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Broadcasts.Trigger(ctx, 15, TriggerRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendInboxMessage(ctx, SendInboxMessageRequest{TransactionalMessageID: TemplateID(6), Identifiers: customerio.ByID("42")}); err != nil {
		t.Fatal(err)
	}
}

// recordingTransport answers every request itself and records its URL, so region
// routing is checked without any network.
type recordingTransport struct {
	mu   sync.Mutex
	urls []string
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	rt.mu.Lock()
	rt.urls = append(rt.urls, r.URL.String())
	rt.mu.Unlock()
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"delivery_id":"d1","queued_at":1700000000,"segments":[]}`)),
		Request:    r,
	}, nil
}

func TestRegionRouting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []customerio.Option
		want []string
	}{
		{"US by default", nil, []string{"https://api.customer.io/v1/send/email", "https://api.customer.io/v1/segments"}},
		{"EU", []customerio.Option{customerio.WithRegion(customerio.RegionEU)}, []string{"https://api-eu.customer.io/v1/send/email", "https://api-eu.customer.io/v1/segments"}},
		{"base URL keeps its prefix", []customerio.Option{customerio.WithRegion(customerio.RegionEU), customerio.WithBaseURL("https://proxy.example.com/cio/")}, []string{"https://proxy.example.com/cio/v1/send/email", "https://proxy.example.com/cio/v1/segments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := &recordingTransport{}
			c, err := New(testKey, append(tt.opts, customerio.WithHTTPClient(&http.Client{Transport: rt}))...)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.SendEmail(t.Context(), SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com"}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Segments.List(t.Context()); err != nil {
				t.Fatal(err)
			}
			if strings.Join(rt.urls, " ") != strings.Join(tt.want, " ") {
				t.Errorf("requested %v, want %v", rt.urls, tt.want)
			}
		})
	}
}

// TestKeyNeverLeaks runs every failure path with the sentinel key and checks that
// no error text, formatted error or log record shows it.
func TestKeyNeverLeaks(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, &slog.HandlerOptions{Level: slog.LevelDebug}))

	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/segments", status: http.StatusUnauthorized},
		exchange{method: http.MethodGet, path: "/v1/segments/7", fixture: "not_json.txt"},
		exchange{method: http.MethodGet, path: "/v1/segments/7/customer_count", fixture: "segment.json"},
	)
	c := srv.client(customerio.WithLogger(logger))
	closed := newServer(t)
	down := closed.client(customerio.WithLogger(logger))
	closed.srv.Close()
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()

	var errs []error
	_, err := c.Segments.List(t.Context())
	if !errors.Is(err, customerio.ErrUnauthorized) {
		t.Errorf("401: %v", err)
	}
	errs = append(errs, err)
	_, err = c.Segments.Get(t.Context(), 7)
	errs = append(errs, err)
	_, err = c.Segments.GetCustomerCount(t.Context(), 7)
	errs = append(errs, err)
	_, err = down.Segments.List(t.Context())
	var te *customerio.TransportError
	if !errors.As(err, &te) {
		t.Errorf("closed server: %v", err)
	}
	errs = append(errs, err)
	_, err = c.Segments.List(cancelled)
	errs = append(errs, err)
	_, err = c.SendEmail(t.Context(), SendEmailRequest{Identifiers: customerio.Identifiers{ID: "1", Email: "a@b.com"}})
	errs = append(errs, err)
	_, err = New(testKey + " ")
	errs = append(errs, err)

	for i, err := range errs {
		if err == nil {
			t.Errorf("failure %d: no error", i)
			continue
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(verb, err); strings.Contains(s, testKey) {
				t.Errorf("failure %d, %s: %s", i, verb, s)
			}
		}
	}
	logMu.Lock()
	defer logMu.Unlock()
	if logs.Len() == 0 {
		t.Error("nothing was logged")
	}
	if strings.Contains(logs.String(), testKey) {
		t.Errorf("the log shows the key:\n%s", logs.String())
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
