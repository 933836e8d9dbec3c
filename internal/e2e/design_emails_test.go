package e2e

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
)

// TestDesignEmailLifecycle takes a Design Studio email through the fake from
// creation to a published, versioned, previewed email, as an integration would.
func TestDesignEmailLifecycle(t *testing.T) {
	srv := newFake(t)
	c := appClient(t, srv).DesignEmails
	ctx := t.Context()

	email, err := c.Create(ctx, app.CreateEmailRequest{
		Name:    "Welcome",
		Content: &app.EmailContent{Subject: "Hi {{customer.first_name}}", HTML: `<p>Hi {{customer.first_name}}, {{customer.plan | default: "friend"}}</p><a href="https://example.com/unsubscribe">unsubscribe</a>`},
	})
	if err != nil {
		t.Fatal(err)
	}
	if email.ID == "" || email.Name != "Welcome" || email.Created.IsZero() {
		t.Fatalf("created %+v", email)
	}
	if err := c.Update(ctx, email.ID, app.UpdateEmailRequest{Content: &app.EmailContent{Subject: "Hi {{customer.first_name}}", PreheaderText: "Welcome aboard", HTML: email.Content.HTML}}); err != nil {
		t.Fatal(err)
	}
	fr, err := c.CreateTranslation(ctx, email.ID, app.CreateTranslationRequest{Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if fr.Language != "fr" || fr.LanguageGroupID != email.ID || fr.Content.PreheaderText != "Welcome aboard" {
		t.Errorf("translation %+v did not copy the default email", fr)
	}
	if _, err := c.CreateTranslation(ctx, email.ID, app.CreateTranslationRequest{Language: "fr"}); !isStatus(err, http.StatusConflict) {
		t.Errorf("a second fr translation: %v, want 409", err)
	}

	page, err := c.List(ctx, app.ListEmailsOptions{HasTranslations: customerio.Ptr(true)})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != email.ID || page.Next != "" {
		t.Fatalf("list %+v, %v", page, err)
	}

	// Publishing needs a link; with a translation the publish runs in the
	// background and WaitForPublish follows it.
	if _, err := c.Publish(ctx, email.ID); !isStatus(err, http.StatusBadRequest) {
		t.Errorf("publishing an unlinked email: %v, want 400", err)
	}
	if _, err := c.Link(ctx, email.ID, app.LinkRequest{Target: app.LinkTarget{Type: "campaign_action", ActionID: 42}}); err != nil {
		t.Fatal(err)
	}
	if changed, err := c.HasUnpublishedChanges(ctx, email.ID); err != nil || !changed {
		t.Errorf("unpublished changes before publishing: %v, %v", changed, err)
	}
	pub, err := c.Publish(ctx, email.ID)
	if err != nil || pub.Status != app.PublishPending || pub.PublishID == "" {
		t.Fatalf("publish %+v, %v", pub, err)
	}
	done, err := c.WaitForPublish(ctx, email.ID, pub.PublishID, app.PollOptions{Interval: time.Millisecond})
	if err != nil || !done.Done() || len(done.Mappings) != 2 {
		t.Fatalf("wait %+v, %v", done, err)
	}
	if changed, _ := c.HasUnpublishedChanges(ctx, email.ID); changed {
		t.Error("unpublished changes right after a publish")
	}
	if err := c.DeleteTranslation(ctx, email.ID, "fr"); !isStatus(err, http.StatusConflict) {
		t.Errorf("deleting a linked translation: %v, want 409", err)
	}

	// Checks.
	rendered, err := c.Render(ctx, email.ID)
	if err != nil || !bytes.Contains([]byte(rendered.HTML), []byte("{{customer.first_name}}")) {
		t.Errorf("render %+v, %v", rendered, err)
	}
	preview, err := c.Preview(ctx, email.ID, app.PreviewRequest{Customer: map[string]any{"first_name": "Ada"}})
	if err != nil || preview.Subject != "Hi Ada" || preview.HasErrors() {
		t.Errorf("preview %+v, %v", preview, err)
	}
	if strict, err := c.Preview(ctx, email.ID, app.PreviewRequest{}); err != nil || !strict.HasErrors() {
		t.Errorf("a preview without sample data reports no error: %+v, %v", strict, err)
	}
	review, err := c.Review(ctx, email.ID)
	if err != nil || review.Score != 100 {
		t.Errorf("review %+v, %v", review, err)
	}

	// Versions: the publish saved one; an unchanged save returns it.
	versions, err := c.ListVersions(ctx, email.ID, app.VersionsOptions{})
	if err != nil || len(versions) != 1 || !versions[0].CreatedOnPublish {
		t.Fatalf("versions %+v, %v", versions, err)
	}
	if err := c.DeleteVersion(ctx, email.ID, versions[0].ID); !isStatus(err, http.StatusConflict) {
		t.Errorf("deleting a version saved on publish: %v, want 409", err)
	}
	again, err := c.SaveVersion(ctx, email.ID, app.SaveVersionRequest{Name: "unchanged"})
	if err != nil || again.Created || again.Version.ID != versions[0].ID {
		t.Errorf("saving unchanged content %+v, %v", again, err)
	}
	if err := c.Update(ctx, email.ID, app.UpdateEmailRequest{Content: &app.EmailContent{HTML: "<p>v2</p>"}}); err != nil {
		t.Fatal(err)
	}
	saved, err := c.SaveVersion(ctx, email.ID, app.SaveVersionRequest{Name: "v2"})
	if err != nil || !saved.Created {
		t.Fatalf("save %+v, %v", saved, err)
	}
	restored, err := c.RestoreVersion(ctx, email.ID, versions[0].ID)
	if err != nil || restored.VersionID != versions[0].ID {
		t.Fatalf("restore %+v, %v", restored, err)
	}
	snap, err := c.GetVersion(ctx, email.ID, versions[0].ID)
	if err != nil || snap.Node.Subject != "Hi {{customer.first_name}}" {
		t.Errorf("version %+v, %v", snap, err)
	}
	if got, _ := c.Get(ctx, email.ID); got.Content.HTML != email.Content.HTML {
		t.Errorf("restored html %q, want %q", got.Content.HTML, email.Content.HTML)
	}
	if err := c.DeleteVersion(ctx, email.ID, saved.Version.ID); err != nil {
		t.Error(err)
	}
}

// TestDesignEmailInboxPreviews submits, replays and reads inbox previews in the
// fake, down to a capture's image bytes.
func TestDesignEmailInboxPreviews(t *testing.T) {
	srv := newFake(t)
	c := appClient(t, srv).DesignEmails
	ctx := t.Context()
	email, err := c.Create(ctx, app.CreateEmailRequest{Name: "Welcome", Content: &app.EmailContent{HTML: "<p>Hi</p>"}})
	if err != nil {
		t.Fatal(err)
	}
	clients, err := c.ListInboxPreviewClients(ctx)
	if err != nil || len(clients) < 2 {
		t.Fatalf("clients %v, %v", clients, err)
	}
	req := app.SubmitInboxPreviewRequest{ClientIDs: []string{clients[0].ID, clients[1].ID}, Name: "first"}
	run, err := c.SubmitInboxPreview(ctx, email.ID, req)
	if err != nil || run.Replayed {
		t.Fatalf("submit %+v, %v", run, err)
	}
	replay, err := c.SubmitInboxPreview(ctx, email.ID, req)
	if err != nil || !replay.Replayed || replay.RunID != run.RunID {
		t.Errorf("an identical submission %+v, %v, want the first run replayed", replay, err)
	}
	credits, err := c.GetInboxPreviewCredits(ctx)
	if err != nil || len(credits) != 2 || credits[0].CreditsRemaining != 23 {
		t.Errorf("credits %+v, %v, want two spent once", credits, err)
	}

	job, err := c.GetInboxPreviewJob(ctx, email.ID, run.RunID)
	if err != nil || job.IsProcessed || job.Previews[0].Status != "Pending" {
		t.Fatalf("job %+v, %v", job, err)
	}
	if _, err := c.GetInboxPreviewCapture(ctx, email.ID, run.RunID, clients[0].ID, app.CaptureOptions{}); !isStatus(err, http.StatusConflict) {
		t.Errorf("a pending capture: %v, want 409", err)
	}
	if job, err = c.GetInboxPreviewJob(ctx, email.ID, run.RunID); err != nil || !job.IsProcessed {
		t.Fatalf("job %+v, %v", job, err)
	}
	img, err := c.GetInboxPreviewCapture(ctx, email.ID, run.RunID, clients[0].ID, app.CaptureOptions{Variant: app.CaptureScreenshot, Key: "default"})
	if err != nil || img.ContentType != "image/png" || !bytes.HasPrefix(img.Data, []byte("\x89PNG")) {
		t.Fatalf("capture %+v, %v", img, err)
	}

	if _, err := c.SubmitInboxPreview(ctx, email.ID, app.SubmitInboxPreviewRequest{ClientIDs: []string{clients[2].ID}, Name: "second"}); err != nil {
		t.Fatal(err)
	}
	var names []string
	for j, err := range c.AllInboxPreviewJobs(ctx, app.InboxPreviewJobsOptions{NodeID: email.ID, Limit: customerio.Ptr(1)}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, j.Name)
	}
	if len(names) != 2 || names[0] != "second" || names[1] != "first" {
		t.Errorf("history %v, want newest first over two pages", names)
	}
}
