package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// A Design Studio email sends nothing by itself: it is linked to one workflow
// (an automation's email action, a one-time send, a transactional message or an
// API-triggered broadcast), then published to push the draft's content there.
// A publish covers the default language and every translation.

// LinkTarget is the workflow an email is linked to. Type names the kind of
// workflow ("campaign_action" for an email action of an automation, for
// instance) and exactly one of the ids names it.
type LinkTarget struct {
	Type                   string `json:"type"`
	ActionID               int    `json:"action_id,omitempty"`
	NewsletterID           int    `json:"newsletter_id,omitempty"`
	TransactionalMessageID int    `json:"transactional_message_id,omitempty"`
}

// LinkRequest links an email to a workflow.
type LinkRequest struct {
	Target LinkTarget `json:"target"`
	// Force replaces (and unlinks) another email already linked to the target;
	// without it such a link fails with 409.
	Force bool `json:"force"`
}

// LinkResult is the link Customer.io made.
type LinkResult struct {
	// NodeID is the email's id and TemplateID the workflow template it now fills.
	NodeID     string     `json:"node_id"`
	TemplateID int        `json:"template_id"`
	Target     LinkTarget `json:"target"`
}

// Link links an email to a workflow (POST /v1/design_studio/emails/{id}/link);
// publish it afterwards (Publish) to push its content live. id is the default
// language's email, which links every translation with it. An email is linked
// to one workflow at a time.
//
// Linking changes the workspace, and with Force it unlinks another email, so
// it is not repeated after a failure Customer.io may have acted on unless the
// call passes AllowRepeat. It shares the 5 requests per second limit of
// render, preview, review and publish. A blank target type, or target ids
// other than exactly one positive id, is a *customerio.ValidationError.
func (s *DesignEmailsService) Link(ctx context.Context, id string, req LinkRequest, opts ...CallOption) (*LinkResult, error) {
	p := newProblems("app.DesignEmails.Link")
	path := designEmailPath(p, id, "link")
	p.blank("target.type", req.Target.Type)
	set := 0
	for _, t := range [...]struct {
		field string
		id    int
	}{{"target.action_id", req.Target.ActionID}, {"target.newsletter_id", req.Target.NewsletterID}, {"target.transactional_message_id", req.Target.TransactionalMessageID}} {
		switch {
		case t.id < 0:
			p.add(t.field, "must be a positive id, not %d", t.id)
		case t.id > 0:
			set++
		}
	}
	if set != 1 {
		p.add("target", "set exactly one of action_id, newsletter_id and transactional_message_id, not %d", set)
	}
	out, err := fetch[LinkResult](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: req, Idempotent: repeatable(opts)}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// The states of a publish.
const (
	PublishDone    = "done"
	PublishPending = "pending"
)

// PublishResult is where a publish stands. Status is PublishDone, with the
// template versions it produced in Mappings, or PublishPending, with the
// PublishID to follow it by (GetPublishStatus, WaitForPublish).
type PublishResult struct {
	Status    string           `json:"status"`
	PublishID string           `json:"publish_id"`
	Mappings  []PublishMapping `json:"mappings"`
}

// Done reports whether the publish has finished.
func (r *PublishResult) Done() bool { return r != nil && r.Status == PublishDone }

// PublishMapping is the workflow template version one language variant was
// published to.
type PublishMapping struct {
	NodeID     string `json:"node_id"`
	TemplateID int    `json:"template_id"`
	VersionID  string `json:"version_id"`
	// Language is "" for the default language.
	Language string `json:"language"`
}

// Publish pushes a linked email's current content, every translation with it,
// to its workflow (POST /v1/design_studio/emails/{id}/publish). id is the
// default language's email. A single-language email publishes at once and the
// result is done; a multi-language one may answer pending with a PublishID to
// follow with GetPublishStatus or WaitForPublish.
//
// A publish puts content in front of recipients and records a new version each
// time, so it is never repeated after a failure Customer.io may have acted on
// unless the call passes AllowRepeat (or the strategy is built with
// retry.RetryNonIdempotent). It shares the 5 requests per second limit of
// render, preview, review and link.
func (s *DesignEmailsService) Publish(ctx context.Context, id string, opts ...CallOption) (*PublishResult, error) {
	p := newProblems("app.DesignEmails.Publish")
	path := designEmailPath(p, id, "publish")
	out, err := fetch[PublishResult](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Idempotent: repeatable(opts)}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// GetPublishStatus reads a pending publish (GET
// /v1/design_studio/emails/{id}/publish_status?publish_id=…): pending while it
// runs, done with its mappings once it finished. A publish that failed is
// answered with the error a single-language publish gives at once (422 for a
// liquid error, 409 while the destination campaign is backfilling, …), as a
// *customerio.APIError. A blank publishID is a *customerio.ValidationError.
func (s *DesignEmailsService) GetPublishStatus(ctx context.Context, id, publishID string) (*PublishResult, error) {
	p := newProblems("app.DesignEmails.GetPublishStatus")
	path := designEmailPath(p, id, "publish_status")
	p.blank("publish_id", publishID)
	q := params{}
	q.str("publish_id", publishID)
	out, err := fetch[PublishResult](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// HasUnpublishedChanges reports whether a linked email, or one of its
// translations, has changes that are not published yet (GET
// /v1/design_studio/emails/{id}/unpublished_changes); it is false for an email
// that is not linked.
func (s *DesignEmailsService) HasUnpublishedChanges(ctx context.Context, id string) (bool, error) {
	p := newProblems("app.DesignEmails.HasUnpublishedChanges")
	path := designEmailPath(p, id, "unpublished_changes")
	return fetch[bool](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "has_unpublished_changes")
}

// The pacing of WaitForPublish's checks when PollOptions leaves it open.
const (
	publishPollInterval    = time.Second
	publishMaxPollInterval = 15 * time.Second
)

// errPublishNoStatus is a publish status answer that is neither done nor
// pending.
var errPublishNoStatus = errors.New("the publish status is neither done nor pending")

// WaitForPublish follows a pending publish until it is done and returns its
// result. It reads GET /v1/design_studio/emails/{id}/publish_status after a
// pause that starts at opts.Interval (default 1 s) and doubles up to
// opts.MaxInterval (default 15 s).
// A failed publish ends the wait with the *customerio.APIError Customer.io
// answers for it; a status other than done or pending with a
// *customerio.DecodeError; and ctx with ctx.Err() as soon as ctx is done, also
// mid-pause. Each read is retried by the client's retry strategy like any GET;
// WaitForPublish never repeats the publish itself. A blank publishID or a
// negative interval is a *customerio.ValidationError.
func (s *DesignEmailsService) WaitForPublish(ctx context.Context, id, publishID string, opts PollOptions) (*PublishResult, error) {
	p := newProblems("app.DesignEmails.WaitForPublish")
	p.blank("id", id)
	p.blank("publish_id", publishID)
	opts.check(p)
	if err := p.err(); err != nil {
		return nil, err
	}
	var result *PublishResult
	// The publish call itself answered pending: the first check waits a pause.
	first := true
	err := opts.poll(ctx, publishPollInterval, publishMaxPollInterval, func() (bool, error) {
		if first {
			first = false
			return false, nil
		}
		r, err := s.GetPublishStatus(ctx, id, publishID)
		if err != nil {
			return false, err
		}
		switch r.Status {
		case PublishDone:
			result = r
			return true, nil
		case PublishPending:
			return false, nil
		}
		return false, &customerio.DecodeError{Op: p.op, Err: fmt.Errorf("%w: %q", errPublishNoStatus, r.Status)}
	})
	return result, err
}
