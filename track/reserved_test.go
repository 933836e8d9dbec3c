package track

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// A []Relationship under cio_relationships is sent in Customer.io's shape, an
// add_relationships value, never with the Go field names.
func TestIdentifyRelationshipSliceUsesWireNames(t *testing.T) {
	rec := newRecorder(t, nil)
	err := rec.client(t).Identify(t.Context(), "42", map[string]any{
		AttrRelationships: []customerio.Relationship{
			{Object: customerio.ObjectByID("1", "acme"), Attributes: map[string]any{"role": "admin", "since": time.Unix(1700000000, 0)}},
			{Object: customerio.ObjectByCIOID("obb7fd050101")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := decodeBody(t, rec.requests()[0].Body)["cio_relationships"]
	var want any
	if err := json.Unmarshal([]byte(`{"action":"add_relationships","relationships":[
		{"identifiers":{"object_type_id":"1","object_id":"acme"},"relationship_attributes":{"role":"admin","since":1700000000}},
		{"identifiers":{"cio_object_id":"obb7fd050101"}}]}`), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cio_relationships = %v\nwant %v", got, want)
	}
}

// Relationships encodes in Customer.io's shape wherever it is marshalled, its
// items built from customerio.Relationship values.
func TestRelationshipsMarshalsInWireShape(t *testing.T) {
	b, err := json.Marshal(Relationships{Action: AddRelationships, Items: []customerio.Relationship{
		customerio.RelatedObject(customerio.ObjectByID("1", "acme"), map[string]any{"at": time.Unix(5, 0)}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"action":"add_relationships","relationships":[{"identifiers":{"object_id":"acme","object_type_id":"1"},"relationship_attributes":{"at":5}}]}`; string(b) != want {
		t.Errorf("Relationships = %s, want %s", b, want)
	}
	b, err = json.Marshal(Relationships{Action: DeleteRelationships, Items: []customerio.Relationship{{Object: customerio.ObjectByCIOID("c")}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"action":"delete_relationships","relationships":[{"identifiers":{"cio_object_id":"c"}}]}`; string(b) != want {
		t.Errorf("Relationships = %s, want %s", b, want)
	}
	if _, err := json.Marshal(Relationships{Action: AddRelationships, Items: []customerio.Relationship{{Object: customerio.Object{ID: "no type"}}}}); err == nil {
		t.Error("a Relationships whose object has no type id marshalled")
	}
}

// A reserved Identify key with a value of the wrong type is a
// *customerio.ValidationError naming the key, before any I/O.
func TestIdentifyRefusesReservedKeysOfTheWrongType(t *testing.T) {
	cases := []struct {
		name  string
		attrs map[string]any
		field string
	}{
		{"created_at string", map[string]any{AttrCreatedAt: "2024-03-01"}, "attrs.created_at"},
		{"created_at fraction", map[string]any{AttrCreatedAt: 1.5}, "attrs.created_at"},
		{"created_at json.Number fraction", map[string]any{AttrCreatedAt: json.Number("1.5")}, "attrs.created_at"},
		{"_timestamp bool", map[string]any{AttrTimestamp: true}, "attrs._timestamp"},
		{"_update string", map[string]any{AttrUpdateOnly: "true"}, "attrs._update"},
		{"unsubscribed int", map[string]any{AttrUnsubscribed: 1}, "attrs.unsubscribed"},
		{"id int", map[string]any{AttrID: 42}, "attrs.id"},
		{"email slice", map[string]any{AttrEmail: []string{"a@example.com"}}, "attrs.email"},
		{"anonymous_id int", map[string]any{"anonymous_id": 7}, "attrs.anonymous_id"},
		{"preferences string", map[string]any{AttrSubscriptionPreferences: "topic_1"}, "attrs.cio_subscription_preferences"},
		{"preferences topics not bool", map[string]any{AttrSubscriptionPreferences: map[string]any{"topics": map[string]any{"topic_1": "yes"}}}, "attrs.cio_subscription_preferences"},
		{"preferences other key", map[string]any{AttrSubscriptionPreferences: map[string]any{"topic_1": true}}, "attrs.cio_subscription_preferences"},
		{"topic dot key not bool", map[string]any{"cio_subscription_preferences.topics.topic_1": "yes"}, "attrs.cio_subscription_preferences.topics.topic_1"},
		{"relationships string", map[string]any{AttrRelationships: "acme"}, "attrs.cio_relationships"},
		{"relationships struct", map[string]any{AttrRelationships: customerio.Relationship{Object: customerio.ObjectByID("1", "a")}}, "attrs.cio_relationships"},
		{"relationships empty slice", map[string]any{AttrRelationships: []customerio.Relationship{}}, "attrs.cio_relationships.relationships"},
		{"relationships map action", map[string]any{AttrRelationships: map[string]any{"action": "add", "relationships": []any{}}}, "attrs.cio_relationships.action"},
		{"relationships map item flat", map[string]any{AttrRelationships: map[string]any{"action": "add_relationships",
			"relationships": []map[string]any{{"object_type_id": "1", "object_id": "a"}}}}, "attrs.cio_relationships.relationships[0].object_id"},
		{"relationships list item without type", map[string]any{AttrRelationships: []map[string]any{
			{"identifiers": map[string]any{"object_id": "a"}}}}, "attrs.cio_relationships[0].identifiers"},
		{"relationships list item type int", map[string]any{AttrRelationships: []any{
			map[string]any{"identifiers": map[string]any{"object_type_id": 1, "object_id": "a"}}}}, "attrs.cio_relationships[0].identifiers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := unreachableClient(t).Identify(t.Context(), "42", tc.attrs)
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want a *customerio.ValidationError", err, err)
			}
			if len(ve.Fields) != 1 || ve.Fields[0].Field != tc.field {
				t.Errorf("fields = %+v, want one naming %q", ve.Fields, tc.field)
			}
		})
	}
}

// The natural Go types of each reserved key are accepted and sent as
// Customer.io reads them.
func TestIdentifyAcceptsNaturalTypesForReservedKeys(t *testing.T) {
	when := time.Unix(1700000000, 0)
	cases := []struct {
		name  string
		attrs map[string]any
		key   string
		want  string
	}{
		{"created_at int", map[string]any{AttrCreatedAt: 1700000000}, "created_at", `1700000000`},
		{"created_at int64", map[string]any{AttrCreatedAt: int64(1700000000)}, "created_at", `1700000000`},
		{"created_at whole float64", map[string]any{AttrCreatedAt: float64(1700000000)}, "created_at", `1700000000`},
		{"created_at time", map[string]any{AttrCreatedAt: when}, "created_at", `1700000000`},
		{"created_at *time", map[string]any{AttrCreatedAt: &when}, "created_at", `1700000000`},
		{"created_at json.Number", map[string]any{AttrCreatedAt: json.Number("1700000000")}, "created_at", `1700000000`},
		{"_timestamp time", map[string]any{AttrTimestamp: when}, "_timestamp", `1700000000`},
		{"_update", map[string]any{AttrUpdateOnly: true}, "_update", `true`},
		{"unsubscribed", map[string]any{AttrUnsubscribed: false}, "unsubscribed", `false`},
		{"null created_at", map[string]any{AttrCreatedAt: nil}, "created_at", `null`},
		{"preferences struct", map[string]any{AttrSubscriptionPreferences: SubscriptionPreferences{Topics: map[string]bool{"topic_1": true}}},
			"cio_subscription_preferences", `{"topics":{"topic_1":true}}`},
		{"preferences map", map[string]any{AttrSubscriptionPreferences: map[string]any{"topics": map[string]any{"topic_1": false}}},
			"cio_subscription_preferences", `{"topics":{"topic_1":false}}`},
		{"topic dot key", map[string]any{"cio_subscription_preferences.topics.topic_2": true},
			"cio_subscription_preferences.topics.topic_2", `true`},
		{"relationships map", map[string]any{AttrRelationships: map[string]any{"action": "delete_relationships",
			"relationships": []any{map[string]any{"identifiers": map[string]any{"cio_object_id": "c"}}}}},
			"cio_relationships", `{"action":"delete_relationships","relationships":[{"identifiers":{"cio_object_id":"c"}}]}`},
		{"relationships list of maps", map[string]any{AttrRelationships: []map[string]any{
			{"identifiers": map[string]any{"object_type_id": "1", "object_id": "a"}, "relationship_attributes": map[string]any{"since": when}}}},
			"cio_relationships", `{"action":"add_relationships","relationships":[{"identifiers":{"object_type_id":"1","object_id":"a"},"relationship_attributes":{"since":1700000000}}]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, nil)
			if err := rec.client(t).Identify(t.Context(), "42", tc.attrs); err != nil {
				t.Fatal(err)
			}
			var want any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if got := decodeBody(t, rec.requests()[0].Body)[tc.key]; !reflect.DeepEqual(got, want) {
				t.Errorf("%s = %v, want %v", tc.key, got, want)
			}
		})
	}
}
