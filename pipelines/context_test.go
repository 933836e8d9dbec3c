package pipelines_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

func ourLibrary() map[string]any {
	return map[string]any{"name": "customerio-go", "version": customerio.Version()}
}

// TestContextMerge checks that a message's context is merged over the default
// one key by key, that context.library always names this library, and that no
// caller's map is modified.
func TestContextMerge(t *testing.T) {
	def := map[string]any{
		"ip":      "203.0.113.7",
		"locale":  "fr-FR",
		"app":     map[string]any{"name": "shop", "version": "3.1"},
		"library": map[string]any{"name": "someone-else", "version": "9"},
	}
	defCopy := map[string]any{
		"ip":      "203.0.113.7",
		"locale":  "fr-FR",
		"app":     map[string]any{"name": "shop", "version": "3.1"},
		"library": map[string]any{"name": "someone-else", "version": "9"},
	}
	own := pipelines.Context{
		"locale":  "en-US",
		"app":     map[string]any{"name": "shop-beta"},
		"library": "mine",
	}.SetDevice(pipelines.Device{Token: "tok-1", Type: "android"})

	tests := []struct {
		name    string
		context pipelines.Context
		want    map[string]any
	}{
		{"no context of its own", nil, map[string]any{
			"ip": "203.0.113.7", "locale": "fr-FR",
			"app":     map[string]any{"name": "shop", "version": "3.1"},
			"library": ourLibrary(),
		}},
		{"empty context", pipelines.Context{}, map[string]any{
			"ip": "203.0.113.7", "locale": "fr-FR",
			"app":     map[string]any{"name": "shop", "version": "3.1"},
			"library": ourLibrary(),
		}},
		{"merged over the default", own, map[string]any{
			"ip":      "203.0.113.7",
			"locale":  "en-US",
			"app":     map[string]any{"name": "shop-beta"},
			"device":  map[string]any{"token": "tok-1", "type": "android"},
			"library": ourLibrary(),
		}},
	}
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL), pipelines.WithDefaultContext(def), pipelines.WithQueue(customerio.QueueConfig{Uploaders: 1}))
	for _, tc := range tests {
		if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: tc.name, Context: tc.context}); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	b := decodeBatch(t, rec.requests()[0].Body)
	for i, tc := range tests {
		got := appliedContext(t, b, i)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: context %v, want %v", tc.name, got, tc.want)
		}
	}
	if !reflect.DeepEqual(def, defCopy) {
		t.Errorf("the default context was modified: %v", def)
	}
	if own["library"] != "mine" || len(own) != 4 {
		t.Errorf("the message's context was modified: %v", own)
	}
}

// appliedContext is the context Data Pipelines gives item i of a batch: the
// batch's context with the item's own merged over it, one top-level key at a
// time.
func appliedContext(t *testing.T, b batchBody, i int) map[string]any {
	t.Helper()
	got := map[string]any{}
	if len(b.Context) > 0 {
		got = decodeObject(t, b.Context)
	}
	if own, ok := decodeObject(t, b.Batch[i])["context"].(map[string]any); ok {
		for k, v := range own {
			got[k] = v
		}
	}
	return got
}

// TestContextLibraryWithoutDefault checks context.library on a client without
// a default context, for a message whose context tries to set it.
func TestContextLibraryWithoutDefault(t *testing.T) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL))
	if err := c.Send(t.Context(), pipelines.Page{UserID: "1", Context: pipelines.Context{"library": map[string]any{"name": "x"}}}); err != nil {
		t.Fatal(err)
	}
	got := decodeObject(t, rec.requests()[0].Body)["context"]
	if want := map[string]any{"library": ourLibrary()}; !reflect.DeepEqual(got, want) {
		t.Errorf("context %v, want %v", got, want)
	}
}

// TestDefaultContextRejected checks that New refuses a default context JSON
// cannot carry, naming the path.
func TestDefaultContextRejected(t *testing.T) {
	_, err := pipelines.New(testKey, pipelines.WithDefaultContext(pipelines.Context{
		"location": map[string]any{"latitude": math.NaN()},
	}))
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || ve.Op != "pipelines.New" || ve.Fields[0].Field != "context.location.latitude" {
		t.Fatalf("New: %v; want a ValidationError for context.location.latitude", err)
	}
}

func TestContextBuilders(t *testing.T) {
	var c pipelines.Context // nil: the setters create it
	c = c.SetIP("203.0.113.7").SetLocale("en-US").SetUserAgent("ua/1").SetTimezone("Europe/Paris").
		SetDevice(pipelines.Device{ID: "d1", AdvertisingID: "ad", Manufacturer: "Apple", Model: "iPhone", Name: "phone", Type: "ios", Version: "17", Token: "tok"}).
		Set("active", true)
	got, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"active":true,"device":{"id":"d1","advertisingId":"ad","manufacturer":"Apple","model":"iPhone","name":"phone","type":"ios","version":"17","token":"tok"},"ip":"203.0.113.7","locale":"en-US","timezone":"Europe/Paris","userAgent":"ua/1"}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
