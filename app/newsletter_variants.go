package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// NewsletterContent is one variant of a newsletter: its default message, a
// translation, or the message of an A/B test group. It is a template Content
// plus the newsletter it belongs to; Customer.io answers the same fields for
// both, Headers included (a JSON string of {"name", "value"} objects).
type NewsletterContent struct {
	Content
	NewsletterID int `json:"newsletter_id"`
}

// UnmarshalJSON reads the template fields into Content and newsletter_id
// apart, so Content decodes the same way here as on its own.
func (c *NewsletterContent) UnmarshalJSON(b []byte) error {
	var w struct {
		NewsletterID int `json:"newsletter_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var content Content
	if err := json.Unmarshal(b, &content); err != nil {
		return err
	}
	*c = NewsletterContent{Content: content, NewsletterID: w.NewsletterID}
	return nil
}

// NewsletterTranslation is the body of CreateLanguage and
// CreateTestGroupLanguage: a language and the translated message of the
// newsletter's channel, exactly one of Email, SMS, Push, Webhook or Inbox.
// Fields left empty are copied, untranslated, from the default message.
type NewsletterTranslation struct {
	// Language is required: a language tag such as "es", "fr" or "de".
	Language string

	Email   *NewsletterEmailTranslation
	SMS     *NewsletterSMS
	Push    *NewsletterPush
	Webhook *NewsletterWebhookTranslation
	Inbox   *NewsletterInbox
}

// NewsletterEmailTranslation is the translated message of an email
// newsletter; Subject and Body are required.
type NewsletterEmailTranslation struct {
	Subject       string `json:"subject"`
	Body          string `json:"body"`
	PreheaderText string `json:"preheader_text,omitempty"`
	BodyPlain     string `json:"body_plain,omitempty"`
	BodyAMP       string `json:"body_amp,omitempty"`
}

// NewsletterWebhookTranslation is the translated request body of a webhook
// newsletter; Body is required.
type NewsletterWebhookTranslation struct {
	Body string `json:"body"`
}

func (t NewsletterTranslation) prepare(p *problems) map[string]any {
	p.blank("language", t.Language)
	out := map[string]any{"language": t.Language}
	set := 0
	put := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			p.merge(err)
			return
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			p.merge(err)
			return
		}
		for k, v := range m {
			out[k] = v
		}
	}
	if e := t.Email; e != nil {
		set++
		p.blank("subject", e.Subject)
		p.blank("body", e.Body)
		put(e)
	}
	if m := t.SMS; m != nil {
		set++
		p.blank("body", m.Body)
		put(m)
	}
	if m := t.Push; m != nil {
		set++
		if allBlank(m.Subject, m.Body) {
			p.add("body", "a push translation needs a subject, a body or both")
		}
		put(m)
	}
	if m := t.Webhook; m != nil {
		set++
		p.blank("body", m.Body)
		put(m)
	}
	if m := t.Inbox; m != nil {
		set++
		out["body_json"] = newsletterBodyJSON(p, m.BodyJSON)
	}
	if set != 1 {
		p.add("type", "set exactly one of Email, SMS, Push, Webhook or Inbox, not %d", set)
	}
	return out
}

// NewsletterTestGroup is one A/B test group of a newsletter.
type NewsletterTestGroup struct {
	// ID is the group's id as the test_group routes take it. Customer.io
	// lists it as a number (the first group is 0) and takes it in paths as a
	// string.
	ID    string `json:"id"`
	Name  string `json:"name"`
	Label string `json:"label"`
	// Winner reports the group that won the test.
	Winner bool `json:"winner"`
	// ContentIDs are the group's variants, one per language.
	ContentIDs []int `json:"content_ids"`
}

// UnmarshalJSON reads id as a number or a string.
func (g *NewsletterTestGroup) UnmarshalJSON(b []byte) error {
	type fields NewsletterTestGroup
	var w struct {
		fields
		ID looseString `json:"id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = NewsletterTestGroup(w.fields)
	g.ID = string(w.ID)
	return nil
}

// newsletterTestGroupPath is /v1/newsletters/{id}/test_group/{test_group_id}/language[/{language}].
func newsletterTestGroupPath(p *problems, newsletterID int, testGroupID string, language ...string) string {
	p.blank("test_group_id", testGroupID)
	return newsletterPath(p, newsletterID, append([]string{"test_group", testGroupID, "language"}, language...)...)
}

// newsletterContentPath is /v1/newsletters/{id}/contents/{content_id}[/{what}…].
func newsletterContentPath(p *problems, newsletterID, contentID int, what ...string) string {
	p.id("content_id", contentID)
	return newsletterPath(p, newsletterID, append([]string{"contents", strconv.Itoa(contentID)}, what...)...)
}

// ListContents returns every variant of a newsletter: its translations and
// A/B test messages (GET /v1/newsletters/{newsletter_id}/contents).
func (s *NewslettersService) ListContents(ctx context.Context, newsletterID int) ([]NewsletterContent, error) {
	p := newProblems("app.Newsletters.ListContents")
	path := newsletterPath(p, newsletterID, "contents")
	return fetch[[]NewsletterContent](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "contents")
}

// GetContent returns one variant of a newsletter (GET
// /v1/newsletters/{newsletter_id}/contents/{content_id}).
func (s *NewslettersService) GetContent(ctx context.Context, newsletterID, contentID int) (*NewsletterContent, error) {
	p := newProblems("app.Newsletters.GetContent")
	path := newsletterContentPath(p, newsletterID, contentID)
	return fetchNewsletterContent(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
}

// UpdateContent changes one variant of a newsletter, the default message, a
// test group's message or a translation, and returns it (PUT
// /v1/newsletters/{newsletter_id}/contents/{content_id}).
func (s *NewslettersService) UpdateContent(ctx context.Context, newsletterID, contentID int, update ContentUpdate) (*NewsletterContent, error) {
	p := newProblems("app.Newsletters.UpdateContent")
	path := newsletterContentPath(p, newsletterID, contentID)
	update.check(p, true)
	return fetchNewsletterContent(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: update})
}

// CreateLanguage adds a translation to a newsletter that has no A/B test and
// returns the newsletter with its new content id (POST
// /v1/newsletters/{newsletter_id}/language). Customer.io refuses it for a
// newsletter already sent or built with Design Studio or the drag-and-drop
// editor; use CreateTestGroupLanguage when the newsletter has test groups.
//
// CreateLanguage is never retried once Customer.io may have received it: it
// creates a variant.
func (s *NewslettersService) CreateLanguage(ctx context.Context, newsletterID int, t NewsletterTranslation) (*Newsletter, error) {
	p := newProblems("app.Newsletters.CreateLanguage")
	path := newsletterPath(p, newsletterID, "language")
	body := t.prepare(p)
	return fetchNewsletter(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: body})
}

