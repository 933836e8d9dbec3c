package app

import (
	"context"
	"errors"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// TestTransactionalSendsRefusePhoneIdentifier pins that a phone number as the
// person of a transactional send is a *customerio.ValidationError before any
// request: the transactional routes take id, email or cio_id only.
func TestTransactionalSendsRefusePhoneIdentifier(t *testing.T) {
	c := newServer(t).client()
	phone := customerio.ByPhone("+15551234567")
	sends := map[string]func(ctx context.Context) error{
		"SendEmail": func(ctx context.Context) error {
			_, err := c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: phone, To: "a@b.com"})
			return err
		},
		"SendPush": func(ctx context.Context) error {
			_, err := c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: phone})
			return err
		},
		"SendSMS": func(ctx context.Context) error {
			_, err := c.SendSMS(ctx, SendSMSRequest{TransactionalMessageID: TemplateID(5), Identifiers: phone, To: "+15551234567"})
			return err
		},
		"SendInApp": func(ctx context.Context) error {
			_, err := c.SendInApp(ctx, SendInAppRequest{TransactionalMessageID: TemplateID(6), Identifiers: phone})
			return err
		},
	}
	for name, send := range sends {
		var ve *customerio.ValidationError
		if err := send(t.Context()); !errors.As(err, &ve) || !names(ve, "identifiers.phone") {
			t.Errorf("%s: err = %v, want a *customerio.ValidationError naming identifiers.phone", name, err)
		}
	}
}

// TestOptionChecksWithoutStructTags pins the checks that replaced struct tags:
// each bad value is named by its wire field before any request.
func TestOptionChecksWithoutStructTags(t *testing.T) {
	c := newServer(t).client()
	checks := []struct {
		name, field string
		call        func(ctx context.Context) error
	}{
		{"unknown sound", "sound", func(ctx context.Context) error {
			_, err := c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: customerio.ByID("1"), Sound: "loud"})
			return err
		}},
		{"push device without platform", "custom_device.platform", func(ctx context.Context) error {
			_, err := c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: customerio.ByID("1"), CustomDevice: &customerio.Device{Token: "t"}})
			return err
		}},
		{"unknown period", "period", func(ctx context.Context) error {
			_, err := c.Transactional.GetMetrics(ctx, 1, MetricsOptions{Period: "years"})
			return err
		}},
		{"negative steps", "steps", func(ctx context.Context) error {
			_, err := c.Transactional.GetLinkMetrics(ctx, 1, LinkMetricsOptions{Steps: customerio.Ptr(-1)})
			return err
		}},
		{"plain body on a template, whose routes do not take one", "body_plain", func(ctx context.Context) error {
			_, err := c.Transactional.UpdateContent(ctx, 1, 2, ContentUpdate{BodyPlain: customerio.Ptr("hi")})
			return err
		}},
		{"sender id below 1", "from_id", func(ctx context.Context) error {
			_, err := c.Transactional.UpdateVariant(ctx, 1, "fr", ContentUpdate{FromID: customerio.Ptr(0)})
			return err
		}},
		{"channel on a template's metrics", "type", func(ctx context.Context) error {
			_, err := c.Transactional.GetMetrics(ctx, 1, MetricsOptions{Type: "email"})
			return err
		}},
		{"channel on a template's link metrics", "type", func(ctx context.Context) error {
			_, err := c.Transactional.GetLinkMetrics(ctx, 1, LinkMetricsOptions{Type: "email"})
			return err
		}},
		{"delivery metric the route does not filter by", "metric", func(ctx context.Context) error {
			_, err := c.Transactional.ListDeliveries(ctx, 1, DeliveriesOptions{Metric: customerio.MetricSubscribed})
			return err
		}},
		{"unknown delivery state", "state", func(ctx context.Context) error {
			_, err := c.Transactional.ListDeliveries(ctx, 1, DeliveriesOptions{State: "lost"})
			return err
		}},
		{"channel filter on a route without one", "type", func(ctx context.Context) error {
			_, err := c.Transactional.ListDeliveries(ctx, 1, DeliveriesOptions{Type: "email"})
			return err
		}},
		{"drafts on a route without them", "drafts", func(ctx context.Context) error {
			_, err := c.Transactional.ListDeliveries(ctx, 1, DeliveriesOptions{Drafts: customerio.Ptr(true)})
			return err
		}},
		{"delivery window ending before it starts", "end_ts", func(ctx context.Context) error {
			_, err := c.Transactional.ListDeliveries(ctx, 1, DeliveriesOptions{StartTS: time.Unix(200, 0), EndTS: time.Unix(100, 0)})
			return err
		}},
		{"segment without a name", "name", func(ctx context.Context) error {
			_, err := c.Segments.Create(ctx, CreateSegmentRequest{Name: " "})
			return err
		}},
		{"SMS without a recipient", "to", func(ctx context.Context) error {
			_, err := c.SendSMS(ctx, SendSMSRequest{TransactionalMessageID: TemplateID(5), Identifiers: customerio.ByID("1")})
			return err
		}},
		{"data file URL without a scheme", "data_file_url", func(ctx context.Context) error {
			_, err := c.Broadcasts.Trigger(ctx, 1, TriggerRequest{DataFileURL: "example.com/a.jsonl"})
			return err
		}},
	}
	for _, tt := range checks {
		var ve *customerio.ValidationError
		if err := tt.call(t.Context()); !errors.As(err, &ve) || !names(ve, tt.field) {
			t.Errorf("%s: err = %v, want a *customerio.ValidationError naming %s", tt.name, err, tt.field)
		}
	}
}
