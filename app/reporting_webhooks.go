package app

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gocustomerio/customerio/internal/transport"
)

// ReportingWebhooksService manages reporting webhooks: endpoints Customer.io
// posts message and subscription events to (sent, delivered, opened, clicked,
// bounced, unsubscribed…). A webhook id below 1 is a
// *customerio.ValidationError and nothing is sent.
//
// Customer.io signs every delivery with the workspace's reporting-webhook
// signing key. The API neither returns that key nor takes one: it is shown in
// Customer.io under Data & Integrations › Integrations › Reporting webhooks.
// Verify deliveries with webhook.Verifier{SigningKey: webhook.NewKey(key)}
// (package webhook).
type ReportingWebhooksService struct{ api *transport.Client }

// ReportingWebhook is a reporting webhook's configuration.
type ReportingWebhook struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	// Type is "webhook".
	Type     string `json:"type"`
	Endpoint string `json:"endpoint"`
	// Disabled reports a webhook Customer.io posts nothing to.
	Disabled bool `json:"disabled"`
	// FullResolution reports a webhook sent every open and click, not only the
	// first of each message.
	FullResolution bool `json:"full_resolution"`
	// WithContent reports a webhook whose "sent" events carry the message body.
	WithContent bool `json:"with_content"`
	// Events lists the events reported, such as "email_sent" or
	// "customer_unsubscribed".
	Events []string `json:"events"`
}

// ReportingWebhookRequest is the whole configuration of a reporting webhook,
// for Create and for Update (which replaces every field, the false ones
// included).
type ReportingWebhookRequest struct {
	// Name names the webhook; required.
	Name string `json:"name"`
	// Endpoint is the http or https URL Customer.io posts events to; required.
	Endpoint string `json:"endpoint"`
	// Events lists the events to report, at least one, as
	// "<object type>_<metric>": "email_sent", "email_opened", "sms_delivered",
	// "customer_subscribed"… (see Customer.io's reporting-webhook reference).
	Events []string `json:"events"`
	// Disabled stops events being posted while keeping the configuration.
	Disabled bool `json:"disabled"`
	// FullResolution sends every open and click instead of the first of each
	// message.
	FullResolution bool `json:"full_resolution"`
	// WithContent includes the message body in "sent" events.
	WithContent bool `json:"with_content"`
}

// check records the problems of r.
func (r ReportingWebhookRequest) check(p *problems) {
	p.blank("name", r.Name)
	p.httpURL("endpoint", r.Endpoint)
	if len(r.Events) == 0 {
		p.add("events", "must list at least one event")
	}
	p.firstBlank("events", r.Events)
}

// reportingWebhookPath is /v1/reporting_webhooks/{webhook_id}.
func reportingWebhookPath(p *problems, id int) string {
	p.id("webhook_id", id)
	return transport.Path("/v1/reporting_webhooks", strconv.Itoa(id))
}

// Create creates a reporting webhook (POST /v1/reporting_webhooks) and returns
// its configuration. Creating is not idempotent: a repeat makes a second
// webhook, which posts every event a second time, so retry strategies repeat
// it only when Customer.io cannot have acted on it. A blank name, an endpoint
// that is not an http or https URL, or no events is a
// *customerio.ValidationError.
func (s *ReportingWebhooksService) Create(ctx context.Context, req ReportingWebhookRequest) (*ReportingWebhook, error) {
	p := newProblems("app.ReportingWebhooks.Create")
	req.check(p)
	w, err := fetch[ReportingWebhook](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/reporting_webhooks", Body: req}, "")
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// List returns every reporting webhook of the workspace (GET
// /v1/reporting_webhooks).
func (s *ReportingWebhooksService) List(ctx context.Context) ([]ReportingWebhook, error) {
	p := newProblems("app.ReportingWebhooks.List")
	return fetch[[]ReportingWebhook](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/reporting_webhooks"}, "reporting_webhooks")
}

// Get returns one reporting webhook (GET /v1/reporting_webhooks/{webhook_id}).
func (s *ReportingWebhooksService) Get(ctx context.Context, webhookID int) (*ReportingWebhook, error) {
	p := newProblems("app.ReportingWebhooks.Get")
	path := reportingWebhookPath(p, webhookID)
	w, err := fetch[ReportingWebhook](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// Update replaces a reporting webhook's configuration with req (PUT
// /v1/reporting_webhooks/{webhook_id}) and returns it. Every field is sent, so
// a field left false turns its option off; a repeat sets the same
// configuration again, which is why retry strategies may repeat it. The checks
// of Create apply.
func (s *ReportingWebhooksService) Update(ctx context.Context, webhookID int, req ReportingWebhookRequest) (*ReportingWebhook, error) {
	p := newProblems("app.ReportingWebhooks.Update")
	path := reportingWebhookPath(p, webhookID)
	req.check(p)
	w, err := fetch[ReportingWebhook](ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: req}, "")
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// Delete deletes a reporting webhook's configuration (DELETE
// /v1/reporting_webhooks/{webhook_id}); Customer.io stops posting to it.
func (s *ReportingWebhooksService) Delete(ctx context.Context, webhookID int) error {
	p := newProblems("app.ReportingWebhooks.Delete")
	path := reportingWebhookPath(p, webhookID)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}
