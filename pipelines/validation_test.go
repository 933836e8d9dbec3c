package pipelines_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestValidation checks every bad input the client refuses before queueing or
// sending: the error is a *customerio.ValidationError naming the call and the
// fields, and the server (which fails the test if called) sees nothing.
func TestValidation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name   string
		call   func(context.Context, *pipelines.Client) error
		op     string
		fields []string
	}{
		{"identify without ids", func(ctx context.Context, c *pipelines.Client) error {
			return c.Identify(ctx, pipelines.Identify{Traits: pipelines.Traits{"plan": "pro"}})
		}, "pipelines.Identify", []string{"userId"}},
		{"identify with a blank email", func(ctx context.Context, c *pipelines.Client) error {
			return c.Identify(ctx, pipelines.Identify{Traits: pipelines.Traits{}.SetEmail("")})
		}, "pipelines.Identify", []string{"userId"}},
		{"identify with a non-string email", func(ctx context.Context, c *pipelines.Client) error {
			return c.Identify(ctx, pipelines.Identify{Traits: pipelines.Traits{"email": 42}})
		}, "pipelines.Identify", []string{"userId"}},
		{"track without event nor ids", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{})
		}, "pipelines.Track", []string{"event", "userId"}},
		{"track without an event", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1"})
		}, "pipelines.Track", []string{"event"}},
		{"page without ids", func(ctx context.Context, c *pipelines.Client) error {
			return c.Page(ctx, pipelines.Page{Name: "Home"})
		}, "pipelines.Page", []string{"userId"}},
		{"screen without ids", func(ctx context.Context, c *pipelines.Client) error {
			return c.Screen(ctx, pipelines.Screen{Name: "Home"})
		}, "pipelines.Screen", []string{"userId"}},
		{"group without a group id", func(ctx context.Context, c *pipelines.Client) error {
			return c.Group(ctx, pipelines.Group{UserID: "1"})
		}, "pipelines.Group", []string{"groupId"}},
		{"group without ids", func(ctx context.Context, c *pipelines.Client) error {
			return c.Group(ctx, pipelines.Group{GroupID: "g"})
		}, "pipelines.Group", []string{"userId"}},
		{"alias without a previous id", func(ctx context.Context, c *pipelines.Client) error {
			return c.Alias(ctx, pipelines.Alias{UserID: "1"})
		}, "pipelines.Alias", []string{"previousId"}},
		{"alias without a user id", func(ctx context.Context, c *pipelines.Client) error {
			return c.Alias(ctx, pipelines.Alias{PreviousID: "a"})
		}, "pipelines.Alias", []string{"userId"}},
		{"alias with only an anonymous user", func(ctx context.Context, c *pipelines.Client) error {
			return c.Alias(ctx, pipelines.Alias{})
		}, "pipelines.Alias", []string{"previousId", "userId"}},
		{"timestamp after year 9999", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Timestamp: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
		}, "pipelines.Track", []string{"timestamp"}},
		{"NaN property", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"price": nan}})
		}, "pipelines.Track", []string{"properties.price"}},
		{"infinity in a slice", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{
				"items": []any{map[string]any{"price": 1.0}, map[string]any{"price": inf}},
			}})
		}, "pipelines.Track", []string{"properties.items[1].price"}},
		{"negative infinity deep in traits", func(ctx context.Context, c *pipelines.Client) error {
			return c.Identify(ctx, pipelines.Identify{UserID: "1", Traits: pipelines.Traits{
				"a": map[string]any{"b": map[string]float64{"c": math.Inf(-1)}},
			}})
		}, "pipelines.Identify", []string{"traits.a.b.c"}},
		{"float32 NaN in a typed slice", func(ctx context.Context, c *pipelines.Client) error {
			return c.Screen(ctx, pipelines.Screen{UserID: "1", Properties: pipelines.Properties{"v": []float32{1, float32(nan)}}})
		}, "pipelines.Screen", []string{"properties.v[1]"}},
		{"NaN in the message context", func(ctx context.Context, c *pipelines.Client) error {
			return c.Page(ctx, pipelines.Page{UserID: "1", Context: pipelines.Context{"location": map[string]any{"latitude": nan}}})
		}, "pipelines.Page", []string{"context.location.latitude"}},
		{"NaN in a struct inside the context", func(ctx context.Context, c *pipelines.Client) error {
			type location struct {
				Latitude float64 `json:"latitude"`
			}
			return c.Page(ctx, pipelines.Page{UserID: "1", Context: pipelines.Context{"location": &location{nan}}})
		}, "pipelines.Page", []string{"context.location.latitude"}},
		{"NaN in group relationship attributes", func(ctx context.Context, c *pipelines.Client) error {
			return c.Group(ctx, pipelines.Group{UserID: "1", GroupID: "g", RelationshipAttributes: map[string]any{"weight": nan}})
		}, "pipelines.Group", []string{"traits.relationshipAttributes.weight"}},
		{"NaN in integrations", func(ctx context.Context, c *pipelines.Client) error {
			return c.Alias(ctx, pipelines.Alias{UserID: "1", PreviousID: "0", Integrations: pipelines.Integrations{"X": map[string]any{"rate": nan}}})
		}, "pipelines.Alias", []string{"integrations.X.rate"}},
		{"a value JSON cannot encode", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"ch": make(chan int)}})
		}, "pipelines.Track", []string{"properties.ch"}},
		{"message over 32,000 bytes", func(ctx context.Context, c *pipelines.Client) error {
			return c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"pad": strings.Repeat("x", customerio.MaxEntityBytes)}})
		}, "pipelines.Track", []string{""}},
		{"send without a message", func(ctx context.Context, c *pipelines.Client) error {
			return c.Send(ctx, nil)
		}, "pipelines.Send", []string{""}},
		{"send with a nil message pointer", func(ctx context.Context, c *pipelines.Client) error {
			return c.Send(ctx, (*pipelines.Track)(nil))
		}, "pipelines.Send", []string{""}},
		{"send without ids", func(ctx context.Context, c *pipelines.Client) error {
			return c.Send(ctx, pipelines.Group{GroupID: "g"})
		}, "pipelines.Send", []string{"userId"}},
		{"send with NaN", func(ctx context.Context, c *pipelines.Client) error {
			return c.Send(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"x": []any{nan}}})
		}, "pipelines.Send", []string{"properties.x[0]"}},
		{"send over 32,000 bytes", func(ctx context.Context, c *pipelines.Client) error {
			return c.Send(ctx, pipelines.Identify{UserID: "1", Traits: pipelines.Traits{"pad": strings.Repeat("x", customerio.MaxEntityBytes)}})
		}, "pipelines.Send", []string{""}},
	}
	c := newClient(t, unreachable(t))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(t.Context(), c)
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a *customerio.ValidationError", err)
			}
			var fields []string
			for _, f := range ve.Fields {
				fields = append(fields, f.Field)
			}
			if ve.Op != tc.op || !reflect.DeepEqual(fields, tc.fields) {
				t.Errorf("got op %q fields %q (%v), want op %q fields %q", ve.Op, fields, err, tc.op, tc.fields)
			}
		})
	}
	if s := c.Stats(); s.Enqueued != 0 {
		t.Errorf("%d messages were queued", s.Enqueued)
	}
}

