package jsonwrite

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// The writer promises encoding/json's bytes; these tests hold it to them.

// trickyStrings exercise every escaping rule.
var trickyStrings = []string{
	"", "plain", `quote " and backslash \`, "<script>&amp;</script>",
	"\b\f\n\r\t", "\x00\x01\x1f\x7f", "é ü 中文 🎉", "line\u2028para\u2029end",
	"\xff", "bad \xc3\x28 utf8", "\xed\xa0\x80 surrogate", "trailing \xe2\x82",
	strings.Repeat("long ", 100),
}

func checkString(t *testing.T, s string) {
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendString(nil, s); !bytes.Equal(got, want) {
		t.Errorf("AppendString(%q) = %s; encoding/json writes %s", s, got, want)
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range trickyStrings {
		checkString(t, s)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e-6, 1e-7, 123456789e-15, 1e20, 1e21, 1.5e300, -2.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, _ := json.Marshal(f)
		if got, err := AppendFloat(nil, f, 64); err != nil || !bytes.Equal(got, want) {
			t.Errorf("AppendFloat(%v, 64) = %s, %v; encoding/json writes %s", f, got, err, want)
		}
		f32 := float32(f)
		if math.IsInf(float64(f32), 0) {
			continue
		}
		want, _ = json.Marshal(f32)
		if got, err := AppendFloat(nil, float64(f32), 32); err != nil || !bytes.Equal(got, want) {
			t.Errorf("AppendFloat(%v, 32) = %s, %v; encoding/json writes %s", f32, got, err, want)
		}
	}
}

func TestAppendFloatRefusesNaNAndInfinity(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got, err := AppendFloat([]byte("x"), f, 64); !errors.Is(err, ErrNotWritable) || string(got) != "x" {
			t.Errorf("AppendFloat(%v) = %q, %v; want x unchanged and ErrNotWritable", f, got, err)
		}
	}
}

// named is a map type the writer does not know, which goes to encoding/json.
type named map[string]any

// text has its own MarshalJSON.
type text string

func (s text) MarshalJSON() ([]byte, error) { return json.Marshal("text:" + string(s)) }

func TestAppendMapMatchesEncodingJSON(t *testing.T) {
	paris := time.FixedZone("CEST", 2*60*60)
	when := time.Date(2024, 5, 6, 7, 8, 9, 123456000, paris)
	var nilTime *time.Time
	m := map[string]any{
		"nil": nil, "bool": true, "int": -3, "int8": int8(-8), "int16": int16(16), "int32": int32(32), "int64": int64(1 << 62),
		"uint": uint(1), "uint8": uint8(8), "uint16": uint16(16), "uint32": uint32(32), "uint64": uint64(math.MaxUint64),
		"float64": 1e21, "float32": float32(0.1), "time": when, "timePtr": &when, "nilTime": nilTime,
		"utc":    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		"<html>": "a&b", "nested": map[string]any{"z": 1, "a": []any{1, "x", nil, map[string]any{}}},
		"maps": []map[string]any{{"b": 2, "a": 1}}, "strings": []string{"x", "<y>"},
		"nilMap": map[string]any(nil), "nilSlice": []any(nil), "nilMaps": []map[string]any(nil), "nilStrings": []string(nil),
		"named": named{"k": when}, "marshaler": text("t"), "bytes": []byte("raw"), "number": json.Number("12.50"),
		"raw": json.RawMessage(`{"b": "<1>"}`), "struct": struct{ A int }{1}, "empty": map[string]any{},
	}
	want, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var w Writer
	w.Limit = 10
	got, err := w.AppendMap(nil, m, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if n := w.Pending(); n != 0 {
		t.Errorf("%d map entries left behind", n)
	}
}

func TestUnixTimesWritesSeconds(t *testing.T) {
	when := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	w := Writer{Limit: 1, UnixTimes: true}
	got, err := w.AppendMap(nil, map[string]any{"t": when, "p": &when}, 0)
	if err != nil || string(got) != `{"p":1714979289,"t":1714979289}` {
		t.Errorf("got %s, %v", got, err)
	}
}

func TestTimeOutsideRFC3339FailsAsEncodingJSONDoes(t *testing.T) {
	for _, when := range []time.Time{
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("far", 24*60*60)),
	} {
		_, want := json.Marshal(when)
		var w Writer
		_, err := w.AppendValue(nil, when, 0)
		var fe *FallbackError
		if want == nil || !errors.As(err, &fe) {
			t.Errorf("%v: got %v; want a FallbackError like encoding/json's %v", when, err, want)
		}
	}
}

func TestNestingPastLimitIsTooDeep(t *testing.T) {
	var v any = "leaf"
	for range 5 {
		v = []any{map[string]any{"k": v}}
	}
	w := Writer{Limit: 8}
	if _, err := w.AppendValue(nil, v, 0); !errors.Is(err, ErrTooDeep) {
		t.Errorf("10 levels under a limit of 8: got %v; want ErrTooDeep", err)
	}
	if n := w.Pending(); n != 0 {
		t.Errorf("%d map entries left behind after an error", n)
	}
	w.Limit = 10
	if _, err := w.AppendValue(nil, v, 0); err != nil {
		t.Errorf("10 levels under a limit of 10: %v", err)
	}
}

func TestNormalizeReplacesUnknownTypes(t *testing.T) {
	w := Writer{Limit: 1, Normalize: func(v any, depth int) (any, error) {
		if depth != 1 {
			t.Errorf("depth %d; want 1", depth)
		}
		if _, ok := v.(text); ok {
			return nil, errors.New("no")
		}
		return "normalized", nil
	}}
	got, err := w.AppendMap(nil, map[string]any{"s": struct{}{}}, 0)
	if err != nil || string(got) != `{"s":"normalized"}` {
		t.Errorf("got %s, %v", got, err)
	}
	if _, err := w.AppendMap(nil, map[string]any{"s": text("x")}, 0); !errors.Is(err, ErrNotWritable) {
		t.Errorf("refused by Normalize: got %v; want ErrNotWritable", err)
	}
}

func BenchmarkAppendMap(b *testing.B) {
	m := benchMap()
	var w Writer
	w.Limit = 10
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = w.AppendMap(buf[:0], m, 0)
	}
}

func BenchmarkAppendMapBaselineEncodingJSON(b *testing.B) {
	m := benchMap()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		_ = enc.Encode(m)
	}
}

func benchMap() map[string]any {
	return map[string]any{
		"email": "ada@example.com", "plan": "pro", "seats": 12, "mrr": 99.5, "active": true,
		"created_at": time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC),
		"tags":       []any{"a", "b", "c"}, "address": map[string]any{"city": "Paris", "zip": "75001"},
	}
}
