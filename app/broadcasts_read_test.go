package app

import (
	"context"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestBroadcastsReadAndActionRoutes(t *testing.T) {
	t.Parallel()
	launch := Broadcast{
		ID: 2, DeduplicateID: "2:1520467200", Name: "basic", Type: "triggered_broadcast", Active: true, State: "running",
		Actions: []ActionRef{{ID: 3, Type: "email"}}, Tags: []string{"launch"}, CreatedBy: "ExamplePerson",
		Created: unix(1520467200), Updated: unix(1520467300), FirstStarted: unix(1520467400),
	}
	update := ContentUpdate{Subject: customerio.Ptr("Ya está aquí"), ReplyToID: customerio.Ptr(4)}
	const updateBody = `{"subject":"Ya está aquí","reply_to_id":4}`
	metrics := &Metrics{Series: map[string][]int64{"sent": {3, 5}, "opened": {1, 2}, "clicked": {0, 1}}}
	links := []LinkMetrics{{Link: Link{ID: 7, Href: "https://example.com/start"}, Metric: Metrics{Series: map[string][]int64{"clicked": {0, 2}}}}}
	testRoutes(t, []route{
		{
			name:     "List reads the placeholder tags of the spec's example as none",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Broadcasts.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts", fixture: "broadcast_list.json"},
			want: []Broadcast{{
				ID: 2, DeduplicateID: "2:1520467200", Name: "basic", Type: "triggered_broadcast", Active: true, State: "running",
				Actions: []ActionRef{{ID: 3, Type: "email"}, {ID: 4}, {Type: "webhook"}}, CreatedBy: "ExamplePerson",
				Created: unix(1520467200), Updated: unix(1520467200), FirstStarted: unix(1520467200),
			}},
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Broadcasts.Get(ctx, 2) },
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2", fixture: "broadcast_get.json"},
			want:     &launch,
		},
		{
			name: "ListDeliveries filters by state and type",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.ListDeliveries(ctx, 2, DeliveriesOptions{State: "failed", Type: "email", Metric: customerio.MetricSent, Limit: customerio.Ptr(5)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/messages", query: "limit=5&metric=sent&state=failed&type=email", fixture: "broadcast_deliveries.json"},
			want: ListPage[Delivery]{Items: []Delivery{{
				ID: "bd-1", BroadcastID: 2, ActionID: 3, Type: "email", Recipient: "jane@example.com", Created: unix(1700000000),
				Metrics: map[string]time.Time{"sent": unix(1700000001), "failed": unix(1700000002)}, FailureMessage: "mailbox full",
			}}},
		},
		{
			name:     "ListActions",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Broadcasts.ListActions(ctx, 2) },
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/actions", fixture: "broadcast_actions.json"},
			want:     []Action{{ID: 3, BroadcastID: 2, Name: "Launch email", Type: "email", Subject: "It's here", Headers: EmailHeaders{}, Created: unix(1520467200), Updated: unix(1520467200)}},
		},
		{
			name:     "GetAction",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Broadcasts.GetAction(ctx, 2, 96) },
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/actions/96", fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name: "UpdateAction",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.UpdateAction(ctx, 2, 96, update)
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/broadcasts/2/actions/96", body: updateBody, fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name: "GetActionTranslation",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.GetActionTranslation(ctx, 2, 96, "es")
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/actions/96/language/es", fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name: "UpdateActionTranslation",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.UpdateActionTranslation(ctx, 2, 96, "es", update)
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/broadcasts/2/actions/96/language/es", body: updateBody, fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name: "GetMetrics sends type",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.GetMetrics(ctx, 2, MetricsOptions{Period: PeriodDays, Steps: customerio.Ptr(2), Type: "email"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/metrics", query: "period=days&steps=2&type=email", fixture: "campaign_metrics.json"},
			want:     metrics,
		},
		{
			name: "GetActionMetrics",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.GetActionMetrics(ctx, 2, 3, MetricsOptions{Type: "in_app"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/actions/3/metrics", query: "type=in_app", fixture: "campaign_metrics.json"},
			want:     &ActionMetrics{Metric: *metrics},
		},
		{
			name: "GetLinkMetrics sends unique",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.GetLinkMetrics(ctx, 2, LinkMetricsOptions{Unique: customerio.Ptr(true)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/metrics/links", query: "unique=true", fixture: "campaign_links.json"},
			want:     links,
		},
		{
			name: "GetActionLinkMetrics sends type",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.GetActionLinkMetrics(ctx, 2, 3, LinkMetricsOptions{Period: PeriodMonths, Type: "push"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/actions/3/metrics/links", query: "period=months&type=push", fixture: "campaign_links.json"},
			want:     links,
		},
		{
			name:     "ListTriggers",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Broadcasts.ListTriggers(ctx, 2) },
			exchange: exchange{method: http.MethodGet, path: "/v1/broadcasts/2/triggers", fixture: "broadcast_triggers.json"},
			want: []Trigger{
				{ID: 1, BroadcastID: 2, CreatedAt: unix(1552341937), ProcessedAt: unix(1552341940)},
				{ID: 2, BroadcastID: 2, CreatedAt: unix(1552342000)},
			},
		},
	})
}

func TestBroadcastsReadAndActionValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Get broadcast 0", "broadcast_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.Get(ctx, 0)
			return err
		}},
		{"ListDeliveries refuses drafts", "drafts", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.ListDeliveries(ctx, 2, DeliveriesOptions{Drafts: customerio.Ptr(true)})
			return err
		}},
		{"ListDeliveries unknown state", "state", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.ListDeliveries(ctx, 2, DeliveriesOptions{State: "lost"})
			return err
		}},
		{"ListActions broadcast 0", "broadcast_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.ListActions(ctx, 0)
			return err
		}},
		{"GetAction action 0", "action_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.GetAction(ctx, 2, 0)
			return err
		}},
		{"UpdateAction action 0", "action_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.UpdateAction(ctx, 2, 0, ContentUpdate{})
			return err
		}},
		{"GetActionTranslation blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.GetActionTranslation(ctx, 2, 3, "")
			return err
		}},
		{"UpdateActionTranslation blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.UpdateActionTranslation(ctx, 2, 3, "\t", ContentUpdate{})
			return err
		}},
		{"GetMetrics unknown type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.GetMetrics(ctx, 2, MetricsOptions{Type: "fax"})
			return err
		}},
		{"GetActionMetrics unknown period", "period", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.GetActionMetrics(ctx, 2, 3, MetricsOptions{Period: "years"})
			return err
		}},
		{"GetLinkMetrics refuses type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.GetLinkMetrics(ctx, 2, LinkMetricsOptions{Type: "email"})
			return err
		}},
		{"GetActionLinkMetrics refuses unique", "unique", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.GetActionLinkMetrics(ctx, 2, 3, LinkMetricsOptions{Unique: customerio.Ptr(true)})
			return err
		}},
		{"ListTriggers broadcast 0", "broadcast_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.ListTriggers(ctx, 0)
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

func TestBroadcastsAllDeliveriesWalksPages(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/broadcasts/2/messages", query: "state=sent", fixture: "campaign_deliveries.json"},
		exchange{method: http.MethodGet, path: "/v1/broadcasts/2/messages", query: "start=bmV4dA%3D%3D&state=sent", fixture: "broadcast_deliveries.json"},
	)
	var ids []string
	for d, err := range srv.client().Broadcasts.AllDeliveries(t.Context(), 2, DeliveriesOptions{State: "sent"}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if len(ids) != 2 || ids[1] != "bd-1" {
		t.Errorf("walked %v, want two deliveries ending with bd-1", ids)
	}
}
