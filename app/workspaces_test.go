package app

import (
	"context"
	"net/http"
	"testing"
)

func TestWorkspacesAndInfoRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name:     "Workspaces.List reads string and numeric ids",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Workspaces.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/workspaces", fixture: "workspaces.json"},
			want: []Workspace{
				{ID: "13XXXX", Name: "Workspace 1", MessagesSent: 100202, BillableMessagesSent: 75124, People: 25666, ObjectTypes: 4, Objects: 10},
				{ID: "140001", Name: "Workspace 2", People: 1},
			},
		},
		{
			name:     "Info.IPAddresses",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Info.IPAddresses(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/info/ip_addresses", fixture: "info_ip_addresses.json"},
			want:     []string{"35.188.196.183", "104.198.177.219"},
		},
	})
}
