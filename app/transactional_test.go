package app

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestTransactionalRoutes(t *testing.T) {
	t.Parallel()
	receipt := TransactionalMessage{
		ID: 3, Name: "Receipt", Description: "Sent after every purchase",
		SendToUnsubscribed: true, LinkTracking: true, OpenTracking: true,
		CreatedAt: unix(1680000000), UpdatedAt: unix(1690000000),
	}
	reset := TransactionalMessage{
		ID: 4, Name: "Password reset", SendToUnsubscribed: true, HideMessageBody: true,
		CreatedAt: unix(1680000100), UpdatedAt: unix(1680000100),
	}
	english := Content{
		ID: 301, DeduplicateID: "301:1690000000", Name: "Receipt", Type: "email",
		Layout: "<html>{{ content }}</html>", Subject: "Your receipt", Body: "<p>Thanks, {{ trigger.name }}</p>",
		PreheaderText: "Order {{ trigger.order_id }}", From: "Shop <shop@example.com>", FromID: 1,
		Recipient: "{{ customer.email }}", Preprocessor: "premailer",
		Headers: EmailHeaders{{Name: "X-Mailer", Value: "shop"}},
	}
	french := Content{
		ID: 302, DeduplicateID: "302:1690000000", Name: "Receipt (fr)", Type: "email", Language: "fr",
		Subject: "Votre reçu", Body: "<p>Merci</p>", From: "Shop <shop@example.com>", FromID: 1,
		Recipient: "{{ customer.email }}", Preprocessor: "premailer", Headers: EmailHeaders{},
	}
	frenchUpdated := french
	frenchUpdated.ReplyTo, frenchUpdated.ReplyToID, frenchUpdated.BCC, frenchUpdated.FakeBCC = "support@example.com", 2, "audit@example.com", true
	asJSON := func(raw json.RawMessage, err error) (any, error) {
		var v any
		if err == nil {
			err = json.Unmarshal(raw, &v)
		}
		return v, err
	}
	testRoutes(t, []route{
		{
			name:     "List",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Transactional.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional", fixture: "transactional_list.json"},
			want:     []TransactionalMessage{receipt, reset},
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Transactional.Get(ctx, 3) },
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/3", fixture: "transactional_get.json"},
			want:     &receipt,
		},
		{
			name:     "ListContents",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Transactional.ListContents(ctx, 3) },
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/3/contents", fixture: "transactional_contents.json"},
			want:     []Content{english, french},
		},
		{
			name:     "GetContent",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Transactional.GetContent(ctx, 3, 302) },
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/3/contents/302", fixture: "transactional_content.json"},
			want:     &frenchUpdated,
		},
		{
			name: "UpdateContent uses the singular path",
			call: func(ctx context.Context, c *Client) (any, error) {
				return asJSON(c.Transactional.UpdateContent(ctx, 3, 302, ContentUpdate{
					Subject: customerio.Ptr("Votre nouveau reçu"), Body: customerio.Ptr("<p>Merci beaucoup</p>"), PreheaderText: customerio.Ptr(""),
					FromID: customerio.Ptr(1), Headers: []EmailHeader{{Name: "X-Mailer", Value: "shop"}},
				}))
			},
			exchange: exchange{
				method: http.MethodPut, path: "/v1/transactional/3/content/302",
				body:    `{"subject":"Votre nouveau reçu","body":"<p>Merci beaucoup</p>","preheader_text":"","from_id":1,"headers":[{"name":"X-Mailer","value":"shop"}]}`,
				fixture: "transactional_update_content.json",
			},
			want: map[string]any{"content": map[string]any{"id": 302.0, "subject": "Votre nouveau reçu", "body": "<p>Merci beaucoup</p>", "language": "fr"}},
		},
		{
			name: "UpdateContent with nothing set sends {}",
			call: func(ctx context.Context, c *Client) (any, error) {
				return asJSON(c.Transactional.UpdateContent(ctx, 3, 302, ContentUpdate{}))
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/transactional/3/content/302", body: `{}`, fixture: "transactional_update_content.json"},
			want:     map[string]any{"content": map[string]any{"id": 302.0, "subject": "Votre nouveau reçu", "body": "<p>Merci beaucoup</p>", "language": "fr"}},
		},
		{
			name: "GetVariant",
			call: func(ctx context.Context, c *Client) (any, error) {
				return asJSON(c.Transactional.GetVariant(ctx, 3, "pt-BR"))
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/3/language/pt-BR", fixture: "transactional_variant.json"},
			want:     map[string]any{"content": map[string]any{"id": 302.0, "language": "fr", "subject": "Votre reçu"}},
		},
		{
			name: "UpdateVariant",
			call: func(ctx context.Context, c *Client) (any, error) {
				return asJSON(c.Transactional.UpdateVariant(ctx, 3, "fr", ContentUpdate{Subject: customerio.Ptr("Votre reçu"), ReplyToID: customerio.Ptr(2), Headers: []EmailHeader{}}))
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/transactional/3/language/fr", body: `{"subject":"Votre reçu","reply_to_id":2,"headers":[]}`, fixture: "transactional_variant.json"},
			want:     map[string]any{"content": map[string]any{"id": 302.0, "language": "fr", "subject": "Votre reçu"}},
		},
		{
			name: "GetMetrics",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Transactional.GetMetrics(ctx, 3, MetricsOptions{Period: PeriodWeeks, Steps: customerio.Ptr(3)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/3/metrics", query: "period=weeks&steps=3", fixture: "transactional_metrics.json"},
			want: &Metrics{Series: map[string][]int64{
				"attempted": {10, 12, 9}, "sent": {10, 12, 9}, "delivered": {10, 11, 9},
				"opened": {4, 7, 3}, "clicked": {1, 2, 0}, "bounced": {0, 1, 0},
			}},
		},
		{
			name: "GetLinkMetrics sends unique=false when set",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Transactional.GetLinkMetrics(ctx, 3, LinkMetricsOptions{Period: PeriodDays, Unique: customerio.Ptr(false)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/3/metrics/links", query: "period=days&unique=false", fixture: "transactional_links.json"},
			want: []LinkMetrics{
				{Link: Link{ID: 91, Href: "https://example.com/orders/{{ trigger.order_id }}"}, Metric: Metrics{Series: map[string][]int64{"clicked": {1, 0, 2}}}},
				{Link: Link{ID: 92, Href: "mailto:help@example.com"}, Metric: Metrics{Series: map[string][]int64{"clicked": {0, 0, 1}}}},
			},
		},
		{
			name: "ListDeliveries",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Transactional.ListDeliveries(ctx, 3, DeliveriesOptions{
					Start: "c2", Limit: customerio.Ptr(25), Metric: "clicked", State: "sent",
					StartTS: unix(1690000000), EndTS: unix(1700000000), GetTrackedResponses: customerio.Ptr(true),
				})
			},
			exchange: exchange{
				method: http.MethodGet, path: "/v1/transactional/3/messages",
				query:   "end_ts=1700000000&get_tracked_responses=true&limit=25&metric=clicked&start=c2&start_ts=1690000000&state=sent",
				fixture: "transactional_deliveries.json",
			},
			want: ListPage[Delivery]{Items: []Delivery{{
				ID:                  "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=",
				DeduplicateID:       "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=:1699999000",
				MessageTemplateID:   3,
				CustomerIdentifiers: customerio.Identifiers{Email: "jane@example.com", CIOID: "a3000001"},
				Recipient:           "jane@example.com",
				Subject:             "Your receipt",
				Type:                "email",
				Created:             unix(1699999000),
				Metrics:             map[string]time.Time{"sent": unix(1699999001), "clicked": unix(1699999300)},
				Forgotten:           true,
				TrackedResponses:    json.RawMessage(`[{"question": "nps", "answer": 9}]`),
			}}},
		},
	})
}

func TestTransactionalValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Get template 0", "transactional_id", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.Get(ctx, 0)
			return err
		}},
		{"ListContents template 0", "transactional_id", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.ListContents(ctx, 0)
			return err
		}},
		{"GetContent content 0", "content_id", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.GetContent(ctx, 3, 0)
			return err
		}},
		{"UpdateContent content 0", "content_id", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.UpdateContent(ctx, 3, 0, ContentUpdate{})
			return err
		}},
		{"GetVariant blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.GetVariant(ctx, 3, "")
			return err
		}},
		{"UpdateVariant blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.UpdateVariant(ctx, 3, "", ContentUpdate{Subject: customerio.Ptr("x")})
			return err
		}},
		{"GetMetrics unknown period", "period", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.GetMetrics(ctx, 3, MetricsOptions{Period: "fortnights"})
			return err
		}},
		{"GetLinkMetrics negative steps", "steps", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.GetLinkMetrics(ctx, 3, LinkMetricsOptions{Steps: customerio.Ptr(-2)})
			return err
		}},
		{"ListDeliveries unknown metric", "metric", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.ListDeliveries(ctx, 3, DeliveriesOptions{Metric: "read"})
			return err
		}},
		{"ListDeliveries template 0", "transactional_id", func(ctx context.Context, c *Client) error {
			_, err := c.Transactional.ListDeliveries(ctx, 0, DeliveriesOptions{})
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
