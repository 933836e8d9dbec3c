package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// email is a valid email message for newsletters built in validation tests.
func email() *NewsletterEmail { return &NewsletterEmail{Subject: "Hi", Body: "<p>Hi</p>"} }

func TestNewsletterValidation(t *testing.T) {
	t.Parallel()
	create := func(n NewNewsletter) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Create(ctx, n)
			return err
		}
	}
	valid := func(edit func(*NewNewsletter)) NewNewsletter {
		n := NewNewsletter{Name: "Weekly", Recipients: InSegment(7), Email: email()}
		edit(&n)
		return n
	}
	past := time.Now().Add(-time.Hour)
	future := time.Now().Add(time.Hour)
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"List unknown sort", "sort", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.List(ctx, NewsletterListOptions{Sort: "newest"})
			return err
		}},
		{"List negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.List(ctx, NewsletterListOptions{Limit: customerio.Ptr(-1)})
			return err
		}},
		{"Get newsletter 0", "newsletter_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Get(ctx, 0)
			return err
		}},
		{"Delete newsletter -1", "newsletter_id", func(ctx context.Context, c *Client) error {
			return c.Newsletters.Delete(ctx, -1)
		}},
		{"Create blank name", "name", create(valid(func(n *NewNewsletter) { n.Name = " " }))},
		{"Create name over 190 characters", "name", create(valid(func(n *NewNewsletter) { n.Name = strings.Repeat("é", 191) }))},
		{"Create without recipients", "recipients", create(valid(func(n *NewNewsletter) { n.Recipients = Filter{} }))},
		{"Create with a segment 0 recipient", "recipients.or[1].segment.id", create(valid(func(n *NewNewsletter) { n.Recipients = Or(InSegment(1), InSegment(0)) }))},
		{"Create send_now and scheduled_at", "scheduled_at", create(valid(func(n *NewNewsletter) { n.SendNow, n.ScheduledAt = true, future }))},
		{"Create scheduled in the past", "scheduled_at", create(valid(func(n *NewNewsletter) { n.ScheduledAt = past }))},
		{"Create without a channel", "type", create(valid(func(n *NewNewsletter) { n.Email = nil }))},
		{"Create with two channels", "type", create(valid(func(n *NewNewsletter) { n.SMS = &NewsletterSMS{Body: "hi"} }))},
		{"Create email without subject", "subject", create(valid(func(n *NewNewsletter) { n.Email.Subject = "" }))},
		{"Create email without body", "body", create(valid(func(n *NewNewsletter) { n.Email.Body = "" }))},
		{"Create email with from and from_id", "from_id", create(valid(func(n *NewNewsletter) { n.Email.From, n.Email.FromID = "a@example.com", 3 }))},
		{"Create SMS without body", "body", create(valid(func(n *NewNewsletter) { n.Email, n.SMS = nil, &NewsletterSMS{} }))},
		{"Create push with neither subject nor body", "body", create(valid(func(n *NewNewsletter) { n.Email, n.Push = nil, &NewsletterPush{} }))},
		{"Create in-app without body_json", "body_json", create(valid(func(n *NewNewsletter) { n.Email, n.InApp = nil, &NewsletterInApp{} }))},
		{"Create inbox with a body_json that is not JSON", "body_json", create(valid(func(n *NewNewsletter) {
			n.Email, n.Inbox = nil, &NewsletterInbox{BodyJSON: json.RawMessage(`{"topics":`)}
		}))},
		{"Create webhook with an unknown method", "request_method", create(valid(func(n *NewNewsletter) {
			n.Email, n.Webhook = nil, &NewsletterWebhook{Body: "{}", RequestMethod: "post", URL: "https://example.com"}
		}))},
		{"Create webhook with a relative url", "url", create(valid(func(n *NewNewsletter) {
			n.Email, n.Webhook = nil, &NewsletterWebhook{Body: "{}", RequestMethod: "POST", URL: "/hook"}
		}))},
		{"Create rate without period", "rate_limit_time_period", create(valid(func(n *NewNewsletter) { n.RateLimit = &RateLimit{Messages: 10} }))},
		{"Create period without rate", "rate_limit_email_rate", create(valid(func(n *NewNewsletter) { n.RateLimit = &RateLimit{Period: PerDay} }))},
		{"Create unknown period", "rate_limit_time_period", create(valid(func(n *NewNewsletter) { n.RateLimit = &RateLimit{Messages: 10, Period: 120} }))},
		{"Send newsletter 0", "newsletter_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Send(ctx, 0, nil)
			return err
		}},
		{"Send negative rate", "rate_limit_email_rate", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Send(ctx, 1, &RateLimit{Messages: -5, Period: PerMinute})
			return err
		}},
		{"Schedule in the past", "scheduled_at", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Schedule(ctx, 1, NewsletterSchedule{At: past, Timezone: "UTC"})
			return err
		}},
		{"Schedule without timezone", "timezone", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Schedule(ctx, 1, NewsletterSchedule{At: future})
			return err
		}},
		{"GetContent content 0", "content_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetContent(ctx, 1, 0)
			return err
		}},
		{"UpdateContent from_id 0", "from_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.UpdateContent(ctx, 1, 2, ContentUpdate{FromID: customerio.Ptr(0)})
			return err
		}},
		{"CreateLanguage blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateLanguage(ctx, 1, NewsletterTranslation{SMS: &NewsletterSMS{Body: "hola"}})
			return err
		}},
		{"CreateLanguage without a channel", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateLanguage(ctx, 1, NewsletterTranslation{Language: "es"})
			return err
		}},
		{"CreateLanguage email without subject", "subject", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateLanguage(ctx, 1, NewsletterTranslation{Language: "es", Email: &NewsletterEmailTranslation{Body: "x"}})
			return err
		}},
		{"CreateLanguage webhook without body", "body", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateLanguage(ctx, 1, NewsletterTranslation{Language: "es", Webhook: &NewsletterWebhookTranslation{}})
			return err
		}},
		{"GetLanguage blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetLanguage(ctx, 1, "")
			return err
		}},
		{"UpdateLanguage blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.UpdateLanguage(ctx, 1, "", ContentUpdate{})
			return err
		}},
		{"DeleteLanguage blank language", "language", func(ctx context.Context, c *Client) error {
			return c.Newsletters.DeleteLanguage(ctx, 1, " ")
		}},
		{"CreateTestGroup newsletter 0", "newsletter_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateTestGroup(ctx, 0)
			return err
		}},
		{"ListTestGroups newsletter 0", "newsletter_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.ListTestGroups(ctx, 0)
			return err
		}},
		{"CreateTestGroupLanguage blank group", "test_group_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateTestGroupLanguage(ctx, 1, "", NewsletterTranslation{Language: "es", SMS: &NewsletterSMS{Body: "hola"}})
			return err
		}},
		{"GetTestGroupLanguage blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetTestGroupLanguage(ctx, 1, "0", "")
			return err
		}},
		{"UpdateTestGroupLanguage blank group", "test_group_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.UpdateTestGroupLanguage(ctx, 1, "", "fr", ContentUpdate{})
			return err
		}},
		{"DeleteTestGroupLanguage blank group", "test_group_id", func(ctx context.Context, c *Client) error {
			return c.Newsletters.DeleteTestGroupLanguage(ctx, 1, "", "fr")
		}},
		{"ListDeliveries refuses state", "state", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.ListDeliveries(ctx, 1, DeliveriesOptions{State: "sent"})
			return err
		}},
		{"ListDeliveries refuses type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.ListDeliveries(ctx, 1, DeliveriesOptions{Type: "email"})
			return err
		}},
		{"ListDeliveries refuses drafts", "drafts", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.ListDeliveries(ctx, 1, DeliveriesOptions{Drafts: customerio.Ptr(true)})
			return err
		}},
		{"GetMetrics unknown type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetMetrics(ctx, 1, MetricsOptions{Type: "fax"})
			return err
		}},
		{"GetMetrics refuses slack, not a newsletter channel", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetMetrics(ctx, 1, MetricsOptions{Type: "slack"})
			return err
		}},
		{"GetContentLinkMetrics unknown type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetContentLinkMetrics(ctx, 1, 2, LinkMetricsOptions{Type: "fax"})
			return err
		}},
		{"GetLinkMetrics refuses type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetLinkMetrics(ctx, 1, LinkMetricsOptions{Type: "email"})
			return err
		}},
		{"GetContentMetrics content 0", "content_id", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetContentMetrics(ctx, 1, 0, MetricsOptions{})
			return err
		}},
		{"GetContentLinkMetrics refuses unique", "unique", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.GetContentLinkMetrics(ctx, 1, 2, LinkMetricsOptions{Unique: customerio.Ptr(true)})
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
