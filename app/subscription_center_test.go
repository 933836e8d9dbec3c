package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func TestSubscriptionCenterRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name:     "Topics",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.SubscriptionCenter.Topics(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/subscription_topics", fixture: "subscription_center_topics.json"},
			want:     []SubscriptionTopic{{ID: 4, Identifier: "topic_4", Name: "Product Updates", Description: "For people who want updates on product releases."}},
		},
		{
			name:     "Channels",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.SubscriptionCenter.Channels(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/subscription_channels", fixture: "subscription_center_channels.json"},
			want:     []SubscriptionChannel{{ID: 1, Type: "email", Name: "Email", Description: "Email messages", SubscribedByDefault: true}},
		},
	})
}

const subscriptionToken = "tok-SECRET-9z8y7x"

func TestSubscriptionCenterLinkIsReadAndNeverPrinted(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodGet, path: "/v1/subscription_center/jane@example.com/token", fixture: "subscription_center_token.json"})
	link, err := srv.client().SubscriptionCenter.Link(t.Context(), "jane@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if link.Token() != subscriptionToken || link.URL() != "https://track.customer.io/u/i/"+subscriptionToken+"/" {
		t.Errorf("Token %q, URL %q", link.Token(), link.URL())
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("link", "link", link)
	for _, out := range []string{fmt.Sprint(link), fmt.Sprintf("%+v %#v %s %q", link, link, link, link), fmt.Sprint(*link), logged.String()} {
		if strings.Contains(out, "SECRET") {
			t.Errorf("the token is printed: %s", out)
		}
	}
}

// TestSubscriptionCenterLinkDecodeErrorHoldsNoBody pins that an answer that
// does not decode is reported without the body, which may hold the token.
func TestSubscriptionCenterLinkDecodeErrorHoldsNoBody(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodGet, path: "/v1/subscription_center/42/token", fixture: "subscription_center_token_bad.json"})
	_, err := srv.client().SubscriptionCenter.Link(t.Context(), "42")
	if err == nil {
		t.Fatal("want a decode error")
	}
	if out := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(out, "SECRET") {
		t.Errorf("the token is in the error: %s", out)
	}
}

func TestSubscriptionCenterLinkRefusesABlankPerson(t *testing.T) {
	t.Parallel()
	_, err := newServer(t).client().SubscriptionCenter.Link(t.Context(), "  ")
	assertValidation(t, err, "customer_id")
}
