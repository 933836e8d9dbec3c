package transport

import (
	"encoding/json"
	"errors"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestRawRequestRefusesTheSameCallsForEveryClient pins the one set of checks
// behind every client's Do, so that no client sends a call another refuses.
func TestRawRequestRefusesTheSameCallsForEveryClient(t *testing.T) {
	var out map[string]any
	for _, tc := range []struct {
		name         string
		method, path string
		body, out    any
		field        string
	}{
		{"HEAD", "HEAD", "/v1/x", nil, nil, "method"},
		{"lower-case method", "get", "/v1/x", nil, nil, "method"},
		{"relative path", "GET", "v1/x", nil, nil, "path"},
		{"query", "GET", "/v1/x?a=1", nil, nil, "path"},
		{"fragment", "GET", "/v1/x#a", nil, nil, "path"},
		{"dot-dot", "GET", "/v1/../x", nil, nil, "path"},
		{"escaped dot-dot", "GET", "/v1/%2e%2E/x", nil, nil, "path"},
		{"space", "GET", "/v1/a b", nil, nil, "path"},
		{"non-ASCII", "GET", "/v1/\u00e9", nil, nil, "path"},
		{"backslash", "GET", `/v1\x`, nil, nil, "path"},
		{"bad escape", "GET", "/v1/%zz", nil, nil, "path"},
		{"body on GET", "GET", "/v1/x", map[string]any{}, nil, "body"},
		{"invalid raw JSON", "POST", "/v1/x", json.RawMessage("{"), nil, "body"},
		{"bytes", "POST", "/v1/x", []byte("{}"), nil, "body"},
		{"non-pointer out", "GET", "/v1/x", nil, out, "out"},
		{"nil pointer out", "GET", "/v1/x", nil, (*map[string]any)(nil), "out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RawRequest("x.Do", tc.method, tc.path, tc.body, tc.out, 0)
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != tc.field {
				t.Fatalf("err = %v; want a ValidationError on %q", err, tc.field)
			}
		})
	}
	if _, err := RawRequest("x.Do", "PATCH", "/v1/a%2Fb/v1..2", json.RawMessage(`{}`), &out, 0); err != nil {
		t.Fatalf("a well-formed call: %v", err)
	}
}
