package pipelines_test

import (
	"errors"
	"io"
	"net/http"
	"reflect"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestSendEndpoints checks that Send posts each message type to its own
// endpoint, without "type" (the path implies it) and with sentAt.
func TestSendEndpoints(t *testing.T) {
	tests := []struct {
		msg  pipelines.Message
		path string
		want map[string]any // fields the body must have
	}{
		{pipelines.Identify{UserID: "1", Traits: pipelines.Traits{"plan": "pro"}}, "/v1/identify",
			map[string]any{"userId": "1", "traits": map[string]any{"plan": "pro"}}},
		{pipelines.Track{AnonymousID: "a", Event: "Clicked", Properties: pipelines.Properties{"x": 1.0}}, "/v1/track",
			map[string]any{"anonymousId": "a", "event": "Clicked", "properties": map[string]any{"x": 1.0}}},
		{pipelines.Page{UserID: "1", Name: "Home"}, "/v1/page", map[string]any{"userId": "1", "name": "Home"}},
		{pipelines.Screen{UserID: "1", Name: "Settings"}, "/v1/screen", map[string]any{"userId": "1", "name": "Settings"}},
		{pipelines.Group{UserID: "1", GroupID: "acme", ObjectTypeID: "3"}, "/v1/group",
			map[string]any{"userId": "1", "groupId": "acme", "traits": map[string]any{"object_type_id": "3"}}},
		{pipelines.Alias{PreviousID: "a", UserID: "1"}, "/v1/alias", map[string]any{"previousId": "a", "userId": "1"}},
		// A pointer to a message works as well.
		{&pipelines.Track{UserID: "1", Event: "Pointer"}, "/v1/track", map[string]any{"userId": "1", "event": "Pointer"}},
	}
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL))
	for _, tc := range tests {
		if err := c.Send(t.Context(), tc.msg); err != nil {
			t.Fatalf("Send(%T): %v", tc.msg, err)
		}
	}
	reqs := rec.requests()
	if len(reqs) != len(tests) {
		t.Fatalf("%d requests, want %d", len(reqs), len(tests))
	}
	for i, tc := range tests {
		r := reqs[i]
		if r.Method != http.MethodPost || r.Path != tc.path || r.Header.Get("Authorization") != testAuth {
			t.Errorf("%T: %s %s (auth %q), want POST %s", tc.msg, r.Method, r.Path, r.Header.Get("Authorization"), tc.path)
		}
		body := decodeObject(t, r.Body)
		if _, ok := body["type"]; ok {
			t.Errorf("%T: body has a type: %s", tc.msg, r.Body)
		}
		for _, k := range []string{"messageId", "timestamp", "sentAt", "context"} {
			if _, ok := body[k]; !ok {
				t.Errorf("%T: body has no %s: %s", tc.msg, k, r.Body)
			}
		}
		for k, v := range tc.want {
			if !reflect.DeepEqual(body[k], v) {
				t.Errorf("%T: %s = %v, want %v", tc.msg, k, body[k], v)
			}
		}
	}
	if s := c.Stats(); s.Enqueued != 0 || s.BatchesSent != 0 {
		t.Errorf("Send used the queue: %+v", s)
	}
}

// TestSendErrors checks that an HTTP failure comes back as an *APIError and
// that Send still works after Close.
func TestSendErrors(t *testing.T) {
	srv := serve(t, newRecorder(t, func(n int, _ received, w http.ResponseWriter) {
		if n == 0 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, "{}")
	}))
	c := newClient(t, customerio.WithBaseURL(srv.URL))
	err := c.Send(t.Context(), pipelines.Track{UserID: "1", Event: "e"})
	if !errors.Is(err, customerio.ErrUnauthorized) {
		t.Fatalf("Send: %v, want ErrUnauthorized", err)
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(t.Context(), pipelines.Track{UserID: "1", Event: "e"}); err != nil {
		t.Errorf("Send after Close: %v", err)
	}
	if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "e"}); !errors.Is(err, customerio.ErrClosed) {
		t.Errorf("Track after Close: %v, want ErrClosed", err)
	}
}
