package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/retry"
	"github.com/gocustomerio/customerio/track"
	"github.com/gocustomerio/customerio/trackv2"
)

// TestRetriedEventLandsOnce has Customer.io record an event and still fail the
// request (a 503, or a connection dropped before the answer), the case a retry
// could double-count. The retry sends the same bytes, de-duplication id
// included, so the workspace holds the event once.
func TestRetriedEventLandsOnce(t *testing.T) {
	tests := []struct {
		name, path string
		send       func(context.Context, *track.Client) error
	}{
		{"v1 Track", "/api/v1/customers/{id}/events", func(ctx context.Context, tc *track.Client) error {
			return tc.Track(ctx, "42", "purchase", map[string]any{"total": 39.5})
		}},
		{"v1 Pageview", "/api/v1/customers/{id}/events", func(ctx context.Context, tc *track.Client) error {
			return tc.Pageview(ctx, "42", "https://example.com/pricing", nil)
		}},
		{"v2 event", "/api/v2/entity", func(ctx context.Context, tc *track.Client) error {
			return tc.V2().TrackPersonEvent(ctx, customerio.ByID("42"), "purchase", map[string]any{"total": 39.5})
		}},
		{"v2 batch", "/api/v2/batch", func(ctx context.Context, tc *track.Client) error {
			_, err := tc.V2().Batch(ctx, []trackv2.Op{
				trackv2.TrackPersonEvent(customerio.ByID("42"), "purchase", map[string]any{"total": 39.5}),
			})
			return err
		}},
	}
	faults := []struct {
		name   string
		rule   customeriotest.Rule
		status int // what the first attempt was answered; 0 for no answer
	}{
		{"503 after applying", customeriotest.Rule{Times: 1, AfterApply: true, Status: http.StatusServiceUnavailable}, http.StatusServiceUnavailable},
		{"connection dropped after applying", customeriotest.Rule{Times: 1, AfterApply: true, Drop: true}, 0},
	}
	for _, tt := range tests {
		for _, f := range faults {
			t.Run(tt.name+", "+f.name, func(t *testing.T) {
				srv := newFake(t)
				if _, err := srv.AddPerson("42", nil); err != nil {
					t.Fatal(err)
				}
				tc := trackClient(t, srv, quickRetry())
				srv.Route(http.MethodPost, tt.path, f.rule)

				if err := tt.send(t.Context(), tc); err != nil {
					t.Fatalf("the retried call failed: %v", err)
				}
				sent := srv.Requests()
				if len(sent) != 2 || sent[0].Status != f.status || sent[1].Status != http.StatusOK {
					t.Fatalf("requests answered %v, want %d then 200", statuses(sent), f.status)
				}
				if !bytes.Equal(sent[0].Body, sent[1].Body) {
					t.Errorf("the retry sent other bytes:\n%s\n%s", sent[0].Body, sent[1].Body)
				}
				events := srv.Events("42")
				if len(events) != 1 {
					t.Fatalf("%d events recorded, want 1: %+v", len(events), events)
				}
				if events[0].ID == "" {
					t.Error("the event carries no de-duplication id")
				}
			})
		}
	}
}

