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

// TransactionalService reads and edits transactional message templates, the
// messages SendEmail and the other sends build from. A template or content id
// below 1, or a blank language, is a *customerio.ValidationError and nothing is
// sent.
type TransactionalService struct{ api *transport.Client }

// TransactionalMessage is a transactional message template and its settings.
type TransactionalMessage struct {
	// ID is the number TemplateID takes.
	ID          int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// SendToUnsubscribed lets unsubscribed people receive the message.
	SendToUnsubscribed bool `json:"send_to_unsubscribed"`
	LinkTracking       bool `json:"link_tracking"`
	OpenTracking       bool `json:"open_tracking"`
	// HideMessageBody keeps message contents out of delivery history.
	HideMessageBody bool `json:"hide_message_body"`
	// QueueDrafts queues messages as drafts instead of sending them.
	QueueDrafts bool      `json:"queue_drafts"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// UnmarshalJSON reads created_at and updated_at as Unix seconds.
func (m *TransactionalMessage) UnmarshalJSON(b []byte) error {
	type fields TransactionalMessage
	var w struct {
		fields
		CreatedAt unixTime `json:"created_at"`
		UpdatedAt unixTime `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = TransactionalMessage(w.fields)
	m.CreatedAt = time.Time(w.CreatedAt)
	m.UpdatedAt = time.Time(w.UpdatedAt)
	return nil
}

