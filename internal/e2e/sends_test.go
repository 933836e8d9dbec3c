package e2e

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/track"
)

// TestEverySendType sends one message of each transactional type and checks
// that the fake queued it as sent and that the answer decodes to its
// delivery.
func TestEverySendType(t *testing.T) {
	queued := time.Unix(1700000300, 0)
	srv := newFake(t, customeriotest.WithClock(func() time.Time { return queued }))
	ac := appClient(t, srv)
	who := customerio.ByID("42")
	data := map[string]any{"order": "A-1"}
	sends := []struct {
		typ  string
		send func(context.Context) (*app.SendResponse, error)
	}{
		{"email", func(ctx context.Context) (*app.SendResponse, error) {
			return ac.SendEmail(ctx, app.SendEmailRequest{TransactionalMessageID: app.TemplateID(1), Identifiers: who, MessageData: data, To: "ada@example.com"})
		}},
		{"push", func(ctx context.Context) (*app.SendResponse, error) {
			return ac.SendPush(ctx, app.SendPushRequest{TransactionalMessageID: app.TemplateID(2), Identifiers: who, MessageData: data})
		}},
		{"sms", func(ctx context.Context) (*app.SendResponse, error) {
			return ac.SendSMS(ctx, app.SendSMSRequest{TransactionalMessageID: app.TemplateID(3), Identifiers: who, MessageData: data, To: "+15551234567"})
		}},
		{"in_app", func(ctx context.Context) (*app.SendResponse, error) {
			return ac.SendInApp(ctx, app.SendInAppRequest{TransactionalMessageID: app.TriggerName("welcome"), Identifiers: who, MessageData: data})
		}},
		{"inbox_message", func(ctx context.Context) (*app.SendResponse, error) {
			return ac.SendInboxMessage(ctx, app.SendInboxMessageRequest{TransactionalMessageID: app.TemplateID(5), Identifiers: who, MessageData: data})
		}},
		{"whatsapp", func(ctx context.Context) (*app.SendResponse, error) {
			return ac.SendWhatsApp(ctx, app.SendWhatsAppRequest{TransactionalMessageID: app.TemplateID(6), Identifiers: who, Fields: map[string]any{"message_data": data}})
		}},
	}
	for i, s := range sends {
		t.Run(s.typ, func(t *testing.T) {
			resp, err := s.send(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			all := srv.Sends()
			if len(all) != i+1 {
				t.Fatalf("%d sends queued, want %d", len(all), i+1)
			}
			got := all[i]
			if got.Type != s.typ || got.Identifiers.ID != "42" {
				t.Errorf("queued %+v", got)
			}
			if resp.DeliveryID != got.DeliveryID || !resp.QueuedAt.Equal(queued) {
				t.Errorf("response %+v, want delivery %s queued at %v", resp, got.DeliveryID, queued)
			}
		})
	}
}

// TestTransactionalTemplates reads the templates of a workspace.
func TestTransactionalTemplates(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	receipt := srv.AddTransactionalMessage("Receipt", "sent after checkout")
	srv.AddTransactionalMessage("Password reset", "")

	list, err := ac.Transactional.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Receipt" || list[1].Name != "Password reset" {
		t.Fatalf("templates %+v", list)
	}
	got, err := ac.Transactional.Get(t.Context(), receipt)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != receipt || got.Description != "sent after checkout" || got.CreatedAt.IsZero() {
		t.Errorf("Get = %+v", got)
	}
	if _, err := ac.Transactional.Get(t.Context(), 99); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("unknown template: err = %v, want ErrNotFound", err)
	}
}

// TestDeliveryFollowUps uses the delivery id of a send for the Track calls
// that refer to it: a custom unsubscribe page and a delivery metric.
func TestDeliveryFollowUps(t *testing.T) {
	srv := newFake(t)
	tc, ac := trackClient(t, srv), appClient(t, srv)
	ctx := t.Context()
	if err := tc.Identify(ctx, "42", map[string]any{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	resp, err := ac.SendEmail(ctx, app.SendEmailRequest{TransactionalMessageID: app.TemplateID(3), Identifiers: customerio.ByID("42")})
	if err != nil {
		t.Fatal(err)
	}
	if err := tc.ReportMetric(ctx, track.MetricReport{DeliveryID: resp.DeliveryID, Channel: track.ChannelEmail, Metric: customerio.MetricOpened}); err != nil {
		t.Fatal(err)
	}
	if err := tc.Unsubscribe(ctx, resp.DeliveryID, true); err != nil {
		t.Fatal(err)
	}
	if m := srv.Metrics(); len(m) != 1 || m[0].DeliveryID != resp.DeliveryID || m[0].Metric != "opened" {
		t.Errorf("metrics %+v", m)
	}
	if u := srv.Unsubscribes(); len(u) != 1 || u[0].DeliveryID != resp.DeliveryID || !u[0].Unsubscribe {
		t.Errorf("unsubscribes %+v", u)
	}
	c, err := ac.Customers.GetAttributes(ctx, "42", "")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Unsubscribed {
		t.Error("the person is not unsubscribed after the unsubscribe page answer")
	}
	// An unknown delivery is refused with 400.
	var apiErr *customerio.APIError
	if err := tc.Unsubscribe(ctx, "dlv_unknown", true); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown delivery: err = %v, want a 400 *APIError", err)
	}
}
