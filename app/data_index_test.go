package app

import (
	"context"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func TestDataIndexRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "UpdateAttributes",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DataIndex.UpdateAttributes(ctx, []AttributeMetadata{
					{Name: "last_active", Description: "The last time the user clicked something."},
					{Name: "ssn", Sensitive: customerio.Ptr(true)},
					{Name: "plan", Sensitive: customerio.Ptr(false)},
				})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/data_index/attributes", status: http.StatusNoContent,
				body: `{"attributes":[{"name":"last_active","description":"The last time the user clicked something."},` +
					`{"name":"ssn","privacy_level":1},{"name":"plan","privacy_level":0}]}`},
		},
		{
			name: "UpdateEvents",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DataIndex.UpdateEvents(ctx, []EventMetadata{{Name: "purchase_completed", Description: "User completed a purchase"}, {Name: "login"}})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/data_index/events", status: http.StatusNoContent,
				body: `{"events":[{"name":"purchase_completed","description":"User completed a purchase"},{"name":"login"}]}`},
		},
	})
}

func TestDataIndexRefusesBadInput(t *testing.T) {
	t.Parallel()
	attrs := func(a []AttributeMetadata) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { return c.DataIndex.UpdateAttributes(ctx, a) }
	}
	events := func(e []EventMetadata) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { return c.DataIndex.UpdateEvents(ctx, e) }
	}
	testRefusals(t, []refusal{
		{"no attributes", attrs(nil), "attributes"},
		{"too many attributes", attrs(make([]AttributeMetadata, MaxDataIndexUpdates+1)), "attributes"},
		{"blank attribute name", attrs([]AttributeMetadata{{Name: "a"}, {Name: " "}}), "attributes[1].name"},
		{"long description", attrs([]AttributeMetadata{{Name: "a", Description: strings.Repeat("d", MaxDataIndexDescriptionLength+1)}}), "attributes[0].description"},
		{"no events", events([]EventMetadata{}), "events"},
		{"blank event name", events([]EventMetadata{{}}), "events[0].name"},
	})
}

// TestDataIndexUpdatesAreRetried pins that both routes are sent as retry-safe
// POSTs: a 503 answer is repeated, where a send would not be.
func TestDataIndexUpdatesAreRetried(t *testing.T) {
	t.Parallel()
	body := `{"events":[{"name":"login"}]}`
	srv := newServer(t,
		exchange{method: http.MethodPost, path: "/v1/data_index/events", body: body, status: http.StatusServiceUnavailable},
		exchange{method: http.MethodPost, path: "/v1/data_index/events", body: body, status: http.StatusNoContent},
	)
	if err := srv.client(noWait()).DataIndex.UpdateEvents(t.Context(), []EventMetadata{{Name: "login"}}); err != nil {
		t.Fatal(err)
	}
	if n := srv.calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
