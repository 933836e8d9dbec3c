package app

import (
	"context"
	"errors"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

var (
	flowersExport = Export{
		ID: 110, UserEmail: "person@email.com", Total: 1234, DeduplicateID: "110:1530296738",
		Type: "customers", Status: ExportStatusDone, Description: `Customers with segment filters—in \Purchased Flowers\`,
		Downloads: 2, CreatedAt: unix(1530296738), UpdatedAt: unix(1530296738),
	}
	newsletterExport = Export{
		ID: 110, UserEmail: "person@email.com", DeduplicateID: "110:1530296738",
		Type: "deliveries", Status: ExportStatusPending, Description: "Deliveries of newsletter 7",
		CreatedAt: unix(1530296738), UpdatedAt: unix(1530296738),
	}
)

func TestExportsRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "CreateCustomersExport",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.CreateCustomersExport(ctx, ExportCustomersRequest{
					Filters:    And(InSegment(3), Or(Attribute("interest", Equals, "roadrunners"), Not(Attribute("churned", Exists, nil)))),
					Attributes: []string{"email", "plan"},
				})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/exports/customers",
				body:    `{"filters":{"and":[{"segment":{"id":3}},{"or":[{"attribute":{"field":"interest","operator":"eq","value":"roadrunners"}},{"not":{"attribute":{"field":"churned","operator":"exists"}}}]}]},"attributes":["email","plan"]}`,
				fixture: "export_get.json",
			},
			want: &flowersExport,
		},
		{
			name: "CreateDeliveriesExport of a newsletter",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{
					NewsletterID: 7, Start: unix(1690000000), End: unix(1700000000), Attributes: []string{"plan"},
					Metric: customerio.MetricOpened, Drafts: customerio.Ptr(false), TemplateID: 70,
				})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/exports/deliveries",
				body:    `{"newsletter_id":7,"start":1690000000,"end":1700000000,"attributes":["plan"],"metric":"opened","drafts":false,"template_id":70}`,
				fixture: "export_create.json",
			},
			want: &newsletterExport,
		},
		{
			name: "CreateDeliveriesExport of a transactional message sends only its id",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{TransactionalMessageID: 3})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/exports/deliveries", body: `{"transactional_message_id":3}`, fixture: "export_create.json"},
			want:     &newsletterExport,
		},
		{
			name:     "List",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Exports.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/exports", fixture: "export_list.json"},
			want:     []Export{flowersExport},
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Exports.Get(ctx, 110) },
			exchange: exchange{method: http.MethodGet, path: "/v1/exports/110", fixture: "export_get.json"},
			want:     &flowersExport,
		},
		{
			name:     "GetDownloadURL",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Exports.GetDownloadURL(ctx, 110) },
			exchange: exchange{method: http.MethodGet, path: "/v1/exports/110/download", fixture: "export_download.json"},
			want:     "https://exports.example.com/110.csv?signature=abc&expires=1530297638",
		},
	})
}

// TestGetDownloadURLWithoutURLIsADecodeError: an answer without the link is
// no link at all, and must not pass as an empty string.
func TestGetDownloadURLWithoutURLIsADecodeError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodGet, path: "/v1/exports/110/download", fixture: "export_download_empty.json"})
	_, err := srv.client().Exports.GetDownloadURL(t.Context(), 110)
	var de *customerio.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %v, want a *customerio.DecodeError", err)
	}
}

// TestCreateExportIsRetriedOnlyWithAllowRepeat: a create answered 503 may have
// started the export, so it is repeated only when the request opts in.
func TestCreateExportIsRetriedOnlyWithAllowRepeat(t *testing.T) {
	t.Parallel()
	failing := exchange{method: http.MethodPost, path: "/v1/exports/deliveries", body: `{"newsletter_id":7}`, status: http.StatusServiceUnavailable}
	ok := exchange{method: http.MethodPost, path: "/v1/exports/deliveries", body: `{"newsletter_id":7}`, fixture: "export_create.json"}
	strategy := customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 })))
	t.Run("without it", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, failing)
		_, err := srv.client(strategy).Exports.CreateDeliveriesExport(t.Context(), ExportDeliveriesRequest{NewsletterID: 7})
		if !errors.Is(err, customerio.ErrServerError) {
			t.Errorf("error %v, want a 503 *APIError", err)
		}
		if n := srv.calls.Load(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("with it", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, failing, ok)
		e, err := srv.client(strategy).Exports.CreateDeliveriesExport(t.Context(), ExportDeliveriesRequest{NewsletterID: 7}, AllowRepeat())
		if err != nil || e.ID != 110 {
			t.Fatalf("export %+v, error %v", e, err)
		}
		if n := srv.calls.Load(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("customers export with it", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t,
			exchange{method: http.MethodPost, path: "/v1/exports/customers", body: `{"filters":{"segment":{"id":3}}}`, status: http.StatusServiceUnavailable},
			exchange{method: http.MethodPost, path: "/v1/exports/customers", body: `{"filters":{"segment":{"id":3}}}`, fixture: "export_get.json"})
		if _, err := srv.client(strategy).Exports.CreateCustomersExport(t.Context(), ExportCustomersRequest{Filters: InSegment(3)}, AllowRepeat()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestExportsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"customers export without a filter", "filters", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateCustomersExport(ctx, ExportCustomersRequest{})
			return err
		}},
		{"customers export with a blank attribute", "attributes[1]", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateCustomersExport(ctx, ExportCustomersRequest{Filters: InSegment(1), Attributes: []string{"plan", " "}})
			return err
		}},
		{"deliveries export without a source", "", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{})
			return err
		}},
		{"deliveries export with two sources", "", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{NewsletterID: 1, CampaignID: 2})
			return err
		}},
		{"deliveries export with a negative action", "action_id", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{NewsletterID: 1, ActionID: -2})
			return err
		}},
		{"deliveries export with an unknown metric", "metric", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{NewsletterID: 1, Metric: "read"})
			return err
		}},
		{"deliveries export ending before it starts", "end", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{NewsletterID: 1, Start: unix(2000), End: unix(1000)})
			return err
		}},
		{"deliveries export with a negative template", "template_id", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.CreateDeliveriesExport(ctx, ExportDeliveriesRequest{NewsletterID: 1, TemplateID: -1})
			return err
		}},
		{"Get export 0", "export_id", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.Get(ctx, 0)
			return err
		}},
		{"GetDownloadURL export 0", "export_id", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.GetDownloadURL(ctx, 0)
			return err
		}},
		{"Wait export 0", "export_id", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.Wait(ctx, 0, PollOptions{})
			return err
		}},
		{"Wait with a negative interval", "Interval", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.Wait(ctx, 1, PollOptions{Interval: -1})
			return err
		}},
		{"Wait with a negative ceiling", "MaxInterval", func(ctx context.Context, c *Client) error {
			_, err := c.Exports.Wait(ctx, 1, PollOptions{MaxInterval: -1})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			assertValidation(t, tt.call(t.Context(), srv.client()), tt.field)
		})
	}
}
