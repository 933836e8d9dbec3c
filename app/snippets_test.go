package app

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

var address = Snippet{Name: "address", Value: "<strong>My Company</strong></br>1234 Fake St<br/>Fake,NY<br/>10111", UpdatedAt: unix(1582500000)}

func TestSnippetsRoutes(t *testing.T) {
	t.Parallel()
	body := `{"name":"address","value":"<strong>My Company</strong></br>1234 Fake St<br/>Fake,NY<br/>10111"}`
	testRoutes(t, []route{
		{
			name:     "List",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Snippets.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/snippets", fixture: "snippets.json"},
			want:     []Snippet{address, {Name: "footer", Value: "Bye", UpdatedAt: unix(1582500100)}},
		},
		{
			name: "Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Snippets.Create(ctx, address.Name, address.Value)
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/snippets", body: body, fixture: "snippet.json"},
			want:     &address,
		},
		{
			name: "CreateOrUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Snippets.CreateOrUpdate(ctx, address.Name, address.Value)
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/snippets", body: body, fixture: "snippet.json"},
			want:     &address,
		},
		{
			name:     "Delete escapes the name",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Snippets.Delete(ctx, "foot/er 2") },
			exchange: exchange{method: http.MethodDelete, path: "/v1/snippets/foot%2Fer%202", status: http.StatusNoContent},
		},
	})
}

func TestSnippetsRefuseBadInput(t *testing.T) {
	t.Parallel()
	create := func(name, value string) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Snippets.Create(ctx, name, value); return err }
	}
	testRefusals(t, []refusal{
		{"blank name", create(" ", "v"), "name"},
		{"blank value", create("n", "\t"), "value"},
		{"name over 150 characters", create(strings.Repeat("é", MaxSnippetNameLength+1), "v"), "name"},
		{"upsert blank name", func(ctx context.Context, c *Client) error {
			_, err := c.Snippets.CreateOrUpdate(ctx, "", "v")
			return err
		}, "name"},
		{"delete blank name", func(ctx context.Context, c *Client) error { return c.Snippets.Delete(ctx, "") }, "snippet_name"},
	})
}

func TestSnippetNameAtTheLimitIsSent(t *testing.T) {
	t.Parallel()
	name := "  " + strings.Repeat("é", MaxSnippetNameLength) + " "
	srv := newServer(t, exchange{method: http.MethodPost, path: "/v1/snippets", body: `{"name":"` + name + `","value":"v"}`, fixture: "snippet.json"})
	if _, err := srv.client().Snippets.Create(t.Context(), name, "v"); err != nil {
		t.Fatal(err)
	}
}
