package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

var events = Collection{
	ID: 1, Name: "events", Bytes: 296, Rows: 2, Schema: []string{"eventDate", "eventName", "presents"},
	CreatedAt: unix(1552341937), UpdatedAt: unix(1552341999),
}

func TestCollectionsRoutes(t *testing.T) {
	t.Parallel()
	rows := []map[string]any{{"eventName": "christmas", "eventDate": time.Unix(1640433600, 0)}, {"eventName": "birthday"}}
	testRoutes(t, []route{
		{
			name: "Create",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Collections.Create(ctx, "events", rows) },
			exchange: exchange{method: http.MethodPost, path: "/v1/collections",
				body:    `{"name":"events","data":[{"eventName":"christmas","eventDate":1640433600},{"eventName":"birthday"}]}`,
				fixture: "collection.json"},
			want: &events,
		},
		{
			name: "Create empty",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Collections.Create(ctx, "events", []map[string]any{})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/collections", body: `{"name":"events","data":[]}`, fixture: "collection.json"},
			want:     &events,
		},
		{
			name: "CreateFromURL",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Collections.CreateFromURL(ctx, "events", "https://example.com/events.csv")
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/collections", body: `{"name":"events","url":"https://example.com/events.csv"}`, fixture: "collection.json"},
			want:     &events,
		},
		{
			name:     "List",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Collections.List(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/collections", fixture: "collections.json"},
			want: []Collection{events, {ID: 2, Name: "stores", Schema: []string{},
				CreatedAt: unix(1552342000), UpdatedAt: unix(1552342000)}},
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Collections.Get(ctx, 1) },
			exchange: exchange{method: http.MethodGet, path: "/v1/collections/1", fixture: "collection.json"},
			want:     &events,
		},
		{
			name:     "GetContents",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Collections.GetContents(ctx, 1) },
			exchange: exchange{method: http.MethodGet, path: "/v1/collections/1/content", fixture: "collection_contents.json"},
			want: json.RawMessage(`[{"eventName":"christmas","eventDate":"2021-12-25T12:00:00.000Z","presents":{"something_you_want":"toys","something_you_need":"socks","total":2}}]` +
				"\n"),
		},
		{
			name:     "Delete",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Collections.Delete(ctx, 1) },
			exchange: exchange{method: http.MethodDelete, path: "/v1/collections/1", status: http.StatusNoContent},
		},
		{
			name: "Update renames",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Collections.Update(ctx, 1, UpdateCollectionRequest{Name: "events"})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/collections/1", body: `{"name":"events"}`, fixture: "collection.json"},
			want:     &events,
		},
		{
			name: "Update replaces rows",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Collections.Update(ctx, 1, UpdateCollectionRequest{Rows: []map[string]any{{"a": 1}}})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/collections/1", body: `{"data":[{"a":1}]}`, fixture: "collection.json"},
			want:     &events,
		},
		{
			name: "Update replaces the URL",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Collections.Update(ctx, 1, UpdateCollectionRequest{Name: "e2", URL: "https://example.com/e.json"})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/collections/1", body: `{"name":"e2","url":"https://example.com/e.json"}`, fixture: "collection.json"},
			want:     &events,
		},
		{
			name: "ReplaceContents with rows",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Collections.ReplaceContents(ctx, 1, rows)
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/collections/1/content",
				body: `[{"eventName":"christmas","eventDate":1640433600},{"eventName":"birthday"}]`, fixture: "collection.json"},
			want: &events,
		},
		{
			name: "ReplaceContents with an object",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Collections.ReplaceContents(ctx, 1, map[string]any{"eventName": "christmas"})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/collections/1/content", body: `{"eventName":"christmas"}`, fixture: "collection.json"},
			want:     &events,
		},
	})
}

func TestCollectionsRefuseBadInputAndOversizedContents(t *testing.T) {
	t.Parallel()
	bigRow := map[string]any{"blob": strings.Repeat("x", MaxCollectionRowBytes)}
	// 1100 rows of about 9.1 KB each: every row fits, the whole does not.
	var many []map[string]any
	for range 1100 {
		many = append(many, map[string]any{"blob": strings.Repeat("y", 9_100)})
	}
	create := func(name string, rows []map[string]any) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Collections.Create(ctx, name, rows)
			return err
		}
	}
	update := func(req UpdateCollectionRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Collections.Update(ctx, 1, req)
			return err
		}
	}
	replace := func(contents any) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Collections.ReplaceContents(ctx, 1, contents)
			return err
		}
	}
	testRefusals(t, []refusal{
		{"create blank name", create(" ", []map[string]any{}), "name"},
		{"create nil rows", create("events", nil), "data"},
		{"create nil row", create("events", []map[string]any{{"a": 1}, nil}), "data[1]"},
		{"create row over the row limit", create("events", []map[string]any{bigRow}), "data[0]"},
		{"create over the collection limit", create("events", many), "data"},
		{"create from a relative URL", func(ctx context.Context, c *Client) error {
			_, err := c.Collections.CreateFromURL(ctx, "events", "/events.csv")
			return err
		}, "url"},
		{"get id 0", func(ctx context.Context, c *Client) error { _, err := c.Collections.Get(ctx, 0); return err }, "collection_id"},
		{"contents id -1", func(ctx context.Context, c *Client) error { _, err := c.Collections.GetContents(ctx, -1); return err }, "collection_id"},
		{"delete id 0", func(ctx context.Context, c *Client) error { return c.Collections.Delete(ctx, 0) }, "collection_id"},
		{"update nothing", update(UpdateCollectionRequest{}), ""},
		{"update rows and URL", update(UpdateCollectionRequest{Rows: []map[string]any{}, URL: "https://example.com/a.csv"}), "data"},
		{"update blank name", update(UpdateCollectionRequest{Name: "  "}), "name"},
		{"update over the limit", update(UpdateCollectionRequest{Rows: many}), "data"},
		{"replace nil", replace(nil), "contents"},
		{"replace a string", replace("rows"), "contents"},
		{"replace rows over the limit", replace(many), "contents"},
		{"replace other contents over the limit", replace([]any{strings.Repeat("z", MaxCollectionBytes)}), ""},
	})
}
