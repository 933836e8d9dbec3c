package app

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Render, Preview and Review check an email before it is sent. Each acts on one
// language variant: pass a translation's own id to check that translation.
// Together with Link and Publish they share a rate limit of 5 requests per
// second per workspace.

// RenderResult is an email's compiled markup, liquid left as written.
type RenderResult struct {
	HTML string `json:"html"`
	AMP  string `json:"amp"`
	Text string `json:"text"`
	// Language is the variant's language code, "" for the default.
	Language string `json:"language"`
	NodeID   string `json:"node_id"`
	// NodeType is "EMAIL".
	NodeType string `json:"node_type"`
}

// Render returns an email's email-ready HTML with its liquid tags intact (GET
// /v1/design_studio/emails/{id}/render), to inspect the compiled markup; Preview
// evaluates the liquid instead. It counts against the 5 requests per second
// limit of render, preview, review, link and publish; a 429 is waited out by
// the client's retry strategy.
func (s *DesignEmailsService) Render(ctx context.Context, id string) (*RenderResult, error) {
	p := newProblems("app.DesignEmails.Render")
	path := designEmailPath(p, id, "render")
	out, err := fetch[RenderResult](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// PreviewRequest is the sample data a preview evaluates the liquid against;
// every field is optional. With nothing set, each variable renders its default
// filter's fallback, and one without a fallback is reported in the answer's
// errors.
type PreviewRequest struct {
	// Customer holds profile attributes for {{customer.*}}.
	Customer map[string]any `json:"customer,omitempty"`
	// Event holds event attributes for {{event.*}}.
	Event map[string]any `json:"event,omitempty"`
	// Trigger holds the data of an API-triggered broadcast for {{trigger.*}}.
	Trigger map[string]any `json:"trigger,omitempty"`
	// Objects holds the custom objects for {{objects.*}}.
	Objects map[string]any `json:"objects,omitempty"`
	// Campaign, Journey and Message hold metadata for {{campaign.*}},
	// {{journey.*}} and {{message.*}}.
	Campaign map[string]any `json:"campaign,omitempty"`
	Journey  map[string]any `json:"journey,omitempty"`
	Message  map[string]any `json:"message,omitempty"`
	// Lax renders undefined variables as "" instead of reporting them; liquid
	// syntax errors are reported either way.
	Lax bool `json:"lax,omitempty"`
}

// PreviewResult is an email as a recipient would see it, with the liquid errors
// found. Errors and Links keep the shapes Customer.io gives them; Raw is the
// whole answer, for fields not named here.
type PreviewResult struct {
	HTML    string `json:"html"`
	Subject string `json:"subject"`
	// Errors holds the liquid errors by part of the email; empty or {} when
	// there are none.
	Errors json.RawMessage `json:"errors,omitempty"`
	// Links lists the links of the rendered email.
	Links json.RawMessage `json:"links,omitempty"`
	Raw   json.RawMessage `json:"-"`
}

// HasErrors reports whether the preview found liquid errors.
func (r *PreviewResult) HasErrors() bool {
	switch string(compactJSON(r.Errors)) {
	case "", "null", "{}", "[]":
		return false
	}
	return true
}

// compactJSON strips insignificant space from raw, or returns it as it is when
// it is not JSON.
func compactJSON(raw json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}

// Preview returns an email with its liquid evaluated against req's sample data
// (POST /v1/design_studio/emails/{id}/preview): the final HTML and the liquid
// errors. It reads and changes nothing, so it is retried like a GET. It counts
// against the 5 requests per second limit of render, preview, review, link and
// publish. NaN or infinity in the sample data is a *customerio.ValidationError.
func (s *DesignEmailsService) Preview(ctx context.Context, id string, req PreviewRequest) (*PreviewResult, error) {
	p := newProblems("app.DesignEmails.Preview")
	path := designEmailPath(p, id, "preview")
	body := req
	body.Customer = p.data("customer", req.Customer)
	body.Event = p.data("event", req.Event)
	body.Trigger = p.data("trigger", req.Trigger)
	body.Objects = p.data("objects", req.Objects)
	body.Campaign = p.data("campaign", req.Campaign)
	body.Journey = p.data("journey", req.Journey)
	body.Message = p.data("message", req.Message)
	raw, err := fetch[json.RawMessage](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: body, Idempotent: true}, "")
	if err != nil {
		return nil, err
	}
	var out PreviewResult
	if err := unmarshal(p.op, raw, raw, &out); err != nil {
		return nil, err
	}
	out.Raw = raw
	return &out, nil
}

// ReviewResult is Design Studio's review of an email: a readiness score, a
// status per check (liquid, source, links, images, accessibility, spam,
// unsubscribe, implied-links, html-clip, preheader, failed-components) and how
// to fix what it found. Checks and Findings keep the shapes Customer.io gives
// them; Raw is the whole answer.
type ReviewResult struct {
	NodeID string `json:"node_id"`
	// Score is the readiness score.
	Score  float64 `json:"score"`
	Status string  `json:"status"`
	// Checks holds each check's status; failed-components is always skipped
	// through the API.
	Checks json.RawMessage `json:"checks,omitempty"`
	// Findings holds what the checks found and how to fix it.
	Findings json.RawMessage `json:"findings,omitempty"`
	Raw      json.RawMessage `json:"-"`
}

// Review checks an email's saved content for errors and suggests fixes for
// accessibility, styling and more (GET /v1/design_studio/emails/{id}/review), as
// Design Studio's Review panel does. It reviews one variant; call it for each
// translation. Links and images are checked over HTTP, at most 100 each. It
// counts against the 5 requests per second limit of render, preview, review,
// link and publish.
func (s *DesignEmailsService) Review(ctx context.Context, id string) (*ReviewResult, error) {
	p := newProblems("app.DesignEmails.Review")
	path := designEmailPath(p, id, "review")
	raw, err := fetch[json.RawMessage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
	if err != nil {
		return nil, err
	}
	var out ReviewResult
	if err := unmarshal(p.op, raw, raw, &out); err != nil {
		return nil, err
	}
	out.Raw = raw
	return &out, nil
}
