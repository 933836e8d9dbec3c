package app

import (
	"context"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

var cherAmi = SenderIdentity{
	ID: 4534, DeduplicateID: "4534:1478035647", Name: "Cher Ami", Email: "test@example.com",
	Address: "Cher Ami <test@example.com>", TemplateType: "email",
}

func TestSenderIdentitiesRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "List",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SenderIdentities.List(ctx, SenderIdentitiesOptions{ListOptions: ListOptions{Start: "a", Limit: customerio.Ptr(1)}, Sort: SortDescending, Hidden: customerio.Ptr(true)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/sender_identities", query: "hidden=true&limit=1&sort=desc&start=a", fixture: "sender_identities.json"},
			want:     ListPage[SenderIdentity]{Items: []SenderIdentity{cherAmi}, Next: "c2k6Mg=="},
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.SenderIdentities.Get(ctx, 4534) },
			exchange: exchange{method: http.MethodGet, path: "/v1/sender_identities/4534", fixture: "sender_identity.json"},
			want:     &cherAmi,
		},
		{
			name:     "GetUsedBy",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.SenderIdentities.GetUsedBy(ctx, 4534) },
			exchange: exchange{method: http.MethodGet, path: "/v1/sender_identities/4534/used_by", fixture: "sender_identity_used_by.json"},
			want:     &SenderUsage{Campaigns: []int{1}, SentNewsletters: []int{2}, DraftNewsletters: []int{3}},
		},
		{
			name:     "GetUsedBy reads a used_by wrapper",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.SenderIdentities.GetUsedBy(ctx, 7) },
			exchange: exchange{method: http.MethodGet, path: "/v1/sender_identities/7/used_by", fixture: "segment_used_by.json"},
			want:     &SenderUsage{Campaigns: []int{3, 8}, SentNewsletters: []int{12}, DraftNewsletters: []int{}},
		},
	})
}

func TestSenderIdentitiesAllWalksEveryPage(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/sender_identities", query: "sort=asc", fixture: "sender_identities.json"},
		exchange{method: http.MethodGet, path: "/v1/sender_identities", query: "sort=asc&start=c2k6Mg%3D%3D", fixture: "sender_identities_last.json"},
	)
	var ids []int
	for s, err := range srv.client().SenderIdentities.All(t.Context(), SenderIdentitiesOptions{Sort: SortAscending}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	if len(ids) != 2 || ids[0] != 4534 || ids[1] != 4535 {
		t.Errorf("ids = %v, want [4534 4535]", ids)
	}
}

func TestSenderIdentitiesValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"List with an unknown sort", "sort", func(ctx context.Context, c *Client) error {
			_, err := c.SenderIdentities.List(ctx, SenderIdentitiesOptions{Sort: "newest"})
			return err
		}},
		{"List with a negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.SenderIdentities.List(ctx, SenderIdentitiesOptions{ListOptions: ListOptions{Limit: customerio.Ptr(-1)}})
			return err
		}},
		{"Get sender 0", "sender_id", func(ctx context.Context, c *Client) error {
			_, err := c.SenderIdentities.Get(ctx, 0)
			return err
		}},
		{"GetUsedBy sender -1", "sender_id", func(ctx context.Context, c *Client) error {
			_, err := c.SenderIdentities.GetUsedBy(ctx, -1)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertValidation(t, tt.call(t.Context(), newServer(t).client()), tt.field)
		})
	}
}
