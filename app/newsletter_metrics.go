package app

import (
	"context"
	"iter"
	"net/http"
	"slices"

	"github.com/gocustomerio/customerio/internal/transport"
)

// ListDeliveries returns one page of a newsletter's deliveries, the message
// each recipient got (GET /v1/newsletters/{newsletter_id}/messages), filtered
// by Metric and time. An unknown Metric, or a State, Type or Drafts (which this
// route does not take), is a *customerio.ValidationError.
func (s *NewslettersService) ListDeliveries(ctx context.Context, newsletterID int, opts DeliveriesOptions) (ListPage[Delivery], error) {
	p := newProblems("app.Newsletters.ListDeliveries")
	path := newsletterPath(p, newsletterID, "messages")
	q := params{}
	opts.query(p, q, 0)
	return fetchPage[Delivery](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "messages")
}

// AllDeliveries walks every page of ListDeliveries, from opts.Start on
// (GET /v1/newsletters/{newsletter_id}/messages).
func (s *NewslettersService) AllDeliveries(ctx context.Context, newsletterID int, opts DeliveriesOptions) iter.Seq2[Delivery, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Delivery], error) {
		o := opts
		o.Start = start
		return s.ListDeliveries(ctx, newsletterID, o)
	})
}

// GetMetrics returns a newsletter's delivery metrics over time (GET
// /v1/newsletters/{newsletter_id}/metrics), for every channel or, with Type,
// one of a newsletter's: "email", "webhook", "twilio", "push", "in_app" or
// "inbox". An unknown period or Type, or negative steps, is a
// *customerio.ValidationError.
func (s *NewslettersService) GetMetrics(ctx context.Context, newsletterID int, opts MetricsOptions) (*Metrics, error) {
	p := newProblems("app.Newsletters.GetMetrics")
	path := newsletterPath(p, newsletterID, "metrics")
	return newsletterMetrics(ctx, s.api, p, path, opts)
}

// GetLinkMetrics returns the clicks on each tracked link of a newsletter over
// time (GET /v1/newsletters/{newsletter_id}/metrics/links); Unique counts each
// person once per link. A Type (which this route does not take) is a
// *customerio.ValidationError.
func (s *NewslettersService) GetLinkMetrics(ctx context.Context, newsletterID int, opts LinkMetricsOptions) ([]LinkMetrics, error) {
	p := newProblems("app.Newsletters.GetLinkMetrics")
	path := newsletterPath(p, newsletterID, "metrics", "links")
	return newsletterLinkMetrics(ctx, s.api, p, path, opts, metricsUnique)
}

// GetContentMetrics returns the delivery metrics of one variant of a
// newsletter, a translation or an A/B test message, over time (GET
// /v1/newsletters/{newsletter_id}/contents/{content_id}/metrics).
func (s *NewslettersService) GetContentMetrics(ctx context.Context, newsletterID, contentID int, opts MetricsOptions) (*Metrics, error) {
	p := newProblems("app.Newsletters.GetContentMetrics")
	path := newsletterContentPath(p, newsletterID, contentID, "metrics")
	return newsletterMetrics(ctx, s.api, p, path, opts)
}

// GetContentLinkMetrics returns the clicks on each tracked link of one variant
// of a newsletter over time (GET
// /v1/newsletters/{newsletter_id}/contents/{content_id}/metrics/links), for
// every channel or, with Type, one. Unique (which this route does not take) is
// a *customerio.ValidationError.
func (s *NewslettersService) GetContentLinkMetrics(ctx context.Context, newsletterID, contentID int, opts LinkMetricsOptions) ([]LinkMetrics, error) {
	p := newProblems("app.Newsletters.GetContentLinkMetrics")
	path := newsletterContentPath(p, newsletterID, contentID, "metrics", "links")
	return newsletterLinkMetrics(ctx, s.api, p, path, opts, metricsType)
}

// newsletterChannels are the channels the newsletter metrics routes keep a
// report to: those of newsletters, which include inbox and not slack, unlike
// the channels of campaign metrics.
var newsletterChannels = []string{"email", "webhook", "twilio", "push", "in_app", "inbox"}

// newsletterType checks the Type of a newsletter metrics request and adds it
// to q.
func newsletterType(p *problems, q params, typ string) {
	if typ != "" && !slices.Contains(newsletterChannels, typ) {
		p.add("type", "must be one of: email webhook twilio push in_app inbox")
	}
	q.str("type", typ)
}

func newsletterMetrics(ctx context.Context, api *transport.Client, p *problems, path string, opts MetricsOptions) (*Metrics, error) {
	q := params{}
	typ := opts.Type
	opts.Type = ""
	opts.query(p, q, 0)
	newsletterType(p, q, typ)
	m, err := fetch[Metrics](ctx, api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "metric")
	if err != nil {
		return nil, err
	}
	return &m, nil
}

func newsletterLinkMetrics(ctx context.Context, api *transport.Client, p *problems, path string, opts LinkMetricsOptions, takes metricsFilter) ([]LinkMetrics, error) {
	q := params{}
	typ := opts.Type
	if takes&metricsType != 0 {
		opts.Type = ""
	}
	opts.query(p, q, takes&^metricsType)
	if takes&metricsType != 0 {
		newsletterType(p, q, typ)
	}
	return fetch[[]LinkMetrics](ctx, api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "links")
}