// Content is one variant of a template: a language, or one side of an A/B test.
type Content struct {
	ID            int    `json:"id"`
	DeduplicateID string `json:"deduplicate_id"`
	Name          string `json:"name"`
	// Type is the channel, such as "email".
	Type     string `json:"type"`
	Language string `json:"language"`
	Layout   string `json:"layout"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	BodyAMP  string `json:"body_amp"`
	// PreheaderText is the preview text shown after the subject.
	PreheaderText string `json:"preheader_text"`
	From          string `json:"from"`
	// FromID and ReplyToID are sender identities.
	FromID    int    `json:"from_id"`
	ReplyTo   string `json:"reply_to"`
	ReplyToID int    `json:"reply_to_id"`
	Recipient string `json:"recipient"`
	CC        string `json:"cc"`
	BCC       string `json:"bcc"`
	FakeBCC   bool   `json:"fake_bcc"`
	// Preprocessor names the CSS pre-processor, unless pre-processing is off.
	Preprocessor string `json:"preprocessor"`
	// Headers are the custom email headers. Customer.io sends them as a JSON
	// string holding a list of {"name", "value"}; EmailHeaders reads that and
	// the plain JSON forms alike.
	Headers EmailHeaders `json:"headers"`
}

// templatePath is /v1/transactional/{id}[/{what}…], each part one escaped segment.
func templatePath(p *problems, id int, what ...string) string {
	p.id("transactional_id", id)
	return transport.Path("/v1/transactional", append([]string{strconv.Itoa(id)}, what...)...)
}

// List returns every transactional message template (GET /v1/transactional).
func (s *TransactionalService) List(ctx context.Context) ([]TransactionalMessage, error) {
	p := newProblems("app.Transactional.List")
	return fetch[[]TransactionalMessage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/transactional"}, "messages")
}

// Get returns one template (GET /v1/transactional/{transactional_id}).
func (s *TransactionalService) Get(ctx context.Context, transactionalID int) (*TransactionalMessage, error) {
	p := newProblems("app.Transactional.Get")
	path := templatePath(p, transactionalID)
	m, err := fetch[TransactionalMessage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "message")
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// ListContents returns every variant (language or A/B test) of a template (GET
// /v1/transactional/{transactional_id}/contents).
func (s *TransactionalService) ListContents(ctx context.Context, transactionalID int) ([]Content, error) {
	p := newProblems("app.Transactional.ListContents")
	path := templatePath(p, transactionalID, "contents")
	return fetch[[]Content](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "contents")
}

// GetContent returns one variant of a template (GET
// /v1/transactional/{transactional_id}/contents/{content_id}).
func (s *TransactionalService) GetContent(ctx context.Context, transactionalID, contentID int) (*Content, error) {
	p := newProblems("app.Transactional.GetContent")
	p.id("content_id", contentID)
	path := templatePath(p, transactionalID, "contents", strconv.Itoa(contentID))
	c, err := fetch[Content](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "content")
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// UpdateContent changes one variant of a template (PUT
// /v1/transactional/{transactional_id}/content/{content_id}; the path's "content"
// is singular, unlike the reads). Customer.io does not document the answer, so it
// is returned as received. A BodyPlain, which the transactional routes do not
// take, is a *customerio.ValidationError.
func (s *TransactionalService) UpdateContent(ctx context.Context, transactionalID, contentID int, update ContentUpdate) (json.RawMessage, error) {
	p := newProblems("app.Transactional.UpdateContent")
	p.id("content_id", contentID)
	path := templatePath(p, transactionalID, "content", strconv.Itoa(contentID))
	update.check(p, false)
	return fetch[json.RawMessage](ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: update}, "")
}

// GetVariant returns a template's variant in one language (GET
// /v1/transactional/{transactional_id}/language/{language}). A blank language is
// a *customerio.ValidationError: use GetContent for the default variant.
// Customer.io does not document the answer, so it is returned as received.
func (s *TransactionalService) GetVariant(ctx context.Context, transactionalID int, language string) (json.RawMessage, error) {
	p := newProblems("app.Transactional.GetVariant")
	p.blank("language", language)
	path := templatePath(p, transactionalID, "language", language)
	return fetch[json.RawMessage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
}

// UpdateVariant changes a template's variant in one language (PUT
// /v1/transactional/{transactional_id}/language/{language}). A blank language is
// a *customerio.ValidationError: use UpdateContent for the default variant.
// Customer.io does not document the answer, so it is returned as received.
func (s *TransactionalService) UpdateVariant(ctx context.Context, transactionalID int, language string, update ContentUpdate) (json.RawMessage, error) {
	p := newProblems("app.Transactional.UpdateVariant")
	p.blank("language", language)
	path := templatePath(p, transactionalID, "language", language)
	update.check(p, false)
	return fetch[json.RawMessage](ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: update}, "")
}

// GetMetrics returns a template's delivery metrics over time (GET
// /v1/transactional/{transactional_id}/metrics). An unknown period, negative
// steps or a Type (which this route does not take) is a
// *customerio.ValidationError.
func (s *TransactionalService) GetMetrics(ctx context.Context, transactionalID int, opts MetricsOptions) (*Metrics, error) {
	p := newProblems("app.Transactional.GetMetrics")
	path := templatePath(p, transactionalID, "metrics")
	q := params{}
	opts.query(p, q, 0)
	m, err := fetch[Metrics](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "metric")
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// GetLinkMetrics returns the clicks on each tracked link of a template over time
// (GET /v1/transactional/{transactional_id}/metrics/links).
func (s *TransactionalService) GetLinkMetrics(ctx context.Context, transactionalID int, opts LinkMetricsOptions) ([]LinkMetrics, error) {
	p := newProblems("app.Transactional.GetLinkMetrics")
	path := templatePath(p, transactionalID, "metrics", "links")
	q := params{}
	opts.query(p, q, metricsUnique)
	return fetch[[]LinkMetrics](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "links")
}

// ListDeliveries returns one page of the deliveries made from a template (GET
// /v1/transactional/{transactional_id}/messages), filtered by Metric, State and
// time. An unknown Metric or State, or a Type or Drafts (which this route does
// not take), is a *customerio.ValidationError.
func (s *TransactionalService) ListDeliveries(ctx context.Context, transactionalID int, opts DeliveriesOptions) (ListPage[Delivery], error) {
	p := newProblems("app.Transactional.ListDeliveries")
	path := templatePath(p, transactionalID, "messages")
	q := params{}
	opts.query(p, q, filterState)
	return fetchPage[Delivery](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "messages")
}

// AllDeliveries walks every page of ListDeliveries, from opts.Start on
// (GET /v1/transactional/{transactional_id}/messages).
func (s *TransactionalService) AllDeliveries(ctx context.Context, transactionalID int, opts DeliveriesOptions) iter.Seq2[Delivery, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Delivery], error) {
		o := opts
		o.Start = start
		return s.ListDeliveries(ctx, transactionalID, o)
	})
}
