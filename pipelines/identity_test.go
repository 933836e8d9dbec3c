package pipelines_test

import (
	"context"
	"errors"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestIdentifyByEmailSendsEmptyUserID checks that an Identify naming the
// person by traits.email only carries "userId": "", queued and alone, as the
// Data Pipelines API asks of an identify without ids.
func TestIdentifyByEmailSendsEmptyUserID(t *testing.T) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL))
	msg := pipelines.Identify{Traits: pipelines.Traits{}.SetEmail("ada@example.com")}
	if err := c.Identify(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	for name, body := range map[string][]byte{"queued": decodeBatch(t, reqs[0].Body).Batch[0], "sent alone": reqs[1].Body} {
		m := decodeObject(t, body)
		if id, ok := m["userId"]; !ok || id != "" {
			t.Errorf("%s: userId %v (present %v), want \"\"", name, id, ok)
		}
		if _, ok := m["anonymousId"]; ok {
			t.Errorf("%s: anonymousId sent", name)
		}
	}
}

// TestWhitespaceOnlyIDsRefused checks that an id made only of spaces or tabs
// is a ValidationError before any request.
func TestWhitespaceOnlyIDsRefused(t *testing.T) {
	tests := []struct {
		name  string
		call  func(context.Context, *pipelines.Client) error
		field string
	}{
		{"identify userId", func(ctx context.Context, c *pipelines.Client) error {
			return c.Identify(ctx, pipelines.Identify{UserID: "  "})
		}, "userId"},
		{"identify anonymousId with email", func(ctx context.Context, c *pipelines.Client) error {
			return c.Identify(ctx, pipelines.Identify{AnonymousID: "\t", Traits: pipelines.Traits{}.SetEmail("a@example.com")})
		}, "anonymousId"},
		{"track userId", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: " \t ", Event: "e"})
		}, "userId"},
		{"page anonymousId", func(ctx context.Context, c *pipelines.Client) error {
			return c.Page(ctx, pipelines.Page{AnonymousID: " "})
		}, "anonymousId"},
		{"screen userId", func(ctx context.Context, c *pipelines.Client) error {
			return c.Screen(ctx, pipelines.Screen{UserID: "\t"})
		}, "userId"},
		{"group groupId", func(ctx context.Context, c *pipelines.Client) error {
			return c.Group(ctx, pipelines.Group{UserID: "1", GroupID: "   "})
		}, "groupId"},
		{"alias previousId", func(ctx context.Context, c *pipelines.Client) error {
			return c.Alias(ctx, pipelines.Alias{UserID: "1", PreviousID: " "})
		}, "previousId"},
		{"send userId", func(ctx context.Context, c *pipelines.Client) error {
			return c.Send(ctx, pipelines.Track{UserID: " ", Event: "e"})
		}, "userId"},
	}
	c := newClient(t, unreachable(t))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(t.Context(), c)
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != tc.field {
				t.Fatalf("got %v, want a ValidationError for %s", err, tc.field)
			}
		})
	}
}
