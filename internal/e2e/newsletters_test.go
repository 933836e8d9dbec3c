package e2e

import (
	"errors"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
)

// TestSeededNewsletterHasDeliveriesAndMetrics pins the newsletter every fake
// starts with: found by id and by name, with two variants, five deliveries to
// walk (newest first, filterable by metric), and metrics and link clicks that
// count them.
func TestSeededNewsletterHasDeliveriesAndMetrics(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()

	byName, ok := srv.NewsletterByName("Weekly Product Update")
	if !ok || byName.ID != customeriotest.SeededNewsletterID || byName.State != customeriotest.NewsletterSent || byName.Deliveries != 5 {
		t.Fatalf("NewsletterByName = %+v, %v", byName, ok)
	}
	n, err := ac.Newsletters.Get(ctx, customeriotest.SeededNewsletterID)
	if err != nil {
		t.Fatal(err)
	}
	if n.Type != "email" || n.SentAt.IsZero() || len(n.ContentIDs) != 2 || !slices.Equal(n.Tags, []string{"Product Updates"}) {
		t.Errorf("seeded newsletter %+v", n)
	}
	contents, err := ac.Newsletters.ListContents(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(contents) != 2 || contents[0].Language != "" || contents[1].Language != "fr" || contents[1].NewsletterID != n.ID || contents[1].Subject == "" {
		t.Errorf("contents %+v", contents)
	}
	fr, err := ac.Newsletters.GetLanguage(ctx, n.ID, "fr")
	if err != nil || fr.ID != contents[1].ID {
		t.Errorf("GetLanguage fr = %+v, %v", fr, err)
	}

	var all []app.Delivery
	for d, err := range ac.Newsletters.AllDeliveries(ctx, n.ID, app.DeliveriesOptions{Limit: customerio.Ptr(2)}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, d)
	}
	if len(all) != 5 {
		t.Fatalf("%d deliveries, want 5", len(all))
	}
	for _, d := range all {
		if d.NewsletterID != n.ID || d.Type != "email" || d.Recipient == "" || d.CustomerIdentifiers.Email == "" || d.Metrics["sent"].IsZero() || !slices.Contains(n.ContentIDs, d.ContentID) {
			t.Errorf("delivery %+v", d)
		}
	}
	opened, err := ac.Newsletters.ListDeliveries(ctx, n.ID, app.DeliveriesOptions{Metric: customerio.MetricOpened})
	if err != nil || len(opened.Items) != 4 {
		t.Errorf("opened deliveries: %d, %v; want 4", len(opened.Items), err)
	}

	m, err := ac.Newsletters.GetMetrics(ctx, n.ID, app.MetricsOptions{Period: app.PeriodDays, Steps: customerio.Ptr(7)})
	if err != nil {
		t.Fatal(err)
	}
	if sum(m.Series["sent"]) != 5 || sum(m.Series["opened"]) != 4 || sum(m.Series["bounced"]) != 1 {
		t.Errorf("series %v", m.Series)
	}
	sms, err := ac.Newsletters.GetMetrics(ctx, n.ID, app.MetricsOptions{Type: "twilio"})
	if err != nil || sum(sms.Series["sent"]) != 0 {
		t.Errorf("SMS metrics of an email newsletter: %v, %v", sms, err)
	}
	links, err := ac.Newsletters.GetLinkMetrics(ctx, n.ID, app.LinkMetricsOptions{Unique: customerio.Ptr(true)})
	if err != nil || len(links) != 2 || links[0].Link.Href != "https://example.com/changelog" || sum(links[0].Metric.Series["clicked"]) != 3 {
		t.Errorf("unique link metrics %+v, %v", links, err)
	}
	all2, err := ac.Newsletters.GetLinkMetrics(ctx, n.ID, app.LinkMetricsOptions{})
	if err != nil || sum(all2[0].Metric.Series["clicked"]) != 4 {
		t.Errorf("link metrics %+v, %v", all2, err)
	}
	frLinks, err := ac.Newsletters.GetContentLinkMetrics(ctx, n.ID, fr.ID, app.LinkMetricsOptions{Type: "email"})
	if err != nil || sum(frLinks[0].Metric.Series["clicked"]) != 1 || sum(frLinks[1].Metric.Series["clicked"]) != 0 {
		t.Errorf("French link metrics %+v, %v", frLinks, err)
	}
	frMetrics, err := ac.Newsletters.GetContentMetrics(ctx, n.ID, fr.ID, app.MetricsOptions{})
	if err != nil || sum(frMetrics.Series["sent"]) != 1 {
		t.Errorf("French metrics %+v, %v", frMetrics, err)
	}
}