// GetLanguage returns a newsletter's variant in one language (GET
// /v1/newsletters/{newsletter_id}/language/{language}). A blank language is a
// *customerio.ValidationError: use GetContent for the default variant.
func (s *NewslettersService) GetLanguage(ctx context.Context, newsletterID int, language string) (*NewsletterContent, error) {
	p := newProblems("app.Newsletters.GetLanguage")
	p.blank("language", language)
	path := newsletterPath(p, newsletterID, "language", language)
	return fetchNewsletterContent(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
}

// UpdateLanguage changes a newsletter's variant in one language and returns it
// (PUT /v1/newsletters/{newsletter_id}/language/{language}). A blank language
// is a *customerio.ValidationError: use UpdateContent for the default variant.
func (s *NewslettersService) UpdateLanguage(ctx context.Context, newsletterID int, language string, update ContentUpdate) (*NewsletterContent, error) {
	p := newProblems("app.Newsletters.UpdateLanguage")
	p.blank("language", language)
	path := newsletterPath(p, newsletterID, "language", language)
	update.check(p, true)
	return fetchNewsletterContent(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: update})
}

// DeleteLanguage deletes a newsletter's translation (DELETE
// /v1/newsletters/{newsletter_id}/language/{language}); Customer.io refuses to
// delete the default language or a translation of a newsletter already sent.
func (s *NewslettersService) DeleteLanguage(ctx context.Context, newsletterID int, language string) error {
	p := newProblems("app.Newsletters.DeleteLanguage")
	p.blank("language", language)
	path := newsletterPath(p, newsletterID, "language", language)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}

