package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/track"
)

// appWorld is a fake workspace with person 42 (ada@example.com), template
// "welcome" sent to them once and opened and clicked, and the App and Track
// clients pointed at it.
type appWorld struct {
	srv      *customeriotest.Server
	app      *app.Client
	track    *track.Client
	template int
	delivery string
}

func newAppWorld(t *testing.T) appWorld {
	t.Helper()
	ctx := context.Background()
	now := time.Unix(1_800_000_000, 0)
	srv := newFake(t, customeriotest.WithClock(func() time.Time { return now }))
	a, err := app.New(srv.AppKey(), srv.Option())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := track.New(srv.SiteID(), srv.APIKey(), srv.Option())
	if err != nil {
		t.Fatal(err)
	}
	w := appWorld{srv: srv, app: a, track: tr, template: srv.AddTransactionalMessage("welcome", "first mail")}
	if err := tr.Identify(ctx, "42", map[string]any{"email": "ada@example.com", "plan": "pro"}); err != nil {
		t.Fatal(err)
	}
	if err := tr.Track(ctx, "42", "login", map[string]any{"via": "sso"}); err != nil {
		t.Fatal(err)
	}
	sent, err := a.SendEmail(ctx, app.SendEmailRequest{TransactionalMessageID: app.TemplateID(w.template), Identifiers: customerio.ByID("42"), To: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	w.delivery = sent.DeliveryID
	for _, m := range []track.MetricReport{
		{DeliveryID: w.delivery, Channel: track.ChannelEmail, Metric: customerio.MetricOpened},
		{DeliveryID: w.delivery, Channel: track.ChannelEmail, Metric: customerio.MetricClicked, Href: "https://example.com/start"},
	} {
		if err := tr.ReportMetric(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// TestFakeCustomerActivities reads the event, attribute and delivery
// activities the Track calls and the send recorded, newest first, with the type
// filter and cursor paging the app client walks.
func TestFakeCustomerActivities(t *testing.T) {
	w := newAppWorld(t)
	ctx := context.Background()
	page, err := w.app.Customers.ListActivities(ctx, "42", app.ActivitiesOptions{Type: "event"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Name != "login" || page.Items[0].Data["via"] != "sso" || page.Items[0].CustomerID != "42" {
		t.Fatalf("event activities %+v", page.Items)
	}
	var types []string
	for a, err := range w.app.Customers.AllActivities(ctx, "42", app.ActivitiesOptions{Limit: customerio.Ptr(1)}) {
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, a.Type)
	}
	want := map[string]bool{"event": true, "attribute_change": true, "sent_email": true, "opened_email": true, "clicked_email": true}
	for _, typ := range types {
		delete(want, typ)
	}
	if len(want) != 0 || len(types) < 6 {
		t.Errorf("activity types %v, missing %v", types, want)
	}
	_, err = w.app.Customers.ListActivities(ctx, "nobody", app.ActivitiesOptions{})
	if !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("unknown person: %v, want ErrNotFound", err)
	}
}

// TestFakeCustomerMessages lists the person's delivery with the metrics
// reported for it.
func TestFakeCustomerMessages(t *testing.T) {
	w := newAppWorld(t)
	page, err := w.app.Customers.ListMessages(context.Background(), "ada@example.com", app.CustomerMessagesOptions{IDType: customerio.IDTypeEmail})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Next != "" {
		t.Fatalf("messages %+v", page)
	}
	d := page.Items[0]
	if d.ID != w.delivery || d.MessageTemplateID != w.template || d.CustomerID != "42" || d.Type != "email" || d.Recipient != "ada@example.com" {
		t.Errorf("delivery %+v", d)
	}
	for _, m := range []string{"sent", "opened", "clicked"} {
		if d.Metrics[m].IsZero() {
			t.Errorf("delivery metrics %v lack %s", d.Metrics, m)
		}
	}
	page, err = w.app.Customers.ListMessages(context.Background(), "42", app.CustomerMessagesOptions{EndTS: time.Unix(1_700_000_000, 0)})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("messages before the send: %+v, %v", page, err)
	}
}

// TestFakeSubscriptionPreferences reads back the topics a Track identify set.
func TestFakeSubscriptionPreferences(t *testing.T) {
	w := newAppWorld(t)
	ctx := context.Background()
	err := w.track.Identify(ctx, "42", map[string]any{"cio_subscription_preferences": map[string]any{"topics": map[string]any{"topic_2": false, "topic_1": true}}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := w.app.Customers.GetSubscriptionPreferences(ctx, "42", customerio.IDTypeID, "de")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Language string
		Topics   []struct {
			ID         int
			Subscribed bool
		}
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Language != "de" || len(got.Topics) != 2 || got.Topics[0].ID != 1 || !got.Topics[0].Subscribed || got.Topics[1].Subscribed {
		t.Errorf("preferences %s", raw)
	}
}

// TestFakeTransactionalContents lists, reads and updates a template's default
// content and a translation; the update sticks.
func TestFakeTransactionalContents(t *testing.T) {
	w := newAppWorld(t)
	ctx := context.Background()
	deID, ok := w.srv.AddTransactionalLanguage(w.template, "de")
	if !ok {
		t.Fatal("AddTransactionalLanguage refused")
	}
	contents, err := w.app.Transactional.ListContents(ctx, w.template)
	if err != nil {
		t.Fatal(err)
	}
	if len(contents) != 2 || contents[0].Language != "" || contents[1].Language != "de" || contents[1].ID != deID {
		t.Fatalf("contents %+v", contents)
	}
	def := contents[0].ID
	subject := "Welcome!"
	if _, err := w.app.Transactional.UpdateContent(ctx, w.template, def, app.ContentUpdate{Subject: &subject, Headers: []app.EmailHeader{{Name: "X-Kind", Value: "hello"}}}); err != nil {
		t.Fatal(err)
	}
	c, err := w.app.Transactional.GetContent(ctx, w.template, def)
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != subject || len(c.Headers) != 1 || c.Headers[0].Name != "X-Kind" {
		t.Errorf("content after update %+v", c)
	}
	body := "Willkommen"
	if _, err := w.app.Transactional.UpdateVariant(ctx, w.template, "de", app.ContentUpdate{Body: &body}); err != nil {
		t.Fatal(err)
	}
	raw, err := w.app.Transactional.GetVariant(ctx, w.template, "de")
	if err != nil {
		t.Fatal(err)
	}
	var v struct{ Content app.Content }
	if err := json.Unmarshal(raw, &v); err != nil || v.Content.Body != body || v.Content.Language != "de" {
		t.Errorf("variant %s (%v)", raw, err)
	}
	if _, err := w.app.Transactional.GetVariant(ctx, w.template, "fr"); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("missing translation: %v, want ErrNotFound", err)
	}
	if _, err := w.app.Transactional.GetContent(ctx, w.template+1, def); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("missing template: %v, want ErrNotFound", err)
	}
}

// TestFakeTransactionalMetrics counts the send, open and click in today's
// bucket, and the click per link.
func TestFakeTransactionalMetrics(t *testing.T) {
	w := newAppWorld(t)
	ctx := context.Background()
	m, err := w.app.Transactional.GetMetrics(ctx, w.template, app.MetricsOptions{Period: app.PeriodDays, Steps: customerio.Ptr(3)})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sent", "opened", "clicked"} {
		if s := m.Series[name]; len(s) != 3 || s[2] != 1 || s[0] != 0 {
			t.Errorf("series %s = %v, want [0 0 1]", name, s)
		}
	}
	links, err := w.app.Transactional.GetLinkMetrics(ctx, w.template, app.LinkMetricsOptions{Period: app.PeriodHours, Steps: customerio.Ptr(2), Unique: customerio.Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].Link.Href != "https://example.com/start" || links[0].Metric.Series["clicked"][1] != 1 {
		t.Errorf("links %+v", links)
	}
}

// TestFakeTransactionalDeliveries lists the template's deliveries with the
// metric filter the app client sends.
func TestFakeTransactionalDeliveries(t *testing.T) {
	w := newAppWorld(t)
	ctx := context.Background()
	page, err := w.app.Transactional.ListDeliveries(ctx, w.template, app.DeliveriesOptions{Metric: "opened"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].ID != w.delivery {
		t.Errorf("opened deliveries %+v", page.Items)
	}
	page, err = w.app.Transactional.ListDeliveries(ctx, w.template, app.DeliveriesOptions{Metric: "bounced"})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("bounced deliveries %+v, %v", page.Items, err)
	}
}

// TestFakeTriggerErrors reports the trigger entries that name nobody, paged by
// integer offset.
func TestFakeTriggerErrors(t *testing.T) {
	w := newAppWorld(t)
	ctx := context.Background()
	tr, err := w.app.Broadcasts.Trigger(ctx, 9, app.TriggerRequest{IDs: []string{"42", "7", "8", "9"}})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line, err := range w.app.Broadcasts.AllTriggerErrors(ctx, 9, tr.ID, app.ListOptions{Limit: customerio.Ptr(2)}) {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	if len(lines) != 3 || lines[0] != `line 2: no person with id "7"` {
		t.Errorf("trigger errors %q", lines)
	}
	if _, err := w.app.Broadcasts.ListTriggerErrors(ctx, 10, tr.ID, app.ListOptions{}); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("another broadcast's trigger: %v, want ErrNotFound", err)
	}
}
