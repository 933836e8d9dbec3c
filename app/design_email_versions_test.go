package app

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

func TestDesignEmailVersionsRoutes(t *testing.T) {
	t.Parallel()
	base := "/v1/design_studio/emails/" + emailID + "/versions"
	checkpoint := EmailVersion{ID: "8f14e45f-ceea-4c67-9814-b8f0e0e1a6f0", Name: "Before holiday redesign", Created: unix(1773856017)}
	testRoutes(t, []route{
		{
			name: "ListVersions in a range",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.ListVersions(ctx, emailID, VersionsOptions{Start: unix(1773850000), End: unix(1773860000)})
			},
			exchange: exchange{method: http.MethodGet, path: base, query: "end_date=1773860000&start_date=1773850000", fixture: "design_email_versions.json"},
			want: []EmailVersion{
				{ID: "8f14e45f-ceea-4c67-9814-b8f0e0e1a6f0", Name: "Before holiday redesign", Description: "checkpoint", Created: unix(1773856017)},
				{ID: "9f14e45f-ceea-4c67-9814-b8f0e0e1a6f0", Name: "Published", CreatedOnPublish: true, Created: unix(1773850000)},
			},
		},
		{
			name: "SaveVersion of unchanged content",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.SaveVersion(ctx, emailID, SaveVersionRequest{Name: "Before holiday redesign"})
			},
			exchange: exchange{method: http.MethodPost, path: base, body: `{"name":"Before holiday redesign"}`, fixture: "design_email_version_saved.json"},
			want:     &SaveVersionResult{Created: false, Version: checkpoint},
		},
		{
			name: "GetVersion",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.GetVersion(ctx, emailID, "fc70fa5f")
			},
			exchange: exchange{method: http.MethodGet, path: base + "/fc70fa5f", fixture: "design_email_version.json"},
			want: &VersionSnapshot{
				Node: VersionNode{
					NodeID: "1a0cbb4e-09d3-402e-949e-f6732f021650", NodeType: "EMAIL", Name: "Onboarding phase 1", Subject: "Welcome",
					PreheaderText: "Get started in minutes", Content: "<x-base>...</x-base>",
					Envelope: EmailEnvelope{FakeBCC: true, From: "Customer.io <noreply@example.com>", FromID: customerio.Ptr(1), Headers: EmailHeaders{}, Recipient: "{{customer.email}}"},
				},
				Dependencies: []VersionDependency{{NodeID: "1abcbb4e-402e-949e-f6732f333", NodeType: "COMPONENT", Name: "Footer", ComponentName: "footer", Content: "<script>...</script><template>...</template>"}},
				Version:      EmailVersion{ID: "fc70fa5f-5fed-49c1-be48-6508aa9875c1", Name: "Published", CreatedOnPublish: true, Created: unix(1773856017)},
			},
		},
		{
			name: "DeleteVersion",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DesignEmails.DeleteVersion(ctx, emailID, "v 1")
			},
			exchange: exchange{method: http.MethodDelete, path: base + "/v%201", status: http.StatusNoContent},
		},
		{
			name: "RestoreVersion",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.RestoreVersion(ctx, emailID, "fc70fa5f")
			},
			exchange: exchange{method: http.MethodPost, path: base + "/fc70fa5f/restore", fixture: "design_email_restore.json"},
			want:     &RestoreResult{NodeID: emailID, RestoredNodeIDs: []string{emailID}, VersionID: "fc70fa5f-5fed-49c1-be48-6508aa9875c1"},
		},
	})
}

// TestSaveVersionIsRetried: a repeated save finds the version the first attempt
// made (Customer.io answers created false for unchanged content), so a 503 is
// retried without AllowRepeat.
func TestSaveVersionIsRetried(t *testing.T) {
	t.Parallel()
	path := "/v1/design_studio/emails/" + emailID + "/versions"
	srv := newServer(t,
		exchange{method: http.MethodPost, path: path, body: `{"name":"v"}`, status: http.StatusServiceUnavailable},
		exchange{method: http.MethodPost, path: path, body: `{"name":"v"}`, fixture: "design_email_version_saved.json"},
	)
	c := srv.client(customerio.WithRetry(retry.Exponential(retry.Delays(time.Millisecond, time.Millisecond), retry.MaxAttempts(3))))
	got, err := c.DesignEmails.SaveVersion(t.Context(), emailID, SaveVersionRequest{Name: "v"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Created || got.Version.ID == "" {
		t.Errorf("result %+v", got)
	}
}

func TestDesignEmailVersionsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"ListVersions with an end and no start", "end_date", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.ListVersions(ctx, emailID, VersionsOptions{End: unix(1773860000)})
			return err
		}},
		{"ListVersions with an end before the start", "end_date", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.ListVersions(ctx, emailID, VersionsOptions{Start: unix(1773860000), End: unix(1773850000)})
			return err
		}},
		{"SaveVersion without a name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.SaveVersion(ctx, emailID, SaveVersionRequest{})
			return err
		}},
		{"SaveVersion with a 101-character name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.SaveVersion(ctx, emailID, SaveVersionRequest{Name: strings.Repeat("v", 101)})
			return err
		}},
		{"GetVersion of a blank version", "version_id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.GetVersion(ctx, emailID, "")
			return err
		}},
		{"RestoreVersion of a blank email", "id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.RestoreVersion(ctx, "", "v1")
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
