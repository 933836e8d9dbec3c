package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// NewslettersService creates, sends, schedules, reads and deletes newsletters
// (one-time sends, as the Customer.io UI calls them), edits their variants
// (translations and A/B test groups) and reports their deliveries and metrics.
// A newsletter or content id below 1, a blank language or test group id, or a
// request body missing what Customer.io requires is a
// *customerio.ValidationError and nothing is sent.
//
// Create, Send, Schedule, CreateLanguage, CreateTestGroup and
// CreateTestGroupLanguage are POSTs that create or send something: a failed
// attempt is repeated only when Customer.io cannot have acted on it, so a
// retry never sends a newsletter twice or adds a second variant. The reads,
// updates (PUT) and deletes are repeated on any retryable failure.
type NewslettersService struct{ api *transport.Client }

// Newsletter is a newsletter's metadata, as Customer.io lists and returns it.
type Newsletter struct {
	ID            int    `json:"id"`
	DeduplicateID string `json:"deduplicate_id"`
	Name          string `json:"name"`
	// Type is the channel: "email", "webhook", "twilio" (SMS), "push", "in_app"
	// or "inbox".
	Type string `json:"type"`
	// ContentIDs are the newsletter's variants (translations and A/B tests), as
	// the variant routes take them.
	ContentIDs []int `json:"content_ids"`
	// SentAt is the last time the newsletter was sent; zero when it never was.
	SentAt  time.Time `json:"sent_at"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Tags    []string  `json:"tags"`
	// RecipientSegmentIDs are the segments the recipient conditions name.
	RecipientSegmentIDs []int `json:"recipient_segment_ids"`
	// SubscriptionTopicID is the subscription-center topic the audience is
	// limited to; 0 when none is set.
	SubscriptionTopicID int `json:"subscription_topic_id"`
}

// UnmarshalJSON reads sent_at, created and updated as Unix seconds.
func (n *Newsletter) UnmarshalJSON(b []byte) error {
	type fields Newsletter
	var w struct {
		fields
		SentAt  unixTime `json:"sent_at"`
		Created unixTime `json:"created"`
		Updated unixTime `json:"updated"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*n = Newsletter(w.fields)
	n.SentAt = time.Time(w.SentAt)
	n.Created = time.Time(w.Created)
	n.Updated = time.Time(w.Updated)
	return nil
}

// NewsletterListOptions selects one page of newsletters.
type NewsletterListOptions struct {
	// Start and Limit page through the list as in ListOptions.
	Start string
	Limit *int
	// Sort orders by creation time: SortAscending or SortDescending; empty
	// leaves Customer.io's default.
	Sort SortOrder
}

// newsletterPath is /v1/newsletters/{id}[/{what}…], each part one escaped
// segment.
func newsletterPath(p *problems, id int, what ...string) string {
	p.id("newsletter_id", id)
	return transport.Path("/v1/newsletters", append([]string{strconv.Itoa(id)}, what...)...)
}

// List returns one page of newsletters (GET /v1/newsletters). A Sort other
// than SortAscending or SortDescending, or a negative Limit, is a
// *customerio.ValidationError.
func (s *NewslettersService) List(ctx context.Context, opts NewsletterListOptions) (ListPage[Newsletter], error) {
	p := newProblems("app.Newsletters.List")
	q := params{}
	ListOptions{Start: opts.Start, Limit: opts.Limit}.query(p, q)
	opts.Sort.query(p, q, "sort")
	return fetchPage[Newsletter](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/newsletters", Query: q.values()}, "newsletters")
}

// All walks every page of List (GET /v1/newsletters), from opts.Start on.
func (s *NewslettersService) All(ctx context.Context, opts NewsletterListOptions) iter.Seq2[Newsletter, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Newsletter], error) {
		o := opts
		o.Start = start
		return s.List(ctx, o)
	})
}

// Get returns one newsletter (GET /v1/newsletters/{newsletter_id}).
func (s *NewslettersService) Get(ctx context.Context, newsletterID int) (*Newsletter, error) {
	p := newProblems("app.Newsletters.Get")
	path := newsletterPath(p, newsletterID)
	return fetchNewsletter(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
}

// Delete deletes a newsletter with its content, settings and metrics (DELETE
// /v1/newsletters/{newsletter_id}); for an in-app newsletter Customer.io also
// cancels the messages not yet delivered.
func (s *NewslettersService) Delete(ctx context.Context, newsletterID int) error {
	p := newProblems("app.Newsletters.Delete")
	path := newsletterPath(p, newsletterID)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}

// Create creates a newsletter and, with SendNow or ScheduledAt, sends or
// schedules it (POST /v1/newsletters); without either it stays a draft. It
// returns the new newsletter. Every problem NewNewsletter.Validate names is a
// *customerio.ValidationError before anything is sent.
//
// Create is never retried once Customer.io may have received it: a repeat
// would create a second newsletter, and with SendNow send it twice.
func (s *NewslettersService) Create(ctx context.Context, n NewNewsletter) (*Newsletter, error) {
	p := newProblems("app.Newsletters.Create")
	body := n.prepare(p)
	return fetchNewsletter(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/newsletters", Body: body})
}

// Send sends a draft newsletter now, to the recipients it was created with
// (POST /v1/newsletters/{newsletter_id}/send); Customer.io answers 400 for a
// newsletter already sent. limit, when not nil, paces the send; it is checked
// as NewNewsletter.RateLimit is.
//
// Send is never retried once Customer.io may have received it: a repeat could
// send the newsletter twice.
func (s *NewslettersService) Send(ctx context.Context, newsletterID int, limit *RateLimit) (*Newsletter, error) {
	p := newProblems("app.Newsletters.Send")
	path := newsletterPath(p, newsletterID, "send")
	body := rateLimitJSON{}
	if limit != nil {
		body = limit.prepare(p)
	}
	return fetchNewsletter(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: body})
}

// Schedule schedules a draft newsletter, or moves the time of one already
// scheduled (POST /v1/newsletters/{newsletter_id}/schedule). See
// NewsletterSchedule for what it takes; Customer.io answers 400 for a
// newsletter already sent.
//
// Schedule is never retried once Customer.io may have received it: it sets up
// a send.
func (s *NewslettersService) Schedule(ctx context.Context, newsletterID int, schedule NewsletterSchedule) (*Newsletter, error) {
	p := newProblems("app.Newsletters.Schedule")
	path := newsletterPath(p, newsletterID, "schedule")
	body := schedule.prepare(p)
	return fetchNewsletter(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: body})
}

// fetchNewsletter sends req and decodes the newsletter under "newsletter".
func fetchNewsletter(ctx context.Context, api *transport.Client, p *problems, req *transport.Request) (*Newsletter, error) {
	n, err := fetch[Newsletter](ctx, api, p, req, "newsletter")
	if err != nil {
		return nil, err
	}
	return &n, nil
}
