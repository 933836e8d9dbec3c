package transport

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestNormalizeConvertsTimesAtAnyDepth(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 600, time.FixedZone("X", 3600))
	unix := at.Unix()
	in := map[string]any{
		"plain":   "x",
		"at":      at,
		"ptr":     &at,
		"nilptr":  (*time.Time)(nil),
		"nested":  map[string]any{"deep": []any{1, map[string]any{"when": at}}},
		"maps":    []map[string]any{{"when": at}, {"n": 1}},
		"times":   []time.Time{at, at},
		"typed":   map[string]time.Time{"a": at},
		"strings": []string{"a"},
	}
	before, _ := json.Marshal(in)
	out, err := NormalizeMap("op", "data", in)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(out)
	want := `{"at":` + itoa(unix) + `,"maps":[{"when":` + itoa(unix) + `},{"n":1}],"nested":{"deep":[1,{"when":` + itoa(unix) +
		`}]},"nilptr":null,"plain":"x","ptr":` + itoa(unix) + `,"strings":["a"],"times":[` + itoa(unix) + `,` + itoa(unix) +
		`],"typed":{"a":` + itoa(unix) + `}}`
	if string(got) != want {
		t.Errorf("normalized = %s\nwant         %s", got, want)
	}
	after, _ := json.Marshal(in)
	if string(before) != string(after) {
		t.Errorf("the caller's map was modified:\n%s\n%s", before, after)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestNormalizePreTimesFloor(t *testing.T) {
	// Parity point O9: Unix seconds are floored, so -0.5 s is -1.
	out, _ := Normalize("op", "", time.Unix(0, -500_000_000))
	if out != int64(-1) {
		t.Errorf("got %v, want -1", out)
	}
}

func TestNormalizeRejectsNaNAndInfinity(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		v    any
		path string
	}{
		{"top level", nan, "data"},
		{"float32", float32(math.Inf(-1)), "data"},
		{"in a map", map[string]any{"price": inf}, "data.price"},
		{"nested", map[string]any{"a": map[string]any{"b": []any{1, nan}}}, "data.a.b[1]"},
		{"in a slice", []any{1, 2, inf}, "data[2]"},
		{"typed map", map[string]float64{"x": nan}, "data.x"},
		{"typed slice", []float64{1, nan}, "data[1]"},
		{"slice of maps", []map[string]any{{}, {"k": nan}}, "data[1].k"},
		{"pointer", &inf, "data"},
	}
	for _, tt := range tests {
		_, err := Normalize("track.Track", "data", tt.v)
		var ve *customerio.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want *ValidationError", tt.name, err)
			continue
		}
		if ve.Op != "track.Track" || len(ve.Fields) != 1 || ve.Fields[0].Field != tt.path {
			t.Errorf("%s: %+v, want field %q", tt.name, ve, tt.path)
		}
	}
}

func TestNormalizeLeavesOtherValuesAlone(t *testing.T) {
	type custom struct{ At time.Time }
	in := []any{nil, "s", true, 1, int64(2), uint8(3), 1.5, json.Number("4"), custom{}, map[string]string{"a": "b"}, []int{1}}
	for _, v := range in {
		out, err := Normalize("op", "", v)
		if err != nil || !reflect.DeepEqual(out, v) {
			t.Errorf("Normalize(%#v) = %#v, %v", v, out, err)
		}
	}
}

func TestNormalizeWithoutTimesDoesNotAllocate(t *testing.T) {
	m := map[string]any{"a": "x", "b": 1.5, "c": map[string]any{"d": []any{1, "y", true}}, "e": 7}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := NormalizeMap("op", "data", m); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations for a map without times, want 0", allocs)
	}
}