// TestEventIDsDecideDuplicates shows what the id does: the same event sent
// twice with one EventID lands once; two calls without one land twice.
func TestEventIDsDecideDuplicates(t *testing.T) {
	srv := newFake(t)
	tc := trackClient(t, srv)
	ctx := t.Context()
	id := trackv2.NewEventID()
	for range 2 {
		if err := tc.Track(ctx, "42", "purchase", nil, track.EventID(id)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.Events("42")); n != 1 {
		t.Errorf("same id twice: %d events, want 1", n)
	}
	for range 2 {
		if err := tc.Track(ctx, "42", "purchase", nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.Events("42")); n != 3 {
		t.Errorf("two calls without an id: %d events in all, want 3", n)
	}
}

// TestRetryAfterHonoured answers 429 with Retry-After: 1 and checks, from the
// arrival times the fake recorded, that the retry came at least a second
// later, for an idempotent call and for a transactional send (a 429 proves the
// send was not acted on, so it may be repeated).
func TestRetryAfterHonoured(t *testing.T) {
	const retryAfter = time.Second
	tests := []struct {
		name string
		call func(*testing.T, *customeriotest.Server) error
	}{
		{"track Identify", func(t *testing.T, srv *customeriotest.Server) error {
			return trackClient(t, srv, quickRetry()).Identify(t.Context(), "42", nil)
		}},
		{"app SendEmail", func(t *testing.T, srv *customeriotest.Server) error {
			_, err := appClient(t, srv, quickRetry()).SendEmail(t.Context(), app.SendEmailRequest{
				TransactionalMessageID: app.TemplateID(1), Identifiers: customerio.ByID("42"), To: "ada@example.com",
			})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newFake(t)
			srv.FailNext(1, http.StatusTooManyRequests, retryAfter)
			if err := tt.call(t, srv); err != nil {
				t.Fatalf("the call failed after a 429: %v", err)
			}
			sent := srv.Requests()
			if len(sent) != 2 || sent[0].Status != http.StatusTooManyRequests || sent[1].Status != http.StatusOK {
				t.Fatalf("requests %v, want a 429 then a 200", statuses(sent))
			}
			if gap := sent[1].Time.Sub(sent[0].Time); gap < retryAfter {
				t.Errorf("the retry came %v after the 429, want at least %v", gap, retryAfter)
			}
		})
	}
}

// TestRateLimitedErrorCarriesRetryAfter checks the error a caller sees when it
// does not retry: a 429 with the server's Retry-After.
func TestRateLimitedErrorCarriesRetryAfter(t *testing.T) {
	srv := newFake(t)
	srv.FailNext(1, http.StatusTooManyRequests, 3*time.Second)
	err := trackClient(t, srv).Identify(t.Context(), "42", nil)
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, customerio.ErrRateLimited) || !customerio.IsRetryable(err) {
		t.Fatalf("err = %v, want a retryable ErrRateLimited *APIError", err)
	}
	if apiErr.RetryAfter != 3*time.Second {
		t.Errorf("RetryAfter %v, want 3s", apiErr.RetryAfter)
	}
}

// TestTransactionalSendNotRepeated fails a send with 503 after Customer.io
// queued it. The ready strategy does not repeat it, so one message goes out;
// with RetryNonIdempotent it does, and the person gets two: the reason the
// option is opt-in.
func TestTransactionalSendNotRepeated(t *testing.T) {
	req := app.SendEmailRequest{
		TransactionalMessageID: app.TriggerName("receipt"),
		Identifiers:            customerio.ByEmail("ada@example.com"),
		To:                     "ada@example.com",
		MessageData:            map[string]any{"total": 39.5},
	}
	tests := []struct {
		name       string
		opts       []customerio.Option
		afterApply bool
		wantErr    bool
		requests   int
		sends      int
	}{
		{name: "default strategy, 503 before queueing", opts: []customerio.Option{quickRetry()}, wantErr: true, requests: 1, sends: 0},
		{name: "default strategy, 503 after queueing", opts: []customerio.Option{quickRetry()}, afterApply: true, wantErr: true, requests: 1, sends: 1},
		{name: "RetryNonIdempotent, 503 before queueing", opts: []customerio.Option{quickRetry(retry.RetryNonIdempotent())}, requests: 2, sends: 1},
		{name: "RetryNonIdempotent, 503 after queueing", opts: []customerio.Option{quickRetry(retry.RetryNonIdempotent())}, afterApply: true, requests: 2, sends: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Route(http.MethodPost, "/v1/send/{type}", customeriotest.Rule{Times: 1, AfterApply: tt.afterApply, Status: http.StatusServiceUnavailable})
			resp, err := appClient(t, srv, tt.opts...).SendEmail(t.Context(), req)
			if tt.wantErr != (err != nil) {
				t.Fatalf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, customerio.ErrServerError) {
				t.Errorf("err = %v, want ErrServerError", err)
			}
			if n := len(requests(srv, http.MethodPost, "/v1/send/email")); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			sends := srv.Sends()
			if len(sends) != tt.sends {
				t.Fatalf("%d sends queued, want %d", len(sends), tt.sends)
			}
			if err == nil {
				last := sends[len(sends)-1]
				if resp.DeliveryID != last.DeliveryID || resp.QueuedAt.Unix() != last.QueuedAt {
					t.Errorf("response %+v, want the fake's delivery %s queued at %d", resp, last.DeliveryID, last.QueuedAt)
				}
				if last.TransactionalMessageID != "receipt" || last.Identifiers.Email != "ada@example.com" || last.MessageData["total"] != 39.5 {
					t.Errorf("send recorded as %+v", last)
				}
			}
		})
	}
}

// TestBroadcastTriggerNotRepeated triggers a broadcast, reads the trigger
// back, and checks that a 503 is not retried.
func TestBroadcastTriggerNotRepeated(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv, quickRetry())
	ctx := t.Context()

	resp, err := ac.Broadcasts.Trigger(ctx, 7, app.TriggerRequest{IDs: []string{"42", "43"}, Data: map[string]any{"sale": "spring"}})
	if err != nil {
		t.Fatal(err)
	}
	triggers := srv.Triggers()
	if len(triggers) != 1 || triggers[0].ID != resp.ID || triggers[0].BroadcastID != 7 {
		t.Fatalf("triggers %+v, response %+v", triggers, resp)
	}
	var body struct {
		IDs  []string       `json:"ids"`
		Data map[string]any `json:"data"`
	}
	raw, _ := json.Marshal(triggers[0].Body)
	if err := json.Unmarshal(raw, &body); err != nil || len(body.IDs) != 2 || body.Data["sale"] != "spring" {
		t.Errorf("trigger body %s", raw)
	}
	got, err := ac.Broadcasts.GetTrigger(ctx, 7, resp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != resp.ID || got.BroadcastID != 7 || got.CreatedAt.Unix() != triggers[0].CreatedAt || got.ProcessedAt.IsZero() {
		t.Errorf("GetTrigger = %+v", got)
	}

	srv.FailNext(1, http.StatusServiceUnavailable, 0)
	if _, err := ac.Broadcasts.Trigger(ctx, 7, app.TriggerRequest{}); !errors.Is(err, customerio.ErrServerError) {
		t.Errorf("err = %v, want ErrServerError", err)
	}
	if n := len(requests(srv, http.MethodPost, "/triggers")); n != 2 {
		t.Errorf("%d trigger requests, want 2 (the failed one not repeated)", n)
	}
}

// statuses lists the answered status of each request, for failure messages.
func statuses(rs []customeriotest.Request) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = r.Status
	}
	return out
}
