package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestNewsletterPostsThatCreateOrSendAreNotRetried pins that a 503 to a POST
// that creates or sends is returned, not repeated (Customer.io may have
// acted on it), while a read answered 503 is sent again.
func TestNewsletterPostsThatCreateOrSendAreNotRetried(t *testing.T) {
	t.Parallel()
	translation := NewsletterTranslation{Language: "es", SMS: &NewsletterSMS{Body: "hola"}}
	calls := []struct {
		name  string
		call  func(context.Context, *Client) error
		tries int32
	}{
		{"Create", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Create(ctx, NewNewsletter{Name: "n", Recipients: InSegment(1), SendNow: true, Email: email()})
			return err
		}, 1},
		{"Send", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Send(ctx, 1, nil)
			return err
		}, 1},
		{"Schedule", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Schedule(ctx, 1, NewsletterSchedule{})
			return err
		}, 1},
		{"CreateLanguage", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateLanguage(ctx, 1, translation)
			return err
		}, 1},
		{"CreateTestGroup", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateTestGroup(ctx, 1)
			return err
		}, 1},
		{"CreateTestGroupLanguage", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.CreateTestGroupLanguage(ctx, 1, "0", translation)
			return err
		}, 1},
		{"Get is retried", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.Get(ctx, 1)
			return err
		}, 3},
		{"UpdateContent is retried", func(ctx context.Context, c *Client) error {
			_, err := c.Newsletters.UpdateContent(ctx, 1, 2, ContentUpdate{})
			return err
		}, 3},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				w.WriteHeader(http.StatusServiceUnavailable)
			}))
			t.Cleanup(srv.Close)
			c, err := New(testKey, customerio.WithBaseURL(srv.URL), noWait())
			if err != nil {
				t.Fatal(err)
			}
			var apiErr *customerio.APIError
			if err := tt.call(t.Context(), c); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("err = %v, want the 503", err)
			}
			if got := n.Load(); got != tt.tries {
				t.Errorf("sent %d times, want %d", got, tt.tries)
			}
		})
	}
}
