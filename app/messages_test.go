package app

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

var springDelivery = Delivery{
	ID: "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=", DeduplicateID: "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=:1699999000",
	MessageTemplateID: 12, CustomerID: "42", CustomerIdentifiers: jane, Recipient: "jane@example.com",
	Subject: "Spring news", Type: "email", Created: unix(1699999000),
	Metrics:      map[string]time.Time{"sent": unix(1699999001), "opened": unix(1699999100)},
	NewsletterID: 7, ContentID: 70,
}

func TestMessagesRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "List with every filter",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.List(ctx, MessagesOptions{
					DeliveriesOptions: DeliveriesOptions{
						Start: "MTIy", Limit: customerio.Ptr(10), Metric: customerio.MetricOpened, Type: "email",
						Drafts: customerio.Ptr(false), StartTS: unix(1690000000), EndTS: unix(1700000000),
						GetTrackedResponses: customerio.Ptr(true),
					},
					CampaignID: 5, NewsletterID: 7, ActionID: 51,
				})
			},
			exchange: exchange{
				method: http.MethodGet, path: "/v1/messages",
				query:   "action_id=51&campaign_id=5&drafts=false&end_ts=1700000000&get_tracked_responses=true&limit=10&metric=opened&newsletter_id=7&start=MTIy&start_ts=1690000000&type=email",
				fixture: "message_list.json",
			},
			want: ListPage[Delivery]{Items: []Delivery{springDelivery}, Next: "MTIz"},
		},
		{
			name:     "List with nothing set sends no query",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Messages.List(ctx, MessagesOptions{}) },
			exchange: exchange{method: http.MethodGet, path: "/v1/messages", fixture: "message_list.json"},
			want:     ListPage[Delivery]{Items: []Delivery{springDelivery}, Next: "MTIz"},
		},
		{
			name: "Get escapes the id and asks for tracked responses",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.Get(ctx, "dgOq9wUAAXUZ/j0q+DwV=", GetMessageOptions{GetTrackedResponses: true})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/messages/dgOq9wUAAXUZ%2Fj0q%2BDwV=", query: "get_tracked_responses=true", fixture: "message_get.json"},
			want: &Delivery{
				ID: "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=", DeduplicateID: "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=:1699999000",
				MessageTemplateID: 12, CustomerID: "42", CustomerIdentifiers: jane, Recipient: "jane@example.com",
				Subject: "Spring news", Type: "in_app", Created: unix(1699999000),
				Metrics:    map[string]time.Time{"sent": unix(1699999001)},
				CampaignID: 5, ActionID: 51, ParentActionID: 50,
				TrackedResponses: json.RawMessage(`[{"question": "nps", "answer": 9}]`),
			},
		},
		{
			name: "GetArchived reads the documented example",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.GetArchived(ctx, "dgOq6QWq6QUBAAF4_CGoeVX7mFkDbRFu7ek=")
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/messages/dgOq6QWq6QUBAAF4_CGoeVX7mFkDbRFu7ek=/archived_message", fixture: "message_archived.json"},
			want: &ArchivedMessage{
				ID:   "dgOq6QWq6QUBAAF4_CGoeVX7mFkDbRFu7ek=",
				Body: `<!DOCTYPE html><html><head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"/><h1>Hello World</h1>\n\n</body></html>`,
				From: "sentFrom@example.com", ReplyTo: "replyto@example.com", Recipient: "person@example.com",
				Subject: "Did you get that thing I sent you?", CC: "string", BCC: "string", FakeBCC: true,
				PreheaderText: "string", URL: "https://example.com/webhook", RequestMethod: "POST",
				Headers: EmailHeaders{{Name: "X-Mailgun-Tag", Value: "my-cool-tag"}, {Name: "X-Custom-Header", Value: "custom-value"}},
			},
		},
	})
}

// TestAllMessagesWalksPages: All follows next until the last page, stops at a
// break, and yields an error once.
func TestAllMessagesWalksPages(t *testing.T) {
	t.Parallel()
	first := exchange{method: http.MethodGet, path: "/v1/messages", query: "newsletter_id=7", fixture: "message_list.json"}
	second := exchange{method: http.MethodGet, path: "/v1/messages", query: "newsletter_id=7&start=MTIz", fixture: "transactional_deliveries.json"}
	failing := exchange{method: http.MethodGet, path: "/v1/messages", query: "newsletter_id=7&start=MTIz", status: http.StatusNotFound}
	opts := MessagesOptions{NewsletterID: 7}
	t.Run("every page", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, first, second)
		var ids []string
		for d, err := range srv.client().Messages.All(t.Context(), opts) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID+"/"+d.Subject)
		}
		if want := []string{"dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=/Spring news", "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=/Your receipt"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("walked %v, want %v", ids, want)
		}
	})
	t.Run("early break", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, first)
		for range srv.client().Messages.All(t.Context(), opts) {
			break
		}
		if n := srv.calls.Load(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("error once", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, first, failing)
		var errs int
		for _, err := range srv.client().Messages.All(t.Context(), opts) {
			if err != nil {
				errs++
			}
		}
		if errs != 1 {
			t.Errorf("%d errors, want 1", errs)
		}
	})
}

func TestMessagesValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"List by state, which the route does not take", "state", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.List(ctx, MessagesOptions{DeliveriesOptions: DeliveriesOptions{State: "sent"}})
			return err
		}},
		{"List with an unknown type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.List(ctx, MessagesOptions{DeliveriesOptions: DeliveriesOptions{Type: "fax"}})
			return err
		}},
		{"List with a negative campaign", "campaign_id", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.List(ctx, MessagesOptions{CampaignID: -1})
			return err
		}},
		{"List with a negative newsletter", "newsletter_id", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.List(ctx, MessagesOptions{NewsletterID: -1})
			return err
		}},
		{"List with a negative action", "action_id", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.List(ctx, MessagesOptions{ActionID: -1})
			return err
		}},
		{"Get a blank id", "message_id", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.Get(ctx, " ", GetMessageOptions{})
			return err
		}},
		{"GetArchived a blank id", "message_id", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.GetArchived(ctx, "")
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