// TestNewsletterCreateSendDelete creates a draft for a segment minus an
// attribute, lists and reads it, sends it (one delivery per person the
// recipients match, none for the others), refuses a second send, and deletes
// it.
func TestNewsletterCreateSendDelete(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()
	seg := srv.CreateSegment("readers", true)
	for id, plan := range map[string]string{"p1": "pro", "p2": "free", "p3": "pro"} {
		if _, err := srv.AddPerson(id, map[string]any{"email": id + "@example.com", "plan": plan}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.AddPerson("p4", map[string]any{"email": "p4@example.com", "plan": "pro"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToSegment(seg, "p1", "p2", "p3"); err != nil {
		t.Fatal(err)
	}

	n, err := ac.Newsletters.Create(ctx, app.NewNewsletter{
		Name:       "Launch",
		Recipients: app.And(app.InSegment(seg), app.Not(app.Attribute("plan", app.Equals, "free"))),
		Email:      &app.NewsletterEmail{Subject: "We launched", Body: "<p>Hello</p>"},
		RateLimit:  &app.RateLimit{Messages: 10, Period: app.PerMinute},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n.ID < 3 || n.Type != "email" || !n.SentAt.IsZero() || !slices.Equal(n.RecipientSegmentIDs, []int{seg}) {
		t.Fatalf("created %+v", n)
	}
	var ids []int
	for got, err := range ac.Newsletters.All(ctx, app.NewsletterListOptions{Limit: customerio.Ptr(1), Sort: app.SortDescending}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got.ID)
	}
	if !slices.Equal(ids, []int{n.ID, customeriotest.SeededSMSNewsletterID, customeriotest.SeededNewsletterID}) {
		t.Errorf("listed newest first %v", ids)
	}

	sent, err := ac.Newsletters.Send(ctx, n.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sent.SentAt.IsZero() {
		t.Errorf("sent %+v", sent)
	}
	page, err := ac.Newsletters.ListDeliveries(ctx, n.ID, app.DeliveriesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, d := range page.Items {
		to = append(to, d.Recipient)
	}
	slices.Sort(to)
	if !slices.Equal(to, []string{"p1@example.com", "p3@example.com"}) {
		t.Errorf("delivered to %v, want p1 and p3", to)
	}
	var apiErr *customerio.APIError
	if _, err := ac.Newsletters.Send(ctx, n.ID, nil); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("second send: %v, want 400", err)
	}
	if err := ac.Newsletters.Delete(ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ac.Newsletters.Get(ctx, n.ID); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("Get after Delete: %v, want ErrNotFound", err)
	}
}

// TestNewsletterSendNowAndSchedule pins that send_now delivers at once and a
// scheduled newsletter is sent when the server's clock reaches its time.
func TestNewsletterSendNowAndSchedule(t *testing.T) {
	var offset atomic.Int64
	srv := newFake(t, customeriotest.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	ac := appClient(t, srv)
	ctx := t.Context()
	if _, err := srv.AddPerson("p1", map[string]any{"phone": "+15005550006", "sms": true}); err != nil {
		t.Fatal(err)
	}
	recipients := app.Attribute("sms", app.Equals, true)

	now, err := ac.Newsletters.Create(ctx, app.NewNewsletter{Name: "Now", Recipients: recipients, SendNow: true, SMS: &app.NewsletterSMS{Body: "hi"}})
	if err != nil {
		t.Fatal(err)
	}
	if page, err := ac.Newsletters.ListDeliveries(ctx, now.ID, app.DeliveriesOptions{}); err != nil || len(page.Items) != 1 || page.Items[0].Type != "twilio" || page.Items[0].Recipient != "+15005550006" {
		t.Errorf("send_now deliveries %+v, %v", page.Items, err)
	}

	later, err := ac.Newsletters.Create(ctx, app.NewNewsletter{Name: "Later", Recipients: recipients, SMS: &app.NewsletterSMS{Body: "soon"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ac.Newsletters.Schedule(ctx, later.ID, app.NewsletterSchedule{At: time.Now().Add(time.Hour), Timezone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	if got, ok := srv.NewsletterByName("Later"); !ok || got.State != customeriotest.NewsletterScheduled || got.Deliveries != 0 {
		t.Errorf("scheduled %+v", got)
	}
	offset.Store(int64(2 * time.Hour))
	n, err := ac.Newsletters.Get(ctx, later.ID)
	if err != nil || n.SentAt.IsZero() {
		t.Errorf("after the scheduled time %+v, %v", n, err)
	}
	if got, _ := srv.NewsletterByName("Later"); got.State != customeriotest.NewsletterSent || got.Deliveries != 1 {
		t.Errorf("after the scheduled time %+v", got)
	}
}

// TestNewsletterVariantsAndTestGroups adds, reads, updates and deletes
// translations, then adds a test group and works on its translations.
func TestNewsletterVariantsAndTestGroups(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()
	n, err := ac.Newsletters.Create(ctx, app.NewNewsletter{Name: "Tips", Recipients: app.InSegment(1), Email: &app.NewsletterEmail{Subject: "Tips", Body: "<p>Tips</p>"}})
	if err != nil {
		t.Fatal(err)
	}
	es := app.NewsletterTranslation{Language: "es", Email: &app.NewsletterEmailTranslation{Subject: "Consejos", Body: "<p>Consejos</p>"}}
	withES, err := ac.Newsletters.CreateLanguage(ctx, n.ID, es)
	if err != nil || len(withES.ContentIDs) != 2 {
		t.Fatalf("CreateLanguage: %+v, %v", withES, err)
	}
	var apiErr *customerio.APIError
	if _, err := ac.Newsletters.CreateLanguage(ctx, n.ID, es); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("second es translation: %v, want 422", err)
	}
	got, err := ac.Newsletters.UpdateLanguage(ctx, n.ID, "es", app.ContentUpdate{Subject: customerio.Ptr("Trucos")})
	if err != nil || got.Subject != "Trucos" || got.Body != "<p>Consejos</p>" || got.Language != "es" {
		t.Errorf("UpdateLanguage %+v, %v", got, err)
	}
	def, err := ac.Newsletters.UpdateContent(ctx, n.ID, withES.ContentIDs[0], app.ContentUpdate{BodyPlain: customerio.Ptr("Tips")})
	if err != nil || def.Language != "" || def.Subject != "Tips" {
		t.Errorf("UpdateContent %+v, %v", def, err)
	}

	withGroup, err := ac.Newsletters.CreateTestGroup(ctx, n.ID)
	if err != nil || len(withGroup.ContentIDs) != 4 {
		t.Fatalf("CreateTestGroup: %+v, %v", withGroup, err)
	}
	groups, err := ac.Newsletters.ListTestGroups(ctx, n.ID)
	if err != nil || len(groups) != 2 || groups[0].ID != "0" || groups[1].Name != "B" || len(groups[1].ContentIDs) != 2 {
		t.Fatalf("ListTestGroups %+v, %v", groups, err)
	}
	if _, err := ac.Newsletters.CreateLanguage(ctx, n.ID, app.NewsletterTranslation{Language: "de", Email: &app.NewsletterEmailTranslation{Subject: "Tipps", Body: "<p>Tipps</p>"}}); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("translation of a newsletter with test groups: %v, want 400", err)
	}
	b := groups[1].ID
	if _, err := ac.Newsletters.CreateTestGroupLanguage(ctx, n.ID, b, app.NewsletterTranslation{Language: "de", Email: &app.NewsletterEmailTranslation{Subject: "Tipps", Body: "<p>Tipps</p>"}}); err != nil {
		t.Fatal(err)
	}
	de, err := ac.Newsletters.UpdateTestGroupLanguage(ctx, n.ID, b, "de", app.ContentUpdate{Subject: customerio.Ptr("Mehr Tipps")})
	if err != nil || de.Subject != "Mehr Tipps" {
		t.Errorf("UpdateTestGroupLanguage %+v, %v", de, err)
	}
	if _, err := ac.Newsletters.GetTestGroupLanguage(ctx, n.ID, "0", "de"); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("German in group A: %v, want ErrNotFound", err)
	}
	if err := ac.Newsletters.DeleteTestGroupLanguage(ctx, n.ID, b, "de"); err != nil {
		t.Fatal(err)
	}
	if _, err := ac.Newsletters.GetTestGroupLanguage(ctx, n.ID, b, "de"); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("after delete: %v, want ErrNotFound", err)
	}
	if err := ac.Newsletters.DeleteLanguage(ctx, n.ID, "es"); err != nil {
		t.Fatal(err)
	}
	contents, err := ac.Newsletters.ListContents(ctx, n.ID)
	if err != nil || len(contents) != 3 {
		t.Errorf("contents after deletes: %d, %v; want 3", len(contents), err)
	}

	if _, err := ac.Newsletters.CreateTestGroup(ctx, customeriotest.SeededNewsletterID); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("test group on a sent newsletter: %v, want 400", err)
	}
}