// TestValidInputs checks edge cases that are accepted.
func TestValidInputs(t *testing.T) {
	c := newClient(t, pipelines.WithDryRun())
	ctx := t.Context()
	for i, err := range []error{
		c.Identify(ctx, pipelines.Identify{Traits: pipelines.Traits{}.SetEmail("ada@example.com")}),
		c.Identify(ctx, pipelines.Identify{AnonymousID: "a"}),
		c.Track(ctx, pipelines.Track{AnonymousID: "a", Event: " "}),
		c.Group(ctx, pipelines.Group{AnonymousID: "a", GroupID: "0"}),
		c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"when": time.Now(), "max": math.MaxFloat64}}),
		c.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Timestamp: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}),
	} {
		if err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	}
}

// TestSizeLimit checks the 32,000-byte limit on the exact bytes sent: a message
// of exactly 32,000 bytes is taken, one byte more is refused. The limit holds
// for a queued message (with "type", and with the batch's context, which Data
// Pipelines applies to it) and for Send's body (with "sentAt").
func TestSizeLimit(t *testing.T) {
	msg := func(pad int) pipelines.Track {
		return pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"pad": strings.Repeat("x", pad)}, Timestamp: pinnedTime, MessageID: pinnedID}
	}
	tests := []struct {
		name string
		send func(*pipelines.Client, pipelines.Track) error
		// sent extracts the message's bytes from a request body.
		sent func(t *testing.T, body []byte) []byte
	}{
		{"queued", func(c *pipelines.Client, m pipelines.Track) error {
			if err := c.Track(context.Background(), m); err != nil {
				return err
			}
			return c.Flush(context.Background())
		}, func(t *testing.T, body []byte) []byte {
			// The message as Data Pipelines reads it: the item with the
			// batch's context applied.
			b := decodeBatch(t, body)
			item := b.Batch[0]
			return append(append(append([]byte{}, item[:len(item)-1]...), `,"context":`...), append(b.Context, '}')...)
		}},
		{"sent alone", func(c *pipelines.Client, m pipelines.Track) error {
			return c.Send(context.Background(), m)
		}, func(_ *testing.T, body []byte) []byte { return body }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, nil)
			c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL))
			if err := tc.send(c, msg(0)); err != nil {
				t.Fatal(err)
			}
			base := len(tc.sent(t, rec.requests()[0].Body))
			exact := customerio.MaxEntityBytes - base
			if err := tc.send(c, msg(exact)); err != nil {
				t.Fatalf("a message of exactly %d bytes: %v", customerio.MaxEntityBytes, err)
			}
			if n := len(tc.sent(t, rec.requests()[1].Body)); n != customerio.MaxEntityBytes {
				t.Fatalf("the message sent is %d bytes, want %d", n, customerio.MaxEntityBytes)
			}
			var ve *customerio.ValidationError
			if err := tc.send(c, msg(exact+1)); !errors.As(err, &ve) {
				t.Fatalf("a message of %d bytes: %v, want a ValidationError", customerio.MaxEntityBytes+1, err)
			}
			if n := len(rec.requests()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

// TestGroupKeepsCallerTraits checks that Group writes object_type_id and
// relationshipAttributes into a copy of the caller's traits.
func TestGroupKeepsCallerTraits(t *testing.T) {
	traits := pipelines.Traits{"name": "Acme", "object_type_id": "9"}
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL))
	if err := c.Send(t.Context(), pipelines.Group{UserID: "1", GroupID: "acme", ObjectTypeID: "2", Traits: traits, RelationshipAttributes: map[string]any{"role": "admin"}}); err != nil {
		t.Fatal(err)
	}
	if want := (pipelines.Traits{"name": "Acme", "object_type_id": "9"}); !reflect.DeepEqual(traits, want) {
		t.Errorf("traits modified: %v", traits)
	}
	got := decodeObject(t, rec.requests()[0].Body)["traits"]
	want := map[string]any{"name": "Acme", "object_type_id": "2", "relationshipAttributes": map[string]any{"role": "admin"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("traits sent %v, want %v", got, want)
	}
}
