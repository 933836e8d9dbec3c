package track

import (
	"context"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// The D2 table: every path argument is escaped as exactly one path segment, with
// url.PathEscape semantics plus "+" as "%2B" (open point O1).
var escapeCases = []struct {
	id   string
	want string
}{
	{"42", "42"},
	{"a/b", "a%2Fb"},
	{"a b", "a%20b"},
	{"a%b", "a%25b"},
	{"a?b", "a%3Fb"},
	{"a#b", "a%23b"},
	{"a;b,c", "a%3Bb%2Cc"},
	{"ü", "%C3%BC"},
	{"user@example.com", "user@example.com"},
	{"a+b@x.com", "a%2Bb@x.com"},
	{"!'()*", "%21%27%28%29%2A"},
	{"tok-abc", "tok-abc"},
	{"a@b", "a@b"},
	{"tok+=/x", "tok%2B=%2Fx"},
	{"cio_03000001", "cio_03000001"},
	{"Zoë Smith+news/2024@exämple.com", "Zo%C3%AB%20Smith%2Bnews%2F2024@ex%C3%A4mple.com"},
}

func TestPathEscaping(t *testing.T) {
	calls := []struct {
		name string
		call func(ctx context.Context, c *Client, id string) error
		path func(seg string) string
	}{
		{"identify", func(ctx context.Context, c *Client, id string) error { return c.Identify(ctx, id, nil) },
			func(seg string) string { return "/api/v1/customers/" + seg }},
		{"track", func(ctx context.Context, c *Client, id string) error { return c.Track(ctx, id, "e", nil) },
			func(seg string) string { return "/api/v1/customers/" + seg + "/events" }},
		{"suppress", func(ctx context.Context, c *Client, id string) error { return c.Suppress(ctx, id) },
			func(seg string) string { return "/api/v1/customers/" + seg + "/suppress" }},
		{"add device", func(ctx context.Context, c *Client, id string) error {
			return c.AddDevice(ctx, id, customerio.Device{Token: "t", Platform: customerio.PlatformIOS})
		}, func(seg string) string { return "/api/v1/customers/" + seg + "/devices" }},
		{"delete device: customer id", func(ctx context.Context, c *Client, id string) error { return c.DeleteDevice(ctx, id, "tok") },
			func(seg string) string { return "/api/v1/customers/" + seg + "/devices/tok" }},
		{"delete device: token", func(ctx context.Context, c *Client, id string) error { return c.DeleteDevice(ctx, "42", id) },
			func(seg string) string { return "/api/v1/customers/42/devices/" + seg }},
		{"submit form", func(ctx context.Context, c *Client, id string) error {
			return c.SubmitForm(ctx, id, map[string]string{"email": "a@b.c"})
		}, func(seg string) string { return "/api/v1/forms/" + seg + "/submit" }},
		{"unsubscribe", func(ctx context.Context, c *Client, id string) error { return c.Unsubscribe(ctx, id, true) },
			func(seg string) string { return "/unsubscribe/" + seg }},
	}
	for _, call := range calls {
		t.Run(call.name, func(t *testing.T) {
			rec := newRecorder(t, nil)
			c := rec.client(t)
			for _, tt := range escapeCases {
				if err := call.call(t.Context(), c, tt.id); err != nil {
					t.Fatalf("%q: %v", tt.id, err)
				}
			}
			reqs := rec.requests()
			for i, tt := range escapeCases {
				if want := call.path(tt.want); reqs[i].Path != want {
					t.Errorf("%q: path %s, want %s", tt.id, reqs[i].Path, want)
				}
			}
		})
	}
}

// "abc/" followed by "/suppress" keeps its slash inside the id's segment.
func TestPathEscapingTrailingSlash(t *testing.T) {
	rec := newRecorder(t, nil)
	if err := rec.client(t).Suppress(t.Context(), "abc/"); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.requests()[0].Path, "/api/v1/customers/abc%2F/suppress"; got != want {
		t.Errorf("path %s, want %s", got, want)
	}
}
