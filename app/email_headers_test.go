package app

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// The content object of GET /v1/transactional/{id}/contents[/{content_id}]
// carries headers as a JSON string holding a JSON list; the reference's example
// answer must decode, headers included.
func TestTransactionalContentHeadersAsJSONString(t *testing.T) {
	t.Parallel()
	spec := Content{
		ID: 96, Name: "Receipt", Language: "fr", From: "sentFrom@example.com", FromID: 1,
		ReplyTo: "replyto@example.com", ReplyToID: 38, Recipient: "{{customer.email}}",
		Subject: "Did you get that thing I sent you?",
		Headers: EmailHeaders{{Name: "X-Mailgun-Tag", Value: "my-cool-tag"}, {Name: "X-Custom-Header", Value: "custom-value"}},
	}
	second := spec
	second.ID, second.Language, second.CC, second.Headers = 97, "", "copy@example.com", nil
	testRoutes(t, []route{
		{
			name:     "GetContent",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Transactional.GetContent(ctx, 96, 96) },
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/96/contents/96", fixture: "transactional_content_spec.json"},
			want:     &spec,
		},
		{
			name:     "ListContents",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Transactional.ListContents(ctx, 96) },
			exchange: exchange{method: http.MethodGet, path: "/v1/transactional/96/contents", fixture: "transactional_contents_spec.json"},
			want:     []Content{spec, second},
		},
	})
}

// Every form an answer may give headers in decodes to the same EmailHeaders.
func TestEmailHeadersDecodeEveryForm(t *testing.T) {
	t.Parallel()
	two := EmailHeaders{{Name: "X-A", Value: "1"}, {Name: "X-B", Value: "2"}}
	cases := []struct {
		name, in string
		want     EmailHeaders
	}{
		{"JSON string of a list", `"[{\"name\":\"X-A\",\"value\":\"1\"},{\"name\":\"X-B\",\"value\":\"2\"}]"`, two},
		{"JSON string of an object", `"{\"X-B\":\"2\",\"X-A\":\"1\"}"`, two},
		{"list of name/value", `[{"name":"X-A","value":"1"},{"name":"X-B","value":"2"}]`, two},
		{"list of single-entry objects", `[{"X-A":"1"},{"X-B":"2"}]`, two},
		{"object", `{"X-B":"2","X-A":"1"}`, two},
		{"non-string value", `[{"name":"X-A","value":1},{"name":"X-B","value":"2"}]`, two},
		{"empty list", `[]`, EmailHeaders{}},
		{"empty list in a string", `"[]"`, EmailHeaders{}},
		{"empty string", `""`, nil},
		{"null", `null`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got EmailHeaders
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	for _, bad := range []string{`"not json"`, `7`, `[1]`, `[{"name":"X","other":"y"}]`, `"\"[]\""`} {
		var got EmailHeaders
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s: decoded as %#v, want an error", bad, got)
		}
	}
}

// UpdateContent and UpdateVariant send headers as the update request's list of
// {"name", "value"} objects, never as the JSON string the reads carry.
func TestContentUpdateSendsHeadersAsList(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(ContentUpdate{Headers: EmailHeaders{{Name: "X-Mailgun-Tag", Value: "my-cool-tag"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"headers":[{"name":"X-Mailgun-Tag","value":"my-cool-tag"}]}`; string(b) != want {
		t.Errorf("sent %s, want %s", b, want)
	}
}