// CreateTestGroup adds an A/B test group to a newsletter, a copy of its
// current content, and returns the newsletter (POST
// /v1/newsletters/{newsletter_id}/test_groups). Customer.io refuses it for a
// newsletter already sent.
//
// CreateTestGroup is never retried once Customer.io may have received it: a
// repeat would add a second group.
func (s *NewslettersService) CreateTestGroup(ctx context.Context, newsletterID int) (*Newsletter, error) {
	p := newProblems("app.Newsletters.CreateTestGroup")
	path := newsletterPath(p, newsletterID, "test_groups")
	return fetchNewsletter(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: struct{}{}})
}

// ListTestGroups returns a newsletter's A/B test groups with the content ids of
// each (GET /v1/newsletters/{newsletter_id}/test_groups).
func (s *NewslettersService) ListTestGroups(ctx context.Context, newsletterID int) ([]NewsletterTestGroup, error) {
	p := newProblems("app.Newsletters.ListTestGroups")
	path := newsletterPath(p, newsletterID, "test_groups")
	return fetch[[]NewsletterTestGroup](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "test_groups")
}

// CreateTestGroupLanguage adds a translation to one A/B test group of a
// newsletter, a copy of the group's default message with t's content, and
// returns the newsletter (POST
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language).
// testGroupID is a NewsletterTestGroup.ID; a blank one is a
// *customerio.ValidationError.
//
// CreateTestGroupLanguage is never retried once Customer.io may have received
// it: it creates a variant.
func (s *NewslettersService) CreateTestGroupLanguage(ctx context.Context, newsletterID int, testGroupID string, t NewsletterTranslation) (*Newsletter, error) {
	p := newProblems("app.Newsletters.CreateTestGroupLanguage")
	path := newsletterTestGroupPath(p, newsletterID, testGroupID)
	body := t.prepare(p)
	return fetchNewsletter(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: body})
}

// GetTestGroupLanguage returns one test group's variant in one language (GET
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}).
func (s *NewslettersService) GetTestGroupLanguage(ctx context.Context, newsletterID int, testGroupID, language string) (*NewsletterContent, error) {
	p := newProblems("app.Newsletters.GetTestGroupLanguage")
	p.blank("language", language)
	path := newsletterTestGroupPath(p, newsletterID, testGroupID, language)
	return fetchNewsletterContent(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
}

// UpdateTestGroupLanguage changes one test group's variant in one language
// and returns it (PUT
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}).
func (s *NewslettersService) UpdateTestGroupLanguage(ctx context.Context, newsletterID int, testGroupID, language string, update ContentUpdate) (*NewsletterContent, error) {
	p := newProblems("app.Newsletters.UpdateTestGroupLanguage")
	p.blank("language", language)
	path := newsletterTestGroupPath(p, newsletterID, testGroupID, language)
	update.check(p, true)
	return fetchNewsletterContent(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: update})
}

// DeleteTestGroupLanguage deletes one test group's translation (DELETE
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language});
// Customer.io refuses to delete the default language or a translation of a
// newsletter already sent.
func (s *NewslettersService) DeleteTestGroupLanguage(ctx context.Context, newsletterID int, testGroupID, language string) error {
	p := newProblems("app.Newsletters.DeleteTestGroupLanguage")
	p.blank("language", language)
	path := newsletterTestGroupPath(p, newsletterID, testGroupID, language)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}

// fetchNewsletterContent sends req and decodes the variant under "content".
func fetchNewsletterContent(ctx context.Context, api *transport.Client, p *problems, req *transport.Request) (*NewsletterContent, error) {
	c, err := fetch[NewsletterContent](ctx, api, p, req, "content")
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// allBlank reports whether every value is blank.
func allBlank(values ...string) bool {
	for _, v := range values {
		if !validate.IsBlank(v) {
			return false
		}
	}
	return true
}
