package trackv2

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// The encoder writes JSON by hand; these tests hold it to encoding/json's
// bytes for the same values, normalized as transport.Normalize does.

// trickyStrings exercise every escaping rule.
var trickyStrings = []string{
	"", "plain", `quote " and backslash \`, "<script>&amp;</script>",
	"\b\f\n\r\t", "\x00\x01\x1f\x7f", "é ü 中文 🎉", "line\u2028para\u2029end",
	"\xff", "bad \xc3\x28 utf8", "\xed\xa0\x80 surrogate", "trailing \xe2\x82",
	strings.Repeat("long ", 100),
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

func checkString(t *testing.T, s string) {
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendString(nil, s); !bytes.Equal(got, want) {
		t.Errorf("appendString(%q) = %s; encoding/json writes %s", s, got, want)
	}
}

// jsonText is a value with its own MarshalJSON.
type jsonText string

func (j jsonText) MarshalJSON() ([]byte, error) { return json.Marshal("text:" + string(j)) }

func TestFreeFormMatchesEncodingJSON(t *testing.T) {
	when := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	var nilTime *time.Time
	values := map[string]any{
		"nil":                  nil,
		"bools":                []any{true, false},
		"ints":                 []any{0, -1, int8(-8), int16(16), int32(-32), int64(math.MinInt64), uint(1), uint8(8), uint16(16), uint32(32), uint64(math.MaxUint64)},
		"floats":               []any{0.0, math.Copysign(0, -1), 1.5, -2.25, 1e-6, 9.99e-7, 1e20, 1e21, 123456789.123, 5e-324, math.MaxFloat64},
		"float32s":             []any{float32(0.1), float32(1e-7), float32(3.4e38), float32(1e21), float32(-2.5)},
		"times":                []any{when, &when, nilTime},
		"strings":              []string{"a", "<b>", "\u2028"},
		"nilSlices":            []any{[]string(nil), []any(nil), map[string]any(nil), []map[string]any(nil)},
		"maps":                 []map[string]any{{"z": 1, "a": 2}, {}, {"when": when}},
		"nested":               map[string]any{"b": map[string]any{"c": []any{map[string]any{"d": when}}}, "a": map[string]string{"y": "1", "x": "<2>"}},
		"typed":                []any{[]int{1, 2}, []int64{3}, map[string]int{"b": 1, "a": 2}, []time.Time{when}, map[string]time.Time{"t": when}},
		"other":                []any{json.Number("12.50"), jsonText("x"), []byte("bytes"), struct{ A int }{1}, &struct{ B string }{"<"}, json.RawMessage(`{"raw":true}`)},
		"keys \"<&>\u2028\xff": "escaped key",
		"é":                    "sorted after ascii",
		"Z":                    "sorted before lower case",
	}
	for name, v := range values {
		checkFreeForm(t, name, map[string]any{name: v})
	}
	checkFreeForm(t, "all", values)
	checkFreeForm(t, "empty", map[string]any{})
}

func FuzzFreeForm(f *testing.F) {
	f.Add(`{"a":1,"b":[true,null,"x"],"c":{"d":1.5e-7}}`)
	f.Add(`{"<":"\u2028","z":-0.0,"y":1e21,"x":123456789012345678901234567890}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var m map[string]any
		if json.Unmarshal([]byte(doc), &m) != nil || m == nil {
			return
		}
		checkFreeForm(t, doc, m)
	})
}

func checkFreeForm(t *testing.T, name string, m map[string]any) {
	t.Helper()
	normalized, err := transport.NormalizeMap("test", "attributes", m)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(normalized)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	e := newOpEncoder("test")
	if err := e.appendFreeForm(m, 0); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.Equal(e.buf, want) {
		t.Errorf("%s:\n got %s\nwant %s", name, e.buf, want)
	}
	if n := e.values.Pending(); n != 0 {
		t.Errorf("%s: %d map entries left behind", name, n)
	}
}

// referenceOp is an op as encoding/json writes it, field by field in wire
// order, with its maps normalized.
type referenceOp struct {
	Type          EntityType              `json:"type"`
	Action        Action                  `json:"action"`
	Identifiers   any                     `json:"identifiers,omitempty"`
	Name          string                  `json:"name,omitempty"`
	ID            string                  `json:"id,omitempty"`
	Timestamp     int64                   `json:"timestamp,omitempty"`
	Attributes    map[string]any          `json:"attributes,omitzero"`
	Device        *referenceDevice        `json:"device,omitempty"`
	Relationships []referenceRelationship `json:"cio_relationships,omitempty"`
	Primary       *customerio.Identifiers `json:"primary,omitempty"`
	Secondary     *customerio.Identifiers `json:"secondary,omitempty"`
}

type referenceDevice struct {
	Token      string              `json:"token"`
	Platform   customerio.Platform `json:"platform,omitempty"`
	LastUsed   int64               `json:"last_used,omitempty"`
	Attributes map[string]any      `json:"attributes,omitempty"`
}

type referenceRelationship struct {
	Identifiers any            `json:"identifiers"`
	Attributes  map[string]any `json:"relationship_attributes,omitempty"`
}

