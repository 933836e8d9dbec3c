package e2e

import (
	"errors"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
)

// TestCampaignActionEditIsReadBack edits a seeded campaign action and its
// translation through the App API and reads both back.
func TestCampaignActionEditIsReadBack(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()

	campaigns, err := ac.Campaigns.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(campaigns) < 2 || len(campaigns[0].Actions) == 0 {
		t.Fatalf("seeded campaigns %+v", campaigns)
	}
	c := campaigns[0]
	actionID := c.Actions[0].ID
	updated, err := ac.Campaigns.UpdateAction(ctx, c.ID, actionID, app.ContentUpdate{
		Subject: customerio.Ptr("Hello again"), FromID: customerio.Ptr(7),
		Headers: app.EmailHeaders{{Name: "X-Tag", Value: "a"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ac.Campaigns.GetAction(ctx, c.ID, actionID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Hello again" || got.FromID != 7 || got.CampaignID != c.ID || len(got.Headers) != 1 || got.Headers[0].Name != "X-Tag" {
		t.Errorf("read back %+v", got)
	}
	if got.Updated.IsZero() || !got.Updated.Equal(updated.Updated) {
		t.Errorf("updated %v, read back %v", updated.Updated, got.Updated)
	}

	if _, err := ac.Campaigns.UpdateActionTranslation(ctx, c.ID, actionID, "fr", app.ContentUpdate{Subject: customerio.Ptr("Rebonjour")}); err != nil {
		t.Fatal(err)
	}
	fr, err := ac.Campaigns.GetActionTranslation(ctx, c.ID, actionID, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if fr.Subject != "Rebonjour" || fr.Language != "fr" || fr.ParentActionID != actionID {
		t.Errorf("translation %+v", fr)
	}
	if again, _ := ac.Campaigns.GetAction(ctx, c.ID, actionID); again.Subject != "Hello again" {
		t.Errorf("the translation's edit changed the default: %q", again.Subject)
	}

	_, err = ac.Campaigns.GetActionTranslation(ctx, c.ID, actionID, "de")
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("missing translation: %v, want a 400", err)
	}
}

// TestCampaignReportsFromTheSeededWorkspace reads every campaign report of a
// seeded campaign: actions page by page, deliveries, both metrics versions,
// links and journeys.
func TestCampaignReportsFromTheSeededWorkspace(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()
	c, err := ac.Campaigns.Get(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for range 11 {
		if _, ok := srv.AddAction(c.ID, "Step", "email"); !ok {
			t.Fatal("AddAction refused")
		}
	}
	first, err := ac.Campaigns.ListActions(ctx, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 10 || first.Next == "" {
		t.Fatalf("first page of actions: %d items, next %q", len(first.Items), first.Next)
	}
	n := 0
	for _, err := range ac.Campaigns.AllActions(ctx, c.ID, "") {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 13 {
		t.Errorf("walked %d actions, want 13", n)
	}

	sent, err := ac.Campaigns.ListDeliveries(ctx, c.ID, app.DeliveriesOptions{Type: "email"})
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := ac.Campaigns.ListDeliveries(ctx, c.ID, app.DeliveriesOptions{Drafts: customerio.Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent.Items) != 3 || len(drafts.Items) != 1 || sent.Items[0].CampaignID != c.ID {
		t.Errorf("%d sent email deliveries and %d drafts, want 3 and 1", len(sent.Items), len(drafts.Items))
	}

	now := time.Now()
	v2, err := ac.Campaigns.GetMetrics(ctx, c.ID, app.CampaignMetricsOptions{Res: app.ResolutionDays, Start: now.AddDate(0, 0, -7), End: now})
	if err != nil {
		t.Fatal(err)
	}
	//lint:ignore SA1019 the fake serves the deprecated version too, and this checks it
	v1, err := ac.Campaigns.GetMetricsV1(ctx, c.ID, app.MetricsOptions{Period: app.PeriodDays, Steps: customerio.Ptr(7)})
	if err != nil {
		t.Fatal(err)
	}
	if sum(v2.Series["sent"]) != 4 || sum(v1.Series["sent"]) != 4 || len(v1.Series["sent"]) != 7 {
		t.Errorf("sent v2 %v, v1 %v; want 4 in each", v2.Series["sent"], v1.Series["sent"])
	}
	am, err := ac.Campaigns.GetActionMetrics(ctx, c.ID, c.Actions[0].ID, app.CampaignMetricsOptions{Res: app.ResolutionDays, Start: now.AddDate(0, 0, -7), End: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum(am.Metric.Series["sent"]) != 3 || sum(am.LanguageVariants["fr"].Series["sent"]) != 1 {
		t.Errorf("action metrics %+v", am)
	}
	links, err := ac.Campaigns.GetActionLinkMetrics(ctx, c.ID, c.Actions[0].ID, app.LinkMetricsOptions{Unique: customerio.Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 || sum(links[0].Metric.Series["clicked"]) != 1 {
		t.Errorf("links %+v", links)
	}
	journeys, err := ac.Campaigns.GetJourneyMetrics(ctx, c.ID, app.JourneyMetricsOptions{Start: now.AddDate(0, 0, -7), End: now, Res: app.ResolutionDays})
	if err != nil {
		t.Fatal(err)
	}
	if sum(journeys.Series["started"]) != 4 || sum(journeys.Series["converted"]) != 1 {
		t.Errorf("journeys %v", journeys.Series)
	}
}

// TestBroadcastRoutesOfTheSeededWorkspace reads a seeded broadcast, edits its
// action, triggers it and lists the trigger.
func TestBroadcastRoutesOfTheSeededWorkspace(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()
	list, err := ac.Broadcasts.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 2 || list[0].Type != "triggered_broadcast" {
		t.Fatalf("seeded broadcasts %+v", list)
	}
	b := list[0]
	if _, err := ac.Campaigns.Get(ctx, b.ID); err == nil {
		t.Error("a broadcast read as a campaign")
	}
	actions, err := ac.Broadcasts.ListActions(ctx, b.ID)
	if err != nil || len(actions) == 0 {
		t.Fatalf("actions %v, %v", actions, err)
	}
	if _, err := ac.Broadcasts.UpdateAction(ctx, b.ID, actions[0].ID, app.ContentUpdate{Body: customerio.Ptr("<p>New</p>")}); err != nil {
		t.Fatal(err)
	}
	if a, _ := ac.Broadcasts.GetAction(ctx, b.ID, actions[0].ID); a.Body != "<p>New</p>" || a.BroadcastID != b.ID {
		t.Errorf("read back %+v", a)
	}
	failed, err := ac.Broadcasts.ListDeliveries(ctx, b.ID, app.DeliveriesOptions{State: "failed"})
	if err != nil || len(failed.Items) != 1 {
		t.Errorf("failed deliveries %v, %v", failed.Items, err)
	}
	m, err := ac.Broadcasts.GetMetrics(ctx, b.ID, app.MetricsOptions{Period: app.PeriodDays, Steps: customerio.Ptr(3), Type: "email"})
	if err != nil || sum(m.Series["clicked"]) != 2 {
		t.Errorf("metrics %v, %v", m, err)
	}
	links, err := ac.Broadcasts.GetLinkMetrics(ctx, b.ID, app.LinkMetricsOptions{})
	if err != nil || len(links) != 1 || sum(links[0].Metric.Series["clicked"]) != 2 {
		t.Errorf("links %v, %v", links, err)
	}
	if _, err := ac.Broadcasts.Trigger(ctx, b.ID, app.TriggerRequest{}); err != nil {
		t.Fatal(err)
	}
	triggers, err := ac.Broadcasts.ListTriggers(ctx, b.ID)
	if err != nil || len(triggers) != 1 || triggers[0].BroadcastID != b.ID || triggers[0].ProcessedAt.IsZero() {
		t.Errorf("triggers %+v, %v", triggers, err)
	}
}

func sum(xs []int64) int64 {
	var n int64
	for _, x := range xs {
		n += x
	}
	return n
}
