package transport

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// holder hides a map inside a struct.
type holder struct {
	M map[string]any
}

// chain is n maps nested under "n".
func chain(n int) map[string]any {
	root := map[string]any{}
	cur := root
	for range n - 1 {
		next := map[string]any{}
		cur["n"] = next
		cur = next
	}
	return root
}

// fieldOf returns the one field err names, failing t unless err is a
// *customerio.ValidationError with one field whose message has want.
func fieldOf(t *testing.T, err error, want string) string {
	t.Helper()
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 {
		t.Fatalf("err = %v, want one *ValidationError field", err)
	}
	if !strings.Contains(ve.Fields[0].Message, want) {
		t.Errorf("message %q, want …%s…", ve.Fields[0].Message, want)
	}
	return ve.Fields[0].Field
}

// TestCycleThroughStructRefusedQuickly pins that a value containing itself
// through a struct is refused by our own walker, naming the path where the
// cycle closes, where encoding/json once chased it for a thousand levels,
// encoding the chain beside it again on every turn, and then reported it
// without a path.
func TestCycleThroughStructRefusedQuickly(t *testing.T) {
	root := map[string]any{"chain": chain(260)}
	root["x"] = holder{M: root}
	viaPointer := map[string]any{"chain": chain(260)}
	viaPointer["x"] = &holder{M: viaPointer}

	for name, v := range map[string]map[string]any{"struct": root, "pointer to struct": viaPointer} {
		t.Run(name, func(t *testing.T) {
			_, err := NormalizeMap("track.Identify", "attrs", v)
			if field := fieldOf(t, err, "refers back to attrs"); field != "attrs.x.M" {
				t.Errorf("field %q, want attrs.x.M", field)
			}
			_, err = Encode("track.Identify", map[string]any{"attrs": v})
			if field := fieldOf(t, err, "refers back to attrs"); field != "attrs.x.M" {
				t.Errorf("Encode: field %q, want attrs.x.M", field)
			}
		})
	}
}

// TestDeepNestingThroughStructsRefused pins that nesting past MaxDepth through
// struct fields is refused with its path, as nesting through maps is.
func TestDeepNestingThroughStructsRefused(t *testing.T) {
	type node struct {
		Next any `json:"next"`
	}
	var v any = 1
	for range MaxDepth {
		v = node{Next: v}
	}
	_, err := Normalize("op", "data", map[string]any{"deep": v})
	if field := fieldOf(t, err, "nested more than 1000 levels deep"); !strings.HasPrefix(field, "data.deep.next.next") {
		t.Errorf("field %q, want data.deep.next.next…", field)
	}
}

// TestStructFieldsWalkedAsEncodingJSONWritesThem pins which fields the walker
// follows: exported ones, not those tagged "-", embedded structs' promoted
// fields, not what a MarshalJSON type holds; and that it leaves times in a
// struct for encoding/json to write.
func TestStructFieldsWalkedAsEncodingJSONWritesThem(t *testing.T) {
	type Inner struct {
		Score float64 `json:"score"`
	}
	type outer struct {
		*Inner
		Hidden   float64 `json:"-"`
		private  float64
		When     time.Time
		Renamed  float64 `json:"r,omitempty"`
		Marshals marshalsItself
	}
	nan := math.NaN()
	ok := outer{Hidden: nan, private: nan, When: time.Unix(5, 0), Marshals: marshalsItself{F: nan}}
	if out, err := Normalize("op", "data", ok); err != nil {
		t.Errorf("ignored fields: %v", err)
	} else if out.(outer).When != ok.When {
		t.Error("a time in a struct was changed")
	}
	for _, tt := range []struct {
		v     outer
		field string
	}{
		{outer{Inner: &Inner{Score: nan}}, "data.score"},
		{outer{Renamed: math.Inf(1)}, "data.r"},
	} {
		_, err := Normalize("op", "data", tt.v)
		if field := fieldOf(t, err, "JSON has no NaN"); field != tt.field {
			t.Errorf("field %q, want %q", field, tt.field)
		}
	}
}

type marshalsItself struct{ F float64 }

func (marshalsItself) MarshalJSON() ([]byte, error) { return []byte(`"x"`), nil }

// TestDeepValueWithoutCycleStillSent pins that a value nested past
// ShallowDepth, but within MaxDepth and without a cycle, is normalized as
// before: its times converted, even when a sub-map is shared.
func TestDeepValueWithoutCycleStillSent(t *testing.T) {
	shared := map[string]any{"at": time.Unix(7, 0)}
	deep := chain(ShallowDepth * 3)
	cur := deep
	for cur["n"] != nil {
		cur = cur["n"].(map[string]any)
	}
	cur["a"], cur["b"] = shared, shared
	out, err := NormalizeMap("op", "data", deep)
	if err != nil {
		t.Fatal(err)
	}
	for cur = out; cur["n"] != nil; cur = cur["n"].(map[string]any) {
	}
	if cur["a"].(map[string]any)["at"] != int64(7) || cur["b"].(map[string]any)["at"] != int64(7) {
		t.Errorf("deepest map %v, want its times as Unix seconds", cur)
	}
}