// reference encodes op with encoding/json; events must carry their ID.
func reference(t *testing.T, op Op) []byte {
	t.Helper()
	rule, ok := ruleFor(op.Type, op.Action)
	if !ok {
		t.Fatalf("no rule for %s %s", op.Type, op.Action)
	}
	norm := func(m map[string]any) map[string]any {
		out, err := transport.NormalizeMap("test", "", m)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	r := referenceOp{Type: op.Type, Action: op.Action, Identifiers: op.Identifiers, Name: op.Name, ID: op.ID}
	if !op.Timestamp.IsZero() {
		r.Timestamp = op.Timestamp.Unix()
	}
	if rule.attributes != forbidden {
		r.Attributes = norm(op.Attributes)
		if r.Attributes == nil {
			r.Attributes = map[string]any{}
		}
	}
	switch rule.device {
	case deviceAdd:
		r.Device = &referenceDevice{Token: op.Device.Token, Platform: op.Device.Platform, Attributes: norm(op.Device.Attributes)}
		if !op.Device.LastUsed.IsZero() {
			r.Device.LastUsed = op.Device.LastUsed.Unix()
		}
	case deviceDelete:
		r.Device = &referenceDevice{Token: op.Device.Token}
	}
	for _, rel := range op.Relationships {
		var side any
		switch rule.related {
		case kindObject:
			side = rel.Object
		case kindPerson:
			side = rel.Person
		default:
			side = map[string]string{"anonymous_id": rel.AnonymousID}
		}
		r.Relationships = append(r.Relationships, referenceRelationship{side, norm(rel.Attributes)})
	}
	if rule.merge {
		r.Primary, r.Secondary = &op.Primary, &op.Secondary
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// opsWith builds one op of every shape around s, used as id, name, key and
// value.
func opsWith(s string) []Op {
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	id := WithID("id-" + s)
	attrs := map[string]any{"k-" + s: s, "at": when, "list": []any{s, 1.5}}
	person := customerio.ByID("p-" + s)
	return []Op{
		IdentifyPerson(customerio.ByEmail(s+"@example.com"), attrs, WithTimestamp(when),
			WithRelationships(customerio.Relationship{Object: customerio.ObjectByID("1", s), Attributes: attrs})),
		IdentifyPerson(person, nil),
		TrackPersonEvent(person, "e-"+s, attrs, id),
		PersonPageview(customerio.ByPhone("+1"+s), "/"+s, nil, id),
		PersonScreen(customerio.ByCIOID("cio-"+s), "s", attrs, id),
		AddPersonDevice(person, customerio.Device{Token: "t-" + s, Platform: customerio.PlatformIOS, LastUsed: when, Attributes: attrs}),
		AddPersonDevice(person, customerio.Device{Token: "t-" + s, Platform: customerio.PlatformAndroid}),
		DeletePersonDevice(person, "t-"+s),
		MergePeople(customerio.ByEmail(s+"@example.com"), customerio.ByID("old-"+s)),
		AddPersonRelationships(person, []customerio.Relationship{{Object: customerio.ObjectByCIOID("c-" + s)}, {Object: customerio.ObjectByID("2", s), Attributes: attrs}}),
		IdentifyObject(customerio.ObjectByID("3", "o-"+s), attrs, WithRelationships(customerio.Relationship{Person: customerio.ByEmail(s + "@example.com")})),
		IdentifyAnonymousObject(customerio.ObjectByID("3", "o-"+s), nil, WithRelationships(customerio.RelatedAnonymous("a-"+s, nil))),
		DeleteObject(customerio.ObjectByCIOID("c-" + s)),
		TrackDeliveryEvent(DeliveryID("d-"+s), customerio.MetricOpened, "tok-"+s, attrs, id, WithTimestamp(when)),
		SuppressPerson(person),
	}
}

func TestOpsMatchEncodingJSON(t *testing.T) {
	for _, s := range trickyStrings {
		checkOps(t, s)
	}
}

func FuzzOpEncoding(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(checkOps)
}

func checkOps(t *testing.T, s string) {
	for _, op := range opsWith(s) {
		got, err := encodeOp("test", op, -1)
		if err != nil {
			var ve *customerio.ValidationError
			if errors.As(err, &ve) {
				continue // an op this string makes invalid, or too large
			}
			t.Fatal(err)
		}
		if want := reference(t, op); !bytes.Equal(got, want) {
			t.Errorf("%s %s with %q:\n got %s\nwant %s", op.Type, op.Action, s, got, want)
		}
	}
}

// TestEncodeRefusesSelfContainingValues checks that a map or slice that
// contains itself is an error, not an endless recursion.
func TestEncodeRefusesSelfContainingValues(t *testing.T) {
	m := map[string]any{}
	m["self"] = m
	s := []any{nil}
	s[0] = s
	for name, attrs := range map[string]map[string]any{"map": m, "slice": {"s": s}} {
		_, err := encodeOp("test", IdentifyPerson(customerio.ByID("1"), attrs), -1)
		var ve *customerio.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v; want a *customerio.ValidationError", name, err)
		}
	}
}
