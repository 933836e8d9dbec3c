package customeriotest

import (
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// TestAddSentNewsletterServesItsDeliveries pins AddSentNewsletter: the new
// newsletter is listed by name, sent, and lists one delivery per recipient
// given, newest first, carrying its id.
func TestAddSentNewsletterServesItsDeliveries(t *testing.T) {
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(1800000000, 0) }))
	id := srv.AddSentNewsletter("Digest", "Your digest", customerio.Identifiers{ID: "7", Email: "a@example.com"}, customerio.Identifiers{Email: "b@example.com"})
	n, ok := srv.NewsletterByName("Digest")
	if !ok || n.ID != id || id <= SeededSMSNewsletterID || n.State != NewsletterSent || n.SentAt != 1800000000 || n.Deliveries != 2 {
		t.Fatalf("NewsletterByName = %+v, %v", n, ok)
	}
	var body struct {
		Messages []deliveryJSON `json:"messages"`
		Next     string         `json:"next"`
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/newsletters/"+itoa(id)+"/messages?limit=1", nil)).decode(t, &body)
	if len(body.Messages) != 1 || body.Messages[0].Recipient != "b@example.com" || body.Messages[0].NewsletterID != id || body.Next == "" {
		t.Fatalf("first page %+v", body)
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/newsletters/"+itoa(id)+"/messages?limit=1&start="+body.Next, nil)).decode(t, &body)
	if len(body.Messages) != 1 || body.Messages[0].CustomerID != "7" || body.Next != "" {
		t.Fatalf("second page %+v", body)
	}
	if len(srv.Newsletters()) != 3 {
		t.Errorf("Newsletters() has %d, want the two seeded and the new one", len(srv.Newsletters()))
	}
}

// TestNewsletterCreateRefusesWhatCustomerIoRefuses pins the fake's checks of
// a create body.
func TestNewsletterCreateRefusesWhatCustomerIoRefuses(t *testing.T) {
	srv := newTestServer(t)
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"name": "n", "type": "email", "recipients": map[string]any{"segment": map[string]any{"id": 1}}, "subject": "s", "body": "b"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for name, body := range map[string]map[string]any{
		"no recipients":          base(map[string]any{"recipients": map[string]any{}}),
		"unknown type":           base(map[string]any{"type": "fax"}),
		"email without subject":  base(map[string]any{"subject": ""}),
		"send_now and schedule":  base(map[string]any{"send_now": true, "scheduled_at": 4000000000}),
		"schedule in the past":   base(map[string]any{"scheduled_at": 1}),
		"rate without period":    base(map[string]any{"rate_limit_email_rate": 5}),
		"unknown period":         base(map[string]any{"rate_limit_email_rate": 5, "rate_limit_time_period": 120}),
		"webhook without url":    base(map[string]any{"type": "webhook", "request_method": "POST"}),
		"in-app without content": base(map[string]any{"type": "in_app"}),
	} {
		t.Run(name, func(t *testing.T) {
			srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/newsletters", body))
		})
	}
	if got := len(srv.Newsletters()); got != 2 {
		t.Errorf("%d newsletters after refused creates, want the two seeded", got)
	}
}
