package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// SubscriptionCenterService reads a workspace's subscription center: the topics
// and channels people subscribe to, and links to a person's own subscription
// page.
type SubscriptionCenterService struct{ api *transport.Client }

// SubscriptionTopic is one topic of the subscription center. Customer.io
// records preferences by Identifier, while people see Name.
type SubscriptionTopic struct {
	ID int `json:"id"`
	// Identifier is "topic_<id>", the key of the topic in a person's
	// subscription preferences.
	Identifier  string `json:"identifier"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// SubscribedByDefault reports a topic people are in until they opt out.
	SubscribedByDefault bool `json:"subscribed_by_default"`
}

// SubscriptionChannel is one delivery channel of the subscription center.
type SubscriptionChannel struct {
	ID int `json:"id"`
	// Type is email, twilio (SMS), push, in_app, inbox, slack, line, whatsapp
	// or urban_airship.
	Type        string `json:"type"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// SubscribedByDefault reports a channel people are in until they opt out.
	SubscribedByDefault bool `json:"subscribed_by_default"`
}

// Topics returns the subscription topics of the workspace (GET
// /v1/subscription_topics); an empty slice when there are none.
func (s *SubscriptionCenterService) Topics(ctx context.Context) ([]SubscriptionTopic, error) {
	p := newProblems("app.SubscriptionCenter.Topics")
	return fetch[[]SubscriptionTopic](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/subscription_topics"}, "topics")
}

// Channels returns the subscription channels of the workspace (GET
// /v1/subscription_channels); an empty slice when the subscription center has
// no channel options.
func (s *SubscriptionCenterService) Channels(ctx context.Context) ([]SubscriptionChannel, error) {
	p := newProblems("app.SubscriptionCenter.Channels")
	return fetch[[]SubscriptionChannel](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/subscription_channels"}, "channels")
}

// SubscriptionCenterLink is a signed link to one person's subscription page.
// Anyone holding it can change that person's preferences for 24 hours, so it
// is a credential: it is read only through Token and URL, and String, Format,
// GoString and LogValue print it redacted. The link sits behind a pointer, so
// even a struct that embeds a SubscriptionCenterLink in an unexported field
// prints an address, never the token.
type SubscriptionCenterLink struct {
	secret *linkSecret
}

type linkSecret struct{ token, url string }

// Token is the signed token, usable as
// https://<your link tracking domain>/u/i/<token>/.
func (l SubscriptionCenterLink) Token() string {
	if l.secret == nil {
		return ""
	}
	return l.secret.token
}

// URL is the full link to the person's subscription page.
func (l SubscriptionCenterLink) URL() string {
	if l.secret == nil {
		return ""
	}
	return l.secret.url
}

// String hides the link.
func (l SubscriptionCenterLink) String() string { return "app.SubscriptionCenterLink{[redacted]}" }

// GoString hides the link.
func (l SubscriptionCenterLink) GoString() string { return l.String() }

// Format prints String for every verb.
func (l SubscriptionCenterLink) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, l.String()) }

// LogValue hides the link from slog.
func (l SubscriptionCenterLink) LogValue() slog.Value { return slog.StringValue(l.String()) }

// Link generates a signed link to a person's standalone subscription page (GET
// /v1/subscription_center/{customer_id}/token), valid for 24 hours, for
// instance for an account-settings page. customerID is the person's id or
// email address as Customer.io knows it; a blank one is a
// *customerio.ValidationError. Customer.io answers 400 for a person it does
// not know.
func (s *SubscriptionCenterService) Link(ctx context.Context, customerID string) (*SubscriptionCenterLink, error) {
	p := newProblems("app.SubscriptionCenter.Link")
	p.blank("customer_id", customerID)
	path := transport.Path("/v1/subscription_center", customerID, "token")
	var answer struct {
		Token string `json:"token"`
		URL   string `json:"url"`
	}
	body, err := fetchBody(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		// The body is left out of the error: it may hold the token.
		return nil, &customerio.DecodeError{Op: p.op, Err: err}
	}
	return &SubscriptionCenterLink{secret: &linkSecret{token: answer.Token, url: answer.URL}}, nil
}
