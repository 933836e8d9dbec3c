package pipelines

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

// TestFreeFormFieldsAreEncodingJSONBytes pins the bytes of traits, properties
// and integrations to those encoding/json writes for the same maps: sorted
// keys, HTML-safe escaping, ES6 number formats and RFC 3339 times.
func TestFreeFormFieldsAreEncodingJSONBytes(t *testing.T) {
	paris := time.FixedZone("CEST", 2*60*60)
	when := time.Date(2024, 5, 6, 7, 8, 9, 123456789, paris)
	traits := Traits{
		"email": "ada+<x>@example.com", "line": "a\u2028b\n\xff", "seats": 12, "big": uint64(math.MaxUint64),
		"mrr": 99.5, "tiny": 1e-7, "huge": 1e21, "f32": float32(0.1), "active": true, "none": nil,
		"created_at": when, "seen": &when, "utc": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		"tags": []any{"a", 1, map[string]any{"z": 1, "a": 2}}, "list": []string{"<b>"},
		"nested": map[string]any{"traits": Traits{"k": when}, "b": []byte("raw"), "n": json.Number("1.50")},
		"maps":   []map[string]any{{"y": 1, "x": 2}},
	}
	properties := Properties{"revenue": -0.000001, "item": map[string]any{}, "qty": int8(-3)}
	integrations := Integrations{"All": false, "Mixpanel": true, "Amplitude": map[string]any{"session_id": 42}}

	e := newEncoding()
	defer e.free()
	e.w = wireMessage{Type: "identify", UserID: "u1", Traits: traits, Properties: properties}
	e.w.Integrations = integrations
	ts := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	if err := e.appendFields("m1", ts); err != nil {
		t.Fatal(err)
	}

	want := `{"type":"identify","messageId":"m1","timestamp":"2024-05-06T07:08:09Z","userId":"u1"`
	for _, f := range []struct {
		key   string
		value any
	}{{"traits", map[string]any(traits)}, {"properties", map[string]any(properties)}, {"integrations", map[string]any(integrations)}} {
		b, err := json.Marshal(f.value)
		if err != nil {
			t.Fatal(err)
		}
		want += `,"` + f.key + `":` + string(b)
	}
	if got := string(e.buf); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}
