package pipelines_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// selfMap is a map holding itself under "self".
func selfMap() map[string]any {
	m := map[string]any{"ok": 1}
	m["self"] = m
	return m
}

// selfSlice is a slice holding itself as its second element.
func selfSlice() []any {
	s := make([]any, 2)
	s[0] = "ok"
	s[1] = s
	return s
}

type linked struct {
	Name string  `json:"name"`
	Next *linked `json:"next"`
}

// selfPointer is a struct whose pointer field leads back to itself.
func selfPointer() *linked {
	n := &linked{Name: "a"}
	n.Next = &linked{Name: "b", Next: n}
	return n
}

// deepSlice nests n slices.
func deepSlice(n int) any {
	var v any = "bottom"
	for range n {
		v = []any{v}
	}
	return v
}

// TestCyclicValueRefusedNotEncodedForever checks that a map, slice or pointer
// that contains itself, anywhere a message takes free-form values, is a
// *customerio.ValidationError naming the path where the cycle closes, before
// any request, instead of an encoding that never ends.
func TestCyclicValueRefusedNotEncodedForever(t *testing.T) {
	tests := []struct {
		name  string
		call  func(context.Context, *pipelines.Client) error
		op    string
		field string
	}{
		{"track properties map", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: selfMap()})
		}, "pipelines.Track", "properties.self"},
		{"nested map", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"a": selfMap()}})
		}, "pipelines.Track", "properties.a.self"},
		{"identify traits slice", func(ctx context.Context, c *pipelines.Client) error {
			return c.Identify(ctx, pipelines.Identify{UserID: "1", Traits: pipelines.Traits{"list": selfSlice()}})
		}, "pipelines.Identify", "traits.list[1]"},
		{"group traits pointer", func(ctx context.Context, c *pipelines.Client) error {
			return c.Group(ctx, pipelines.Group{UserID: "1", GroupID: "g", Traits: pipelines.Traits{"chain": selfPointer()}})
		}, "pipelines.Group", "traits.chain.next.next"},
		{"group relationship attributes", func(ctx context.Context, c *pipelines.Client) error {
			return c.Group(ctx, pipelines.Group{UserID: "1", GroupID: "g", RelationshipAttributes: selfMap()})
		}, "pipelines.Group", "traits.relationshipAttributes.self"},
		{"page properties", func(ctx context.Context, c *pipelines.Client) error {
			return c.Page(ctx, pipelines.Page{UserID: "1", Properties: selfMap()})
		}, "pipelines.Page", "properties.self"},
		{"screen properties", func(ctx context.Context, c *pipelines.Client) error {
			return c.Screen(ctx, pipelines.Screen{UserID: "1", Properties: selfMap()})
		}, "pipelines.Screen", "properties.self"},
		{"context", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Context: pipelines.Context{"app": selfMap()}})
		}, "pipelines.Track", "context.app.self"},
		{"integrations", func(ctx context.Context, c *pipelines.Client) error {
			return c.Alias(ctx, pipelines.Alias{UserID: "1", PreviousID: "0", Integrations: pipelines.Integrations{"X": selfMap()}})
		}, "pipelines.Alias", "integrations.X.self"},
		{"send", func(ctx context.Context, c *pipelines.Client) error {
			return c.Send(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: selfMap()})
		}, "pipelines.Send", "properties.self"},
		{"over-deep properties", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"deep": deepSlice(10_000)}})
		}, "pipelines.Track", "properties.deep" + strings.Repeat("[0]", 63)},
	}
	c := newClient(t, unreachable(t))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(t.Context(), c)
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) || ve.Op != tc.op || len(ve.Fields) != 1 || ve.Fields[0].Field != tc.field {
				t.Fatalf("got %v, want a ValidationError of %s for %s", err, tc.op, tc.field)
			}
		})
	}
	if s := c.Stats(); s.Enqueued != 0 {
		t.Errorf("%d messages were queued", s.Enqueued)
	}
}

// TestCyclicDefaultContextRefused checks that New refuses a default context
// that contains itself, naming the path.
func TestCyclicDefaultContextRefused(t *testing.T) {
	_, err := pipelines.New(testKey, pipelines.WithDefaultContext(pipelines.Context{"app": selfMap()}))
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || ve.Op != "pipelines.New" || ve.Fields[0].Field != "context.app.self" {
		t.Fatalf("New: %v; want a ValidationError for context.app.self", err)
	}
}

// TestSharedSubvalueAccepted checks that a value used twice, without a cycle,
// is no cycle: both copies are sent.
func TestSharedSubvalueAccepted(t *testing.T) {
	c := newClient(t, pipelines.WithDryRun())
	shared := map[string]any{"city": "Paris"}
	list := []any{shared, shared}
	if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"a": shared, "b": shared, "list": list, "again": list}}); err != nil {
		t.Fatal(err)
	}
}
