package app

import (
	"context"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// specAction is the action of campaign_action.json, Customer.io's example.
var specAction = Action{
	ID: 96, CampaignID: 5, ParentActionID: 95, MultiLanguageBranchActionID: 95,
	DeduplicateID: "15:1492548073", Name: "Opening Message", Type: "email", SendingState: "automatic",
	Language: "fr", Layout: "string", Subject: "Did you get that thing I sent you?", Body: "<p>Hello</p>",
	BodyAMP: "<amp/>", PreheaderText: "Open me", From: "sentFrom@example.com", FromID: 1,
	ReplyTo: "replyto@example.com", ReplyToID: 38, Recipient: "{{customer.email}}",
	CC: "cc@example.com", BCC: "bcc@example.com", FakeBCC: true, Preprocessor: "premailer",
	Headers: EmailHeaders{{Name: "X-Campaign", Value: "welcome"}},
	Created: unix(1552341937), Updated: unix(1552341937),
}

func TestCampaignsRoutes(t *testing.T) {
	t.Parallel()
	welcome := Campaign{
		ID: 5, DeduplicateID: "15:1492548073", Name: "Trial welcome", Description: "Sends a welcome series to new trial signups.",
		Active: true, State: "running", Actions: []ActionRef{{ID: 259, Type: "email"}}, Tags: []string{"new", "welcome"},
		TriggerSegmentIDs: []int{90}, FilterSegmentIDs: []int{21, 42},
		Created: unix(1552341937), Updated: unix(1552341937), FirstStarted: unix(1552341937),
	}
	cancelled := Campaign{
		ID: 6, DeduplicateID: "6:1552341999", Name: "Cancelled", Type: "event", EventName: "subscription_cancelled",
		State: "stopped", Actions: []ActionRef{}, Created: unix(1552341999), Updated: unix(1552341999),
	}
	update := ContentUpdate{Subject: customerio.Ptr("Hi"), Body: customerio.Ptr("<p>Hi</p>"), BodyPlain: customerio.Ptr(""), FromID: customerio.Ptr(2), Headers: EmailHeaders{}}
	const updateBody = `{"subject":"Hi","body":"<p>Hi</p>","body_plain":"","from_id":2,"headers":[]}`
	metrics := &Metrics{Series: map[string][]int64{"sent": {3, 5}, "opened": {1, 2}, "clicked": {0, 1}}}
	actionMetrics := &ActionMetrics{
		Metric: Metrics{Series: map[string][]int64{"sent": {4, 6}, "opened": {2, 3}}},
		LanguageVariants: map[string]Metrics{
			"en": {Series: map[string][]int64{"sent": {3, 4}, "opened": {2, 2}}},
			"fr": {Series: map[string][]int64{"sent": {1, 2}, "opened": {0, 1}}},
		},
	}
	links := []LinkMetrics{{Link: Link{ID: 7, Href: "https://example.com/start"}, Metric: Metrics{Series: map[string][]int64{"clicked": {0, 2}}}}}
	window := CampaignMetricsOptions{Res: ResolutionDays, TZ: "America/New_York", Start: unix(1700000000), End: unix(1700172800), Type: "email"}
	const windowQuery = "end=1700172800&res=days&start=1700000000&type=email&tz=America%2FNew_York&version=2"
	testRoutes(t, []route{
		{
			name:     "List",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns", fixture: "campaign_list.json"},
			want:     []Campaign{welcome, cancelled},
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.Get(ctx, 5) },
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5", fixture: "campaign_get.json"},
			want:     &welcome,
		},
		{
			name: "ListDeliveries filters by type and drafts",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.ListDeliveries(ctx, 5, DeliveriesOptions{
					Start: "c1", Limit: customerio.Ptr(10), Type: "email", Metric: customerio.MetricSent,
					Drafts: customerio.Ptr(false), StartTS: unix(1690000000), EndTS: unix(1700000000), GetTrackedResponses: customerio.Ptr(true),
				})
			},
			exchange: exchange{
				method: http.MethodGet, path: "/v1/campaigns/5/messages",
				query:   "drafts=false&end_ts=1700000000&get_tracked_responses=true&limit=10&metric=sent&start=c1&start_ts=1690000000&type=email",
				fixture: "campaign_deliveries.json",
			},
			want: ListPage[Delivery]{Items: []Delivery{{
				ID: "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=", DeduplicateID: "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=:1699999000",
				CustomerID: "42", CustomerIdentifiers: customerio.Identifiers{ID: "42", Email: "jane@example.com", CIOID: "a3000001"},
				Recipient: "jane@example.com", Subject: "Welcome", Type: "email", Created: unix(1699999000),
				Metrics: map[string]time.Time{"sent": unix(1699999001)}, CampaignID: 5, ActionID: 96, ParentActionID: 95,
			}}, Next: "bmV4dA=="},
		},
		{
			name:     "ListActions sends start and no limit",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.ListActions(ctx, 5, "MTA=") },
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions", query: "start=MTA%3D", fixture: "campaign_actions_page2.json"},
			want:     ListPage[Action]{Items: []Action{{ID: 97, CampaignID: 5, Name: "Notify CRM", Type: "webhook", Created: unix(1552341938), Updated: unix(1552341938)}}},
		},
		{
			name:     "GetAction decodes the spec's example",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.GetAction(ctx, 5, 96) },
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions/96", fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name:     "UpdateAction",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.UpdateAction(ctx, 5, 96, update) },
			exchange: exchange{method: http.MethodPut, path: "/v1/campaigns/5/actions/96", body: updateBody, fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name: "UpdateAction with nothing set sends {}",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.UpdateAction(ctx, 5, 96, ContentUpdate{})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/campaigns/5/actions/96", body: `{}`, fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name: "GetActionTranslation escapes the language",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.GetActionTranslation(ctx, 5, 96, "pt/BR")
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions/96/language/pt%2FBR", fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name: "UpdateActionTranslation",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.UpdateActionTranslation(ctx, 5, 96, "fr", update)
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/campaigns/5/actions/96/language/fr", body: updateBody, fixture: "campaign_action.json"},
			want:     &specAction,
		},
		{
			name:     "GetMetrics sends version 2 and its window",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.GetMetrics(ctx, 5, window) },
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/metrics", query: windowQuery, fixture: "campaign_metrics.json"},
			want:     metrics,
		},
		{
			name: "GetMetricsV1 sends version 1 with period, steps and type",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.GetMetricsV1(ctx, 5, MetricsOptions{Period: PeriodWeeks, Steps: customerio.Ptr(2), Type: "push"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/metrics", query: "period=weeks&steps=2&type=push&version=1", fixture: "campaign_metrics.json"},
			want:     metrics,
		},
		{
			name: "GetActionMetrics reads the language breakdown",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.GetActionMetrics(ctx, 5, 95, window)
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions/95/metrics", query: windowQuery, fixture: "campaign_action_metrics.json"},
			want:     actionMetrics,
		},
		{
			name: "GetActionMetricsV1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.GetActionMetricsV1(ctx, 5, 95, MetricsOptions{Period: PeriodDays, Steps: customerio.Ptr(0)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions/95/metrics", query: "period=days&steps=0&version=1", fixture: "campaign_action_metrics.json"},
			want:     actionMetrics,
		},
		{
			name: "GetLinkMetrics sends unique",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.GetLinkMetrics(ctx, 5, LinkMetricsOptions{Period: PeriodHours, Steps: customerio.Ptr(2), Unique: customerio.Ptr(true)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/metrics/links", query: "period=hours&steps=2&unique=true", fixture: "campaign_links.json"},
			want:     links,
		},
		{
			name: "GetActionLinkMetrics sends type and unique",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.GetActionLinkMetrics(ctx, 5, 96, LinkMetricsOptions{Type: "email", Unique: customerio.Ptr(false)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions/96/metrics/links", query: "type=email&unique=false", fixture: "campaign_links.json"},
			want:     links,
		},
		{
			name: "GetJourneyMetrics sends start, end and resolution",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.GetJourneyMetrics(ctx, 5, JourneyMetricsOptions{Start: unix(1700000000), End: unix(1700086400), Res: "daily"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/5/journey_metrics", query: "end=1700086400&resolution=daily&start=1700000000", fixture: "campaign_journey_metrics.json"},
			want: &JourneyMetrics{Series: map[string][]int64{
				"started": {4, 2}, "activated": {4, 2}, "messaged": {3, 2}, "converted": {1, 0},
				"exited_early": {0, 1}, "finished": {2, 0}, "never_activated": {0, 0},
			}},
		},
	})
}

func TestCampaignsValidation(t *testing.T) {
	t.Parallel()
	ok := CampaignMetricsOptions{Res: ResolutionDays}
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Get campaign 0", "campaign_id", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.Get(ctx, 0)
			return err
		}},
		{"ListDeliveries refuses state", "state", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.ListDeliveries(ctx, 5, DeliveriesOptions{State: "sent"})
			return err
		}},
		{"ListDeliveries unknown type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.ListDeliveries(ctx, 5, DeliveriesOptions{Type: "fax"})
			return err
		}},
		{"ListActions campaign -1", "campaign_id", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.ListActions(ctx, -1, "")
			return err
		}},
		{"GetAction action 0", "action_id", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetAction(ctx, 5, 0)
			return err
		}},
		{"UpdateAction action 0", "action_id", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.UpdateAction(ctx, 5, 0, ContentUpdate{})
			return err
		}},
		{"GetActionTranslation blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetActionTranslation(ctx, 5, 96, " ")
			return err
		}},
		{"UpdateActionTranslation blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.UpdateActionTranslation(ctx, 5, 96, "", ContentUpdate{})
			return err
		}},
		{"GetMetrics without res", "res", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetMetrics(ctx, 5, CampaignMetricsOptions{})
			return err
		}},
		{"GetMetrics unknown res", "res", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetMetrics(ctx, 5, CampaignMetricsOptions{Res: "fortnights"})
			return err
		}},
		{"GetMetrics end before start", "end", func(ctx context.Context, c *Client) error {
			o := ok
			o.Start, o.End = unix(1700000000), unix(1690000000)
			_, err := c.Campaigns.GetMetrics(ctx, 5, o)
			return err
		}},
		{"GetMetrics unknown type", "type", func(ctx context.Context, c *Client) error {
			o := ok
			o.Type = "fax"
			_, err := c.Campaigns.GetMetrics(ctx, 5, o)
			return err
		}},
		{"GetMetricsV1 unknown period", "period", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetMetricsV1(ctx, 5, MetricsOptions{Period: "fortnights"})
			return err
		}},
		{"GetActionMetrics action 0", "action_id", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetActionMetrics(ctx, 5, 0, ok)
			return err
		}},
		{"GetActionMetricsV1 refuses type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetActionMetricsV1(ctx, 5, 96, MetricsOptions{Type: "email"})
			return err
		}},
		{"GetLinkMetrics refuses type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetLinkMetrics(ctx, 5, LinkMetricsOptions{Type: "email"})
			return err
		}},
		{"GetActionLinkMetrics negative steps", "steps", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetActionLinkMetrics(ctx, 5, 96, LinkMetricsOptions{Steps: customerio.Ptr(-1)})
			return err
		}},
		{"GetJourneyMetrics without start", "start", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetJourneyMetrics(ctx, 5, JourneyMetricsOptions{End: unix(1700000000), Res: ResolutionDays})
			return err
		}},
		{"GetJourneyMetrics without end", "end", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetJourneyMetrics(ctx, 5, JourneyMetricsOptions{Start: unix(1700000000), Res: ResolutionDays})
			return err
		}},
		{"GetJourneyMetrics without res", "resolution", func(ctx context.Context, c *Client) error {
			_, err := c.Campaigns.GetJourneyMetrics(ctx, 5, JourneyMetricsOptions{Start: unix(1700000000), End: unix(1700086400)})
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

// TestCampaignsAllActionsWalksStartCursors pins the actions list's paging: the
// route takes start only, so every page after the first carries just the
// cursor, and the walk ends on an empty next.
func TestCampaignsAllActionsWalksStartCursors(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions", fixture: "campaign_actions_page1.json"},
		exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions", query: "start=MTA%3D", fixture: "campaign_actions_page2.json"},
	)
	var ids []int
	for a, err := range srv.client().Campaigns.AllActions(t.Context(), 5, "") {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if len(ids) != 2 || ids[0] != 96 || ids[1] != 97 {
		t.Errorf("walked %v, want [96 97]", ids)
	}
}

func TestCampaignsAllActionsStopsOnBreak(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodGet, path: "/v1/campaigns/5/actions", fixture: "campaign_actions_page1.json"})
	for range srv.client().Campaigns.AllActions(t.Context(), 5, "") {
		break
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d requests after an early break, want 1", n)
	}
}

func TestCampaignsAllDeliveriesReportsAnErrorOnce(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/campaigns/5/messages", query: "type=email", fixture: "campaign_deliveries.json"},
		exchange{method: http.MethodGet, path: "/v1/campaigns/5/messages", query: "start=bmV4dA%3D%3D&type=email", status: http.StatusNotFound},
	)
	var items, errs int
	for _, err := range srv.client().Campaigns.AllDeliveries(t.Context(), 5, DeliveriesOptions{Type: "email"}) {
		if err != nil {
			errs++
			continue
		}
		items++
	}
	if items != 1 || errs != 1 {
		t.Errorf("%d items and %d errors, want 1 and 1", items, errs)
	}
}
