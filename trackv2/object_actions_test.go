package trackv2

import (
	"encoding/json"
	customerio "github.com/gocustomerio/customerio"
	"reflect"
	"testing"
)

// The Track API reference defines five object actions (identify,
// identify_anonymous, delete, add_relationships, delete_relationships) and no
// object event: an op of type object and action event is refused before any
// I/O, naming the action.
func TestObjectEventIsNotAnAction(t *testing.T) {
	c := newUnreachableClient(t)
	op := Op{Type: TypeObject, Action: ActionEvent, Identifiers: customerio.ObjectByID("1", "acme"), Name: "renewed"}
	fields := validationFields(t, c.Send(t.Context(), op), "trackv2.Send")
	if len(fields) != 1 || fields[0].Field != "action" {
		t.Errorf("fields %+v, want one naming %q", fields, "action")
	}
}

// On identify_anonymous the relationship items identify anonymous visitors
// only: the reference's item schema is {"identifiers": {"anonymous_id": …}}.
func TestIdentifyAnonymousObjectRefusesPersonRelationships(t *testing.T) {
	c := newUnreachableClient(t)
	op := IdentifyAnonymousObject(customerio.ObjectByID("1", "acme"), nil, WithRelationships(customerio.Relationship{Person: customerio.ByID("42")}))
	fields := validationFields(t, c.Send(t.Context(), op), "trackv2.Send")
	if len(fields) != 1 || fields[0].Field != "cio_relationships[0].Person" {
		t.Errorf("fields %+v, want one naming cio_relationships[0].Person", fields)
	}
}

// Each object action encodes to the shape of the reference's example for it
// (the identify_anonymous relationship item is the one of its schema).
func TestObjectActionsMatchTheReferenceExamples(t *testing.T) {
	cases := []struct {
		name string
		op   Op
		spec string
	}{
		{"identify", IdentifyObject(customerio.ObjectByID("1", "acme"), map[string]any{"name": "Acme Corp", "plan": "enterprise", "seats": 50}),
			`{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme Corp","plan":"enterprise","seats":50}}`},
		{"identify_anonymous", IdentifyAnonymousObject(customerio.ObjectByID("1", "acme"), nil, WithRelationships(customerio.Relationship{AnonymousID: "anon-abc-123"})),
			`{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify_anonymous","attributes":{},"cio_relationships":[{"identifiers":{"anonymous_id":"anon-abc-123"}}]}`},
		{"delete", DeleteObject(customerio.ObjectByID("1", "acme")),
			`{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"delete"}`},
		{"add_relationships", AddObjectRelationships(customerio.ObjectByID("1", "acme"), []customerio.Relationship{{Person: customerio.ByID("42"), Attributes: map[string]any{"role": "admin"}}}),
			`{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"add_relationships","cio_relationships":[{"identifiers":{"id":"42"},"relationship_attributes":{"role":"admin"}}]}`},
		{"delete_relationships", DeleteObjectRelationships(customerio.ObjectByID("1", "acme"), []customerio.Relationship{{Person: customerio.ByID("42")}}),
			`{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"delete_relationships","cio_relationships":[{"identifiers":{"id":"42"}}]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encodeOp("test", tc.op, -1)
			if err != nil {
				t.Fatal(err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tc.spec), &w); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("sent %s\nwant %s", got, tc.spec)
			}
		})
	}
}
