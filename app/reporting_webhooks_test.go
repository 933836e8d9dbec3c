package app

import (
	"context"
	"net/http"
	"testing"
)

var coolWebhook = ReportingWebhook{
	ID: 4, Name: "my cool webhook", Type: "webhook", Endpoint: "https://example.com/webhook",
	FullResolution: true, Events: []string{"email_failed", "webhook_failed"},
}

var coolWebhookRequest = ReportingWebhookRequest{
	Name: "my cool webhook", Endpoint: "https://example.com/webhook",
	Events: []string{"email_failed", "webhook_failed"}, FullResolution: true,
}

// coolWebhookBody is coolWebhookRequest on the wire: every flag is sent, false
// ones included, so an update turns them off.
const coolWebhookBody = `{"name":"my cool webhook","endpoint":"https://example.com/webhook","events":["email_failed","webhook_failed"],"disabled":false,"full_resolution":true,"with_content":false}`

func TestReportingWebhooksRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ReportingWebhooks.Create(ctx, coolWebhookRequest)
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/reporting_webhooks", body: coolWebhookBody, fixture: "reporting_webhook.json"},
			want:     &coolWebhook,
		},
		{
			name:     "List",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.ReportingWebhooks.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/reporting_webhooks", fixture: "reporting_webhooks.json"},
			want:     []ReportingWebhook{coolWebhook},
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.ReportingWebhooks.Get(ctx, 4) },
			exchange: exchange{method: http.MethodGet, path: "/v1/reporting_webhooks/4", fixture: "reporting_webhook.json"},
			want:     &coolWebhook,
		},
		{
			name: "Update",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ReportingWebhooks.Update(ctx, 4, coolWebhookRequest)
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/reporting_webhooks/4", body: coolWebhookBody, fixture: "reporting_webhook.json"},
			want:     &coolWebhook,
		},
		{
			name:     "Delete",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.ReportingWebhooks.Delete(ctx, 4) },
			exchange: exchange{method: http.MethodDelete, path: "/v1/reporting_webhooks/4", status: http.StatusNoContent},
			want:     nil,
		},
	})
}

// TestReportingWebhookCreateIsNotRepeatedAfterA503 pins that a create, which
// would make a second webhook posting every event twice, is not repeated by a
// retry strategy once Customer.io has answered.
func TestReportingWebhookCreateIsNotRepeatedAfterA503(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodPost, path: "/v1/reporting_webhooks", body: coolWebhookBody, status: http.StatusServiceUnavailable})
	c := srv.client(noWait())
	if _, err := c.ReportingWebhooks.Create(t.Context(), coolWebhookRequest); err == nil {
		t.Fatal("a 503 was not returned")
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestReportingWebhooksValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Create without a name", "name", func(ctx context.Context, c *Client) error {
			r := coolWebhookRequest
			r.Name = " "
			_, err := c.ReportingWebhooks.Create(ctx, r)
			return err
		}},
		{"Create with a relative endpoint", "endpoint", func(ctx context.Context, c *Client) error {
			r := coolWebhookRequest
			r.Endpoint = "/webhook"
			_, err := c.ReportingWebhooks.Create(ctx, r)
			return err
		}},
		{"Create without events", "events", func(ctx context.Context, c *Client) error {
			r := coolWebhookRequest
			r.Events = nil
			_, err := c.ReportingWebhooks.Create(ctx, r)
			return err
		}},
		{"Update with a blank event", "events[1]", func(ctx context.Context, c *Client) error {
			r := coolWebhookRequest
			r.Events = []string{"email_sent", ""}
			_, err := c.ReportingWebhooks.Update(ctx, 4, r)
			return err
		}},
		{"Update webhook 0", "webhook_id", func(ctx context.Context, c *Client) error {
			_, err := c.ReportingWebhooks.Update(ctx, 0, coolWebhookRequest)
			return err
		}},
		{"Get webhook 0", "webhook_id", func(ctx context.Context, c *Client) error {
			_, err := c.ReportingWebhooks.Get(ctx, 0)
			return err
		}},
		{"Delete webhook -1", "webhook_id", func(ctx context.Context, c *Client) error {
			return c.ReportingWebhooks.Delete(ctx, -1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertValidation(t, tt.call(t.Context(), newServer(t).client()), tt.field)
		})
	}
}
