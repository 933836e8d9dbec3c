package app

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

func TestDesignEmailChecksRoutes(t *testing.T) {
	t.Parallel()
	base := "/v1/design_studio/emails/" + emailID
	testRoutes(t, []route{
		{
			name:     "Render",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.DesignEmails.Render(ctx, emailID) },
			exchange: exchange{method: http.MethodGet, path: base + "/render", fixture: "design_email_render.json"},
			want: &RenderResult{
				HTML:   "<!doctype html>\n<html lang=\"und\">...\n<p>{{customer.first_name}}, welcome!</p>\n...\n</html>",
				Text:   "<html><head></head><body style=\"margin:0\"><div>{{customer.first_name}}, welcome!</div></body></html>",
				NodeID: "1a0cbb4e-09d3-402e-949e-f6732f021650", NodeType: "EMAIL",
			},
		},
	})
}

func TestDesignEmailPreviewSendsSampleDataAndKeepsTheAnswer(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{
		method: http.MethodPost, path: "/v1/design_studio/emails/" + emailID + "/preview",
		body:    `{"customer":{"first_name":"Ada","signed_up":1773856017},"event":{"plan":"pro"},"lax":true}`,
		fixture: "design_email_preview.json",
	})
	got, err := srv.client().DesignEmails.Preview(t.Context(), emailID, PreviewRequest{
		Customer: map[string]any{"first_name": "Ada", "signed_up": time.Unix(1773856017, 0)},
		Event:    map[string]any{"plan": "pro"},
		Lax:      true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.HTML != `<p>Ada, welcome!</p><a href="https://example.com/start">Start</a>` || got.Subject != "Hi Ada" {
		t.Errorf("html %q subject %q", got.HTML, got.Subject)
	}
	if !got.HasErrors() || !sameJSON(t, got.Errors, []byte(`{"html":["undefined variable customer.plan"]}`)) {
		t.Errorf("errors %s", got.Errors)
	}
	if !sameJSON(t, got.Links, []byte(`["https://example.com/start"]`)) {
		t.Errorf("links %s", got.Links)
	}
	var raw map[string]any
	if err := json.Unmarshal(got.Raw, &raw); err != nil || raw["text"] != "Ada, welcome!" {
		t.Errorf("Raw %s lost the fields not named", got.Raw)
	}
	if (&PreviewResult{Errors: json.RawMessage(" { } ")}).HasErrors() {
		t.Error("an empty errors object reports errors")
	}
}

// TestDesignEmailPreviewIsRetried: a preview only reads, so a 503 is retried
// like a GET even without AllowRepeat.
func TestDesignEmailPreviewIsRetried(t *testing.T) {
	t.Parallel()
	path := "/v1/design_studio/emails/" + emailID + "/preview"
	srv := newServer(t,
		exchange{method: http.MethodPost, path: path, body: `{}`, status: http.StatusServiceUnavailable},
		exchange{method: http.MethodPost, path: path, body: `{}`, fixture: "design_email_preview.json"},
	)
	c := srv.client(customerio.WithRetry(retry.Exponential(retry.Delays(time.Millisecond, time.Millisecond), retry.MaxAttempts(3))))
	if _, err := c.DesignEmails.Preview(t.Context(), emailID, PreviewRequest{}); err != nil {
		t.Fatal(err)
	}
	if n := srv.calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestDesignEmailReviewKeepsChecksAndFindings(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodGet, path: "/v1/design_studio/emails/" + emailID + "/review", fixture: "design_email_review.json"})
	got, err := srv.client().DesignEmails.Review(t.Context(), emailID)
	if err != nil {
		t.Fatal(err)
	}
	if got.NodeID != "1a0cbb4e-09d3-402e-949e-f6732f021650" || got.Score != 75 || got.Status != "needs_attention" {
		t.Errorf("review %+v", got)
	}
	if !sameJSON(t, got.Checks, []byte(`{"liquid":"passed","unsubscribe":"failed","failed-components":"skipped"}`)) {
		t.Errorf("checks %s", got.Checks)
	}
	if !sameJSON(t, got.Findings, []byte(`[{"check":"unsubscribe","message":"add an unsubscribe link"}]`)) {
		t.Errorf("findings %s", got.Findings)
	}
	if len(got.Raw) == 0 {
		t.Error("Raw is empty")
	}
}

func TestDesignEmailChecksValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := srv.client()
	_, err := c.DesignEmails.Render(t.Context(), "")
	assertValidation(t, err, "id")
	_, err = c.DesignEmails.Review(t.Context(), "")
	assertValidation(t, err, "id")
	_, err = c.DesignEmails.Preview(t.Context(), emailID, PreviewRequest{Customer: map[string]any{"score": math.NaN()}})
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("error %v, want a *ValidationError for NaN sample data", err)
	}
}
