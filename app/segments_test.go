package app

import (
	"context"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

var betaTesters = Segment{
	ID: 12, DeduplicateID: "12:1691000000", Name: "Beta testers", Description: "Opted into the beta",
	State: "events", Type: "manual", CreatedAt: unix(1691000000), UpdatedAt: unix(1691000000),
}

func TestSegmentsRoutes(t *testing.T) {
	t.Parallel()
	building := Segment{
		ID: 12, DeduplicateID: "12:1691000000", Name: "Beta testers", State: "build", Progress: 40,
		Type: "manual", CreatedAt: unix(1691000000), UpdatedAt: unix(1691000000),
	}
	testRoutes(t, []route{
		{
			name:     "List",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Segments.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/segments", fixture: "segments.json"},
			want:     []Segment{paying, building},
		},
		{
			name: "Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Segments.Create(ctx, CreateSegmentRequest{Name: "Beta testers", Description: "Opted into the beta"})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/segments", body: `{"segment":{"name":"Beta testers","description":"Opted into the beta"}}`, fixture: "segment.json"},
			want:     &betaTesters,
		},
		{
			name: "Create without description",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Segments.Create(ctx, CreateSegmentRequest{Name: "Beta testers"})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/segments", body: `{"segment":{"name":"Beta testers"}}`, fixture: "segment.json"},
			want:     &betaTesters,
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Segments.Get(ctx, 12) },
			exchange: exchange{method: http.MethodGet, path: "/v1/segments/12", fixture: "segment.json"},
			want:     &betaTesters,
		},
		{
			name: "Delete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Segments.Delete(ctx, 12)
			},
			exchange: exchange{method: http.MethodDelete, path: "/v1/segments/12", status: http.StatusNoContent},
			want:     nil,
		},
		{
			name:     "GetCustomerCount",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Segments.GetCustomerCount(ctx, 7) },
			exchange: exchange{method: http.MethodGet, path: "/v1/segments/7/customer_count", fixture: "segment_count.json"},
			want:     1234,
		},
		{
			name:     "GetUsedBy",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Segments.GetUsedBy(ctx, 7) },
			exchange: exchange{method: http.MethodGet, path: "/v1/segments/7/used_by", fixture: "segment_used_by.json"},
			want:     &SegmentUsage{Campaigns: []int{3, 8}, SentNewsletters: []int{12}, DraftNewsletters: []int{}},
		},
		{
			name: "ListMembers",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Segments.ListMembers(ctx, 7, ListOptions{Limit: customerio.Ptr(1000)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/segments/7/membership", query: "limit=1000", fixture: "segment_membership.json"},
			want:     ListPage[customerio.Identifiers]{Items: []customerio.Identifiers{jane, {Email: "joe@example.com", CIOID: "a3000003"}}, Next: "NDI="},
		},
		{
			name: "ListMembers reads the legacy ids list",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Segments.ListMembers(ctx, 7, ListOptions{Start: "NDI="})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/segments/7/membership", query: "start=NDI%3D", fixture: "segment_membership_legacy.json"},
			want:     ListPage[customerio.Identifiers]{Items: []customerio.Identifiers{{ID: "42"}, {ID: "43"}}},
		},
	})
}

func TestSegmentsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Create with an empty name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Segments.Create(ctx, CreateSegmentRequest{Description: "no name"})
			return err
		}},
		{"Get segment 0", "segment_id", func(ctx context.Context, c *Client) error {
			_, err := c.Segments.Get(ctx, 0)
			return err
		}},
		{"Delete a negative id", "segment_id", func(ctx context.Context, c *Client) error {
			return c.Segments.Delete(ctx, -1)
		}},
		{"GetCustomerCount segment 0", "segment_id", func(ctx context.Context, c *Client) error {
			_, err := c.Segments.GetCustomerCount(ctx, 0)
			return err
		}},
		{"GetUsedBy segment 0", "segment_id", func(ctx context.Context, c *Client) error {
			_, err := c.Segments.GetUsedBy(ctx, 0)
			return err
		}},
		{"ListMembers segment 0", "segment_id", func(ctx context.Context, c *Client) error {
			_, err := c.Segments.ListMembers(ctx, 0, ListOptions{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			assertValidation(t, tt.call(t.Context(), srv.client()), tt.field)
		})
	}
}
