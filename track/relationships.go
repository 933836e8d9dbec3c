package track

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// RelationshipAction says whether a Relationships value adds or removes
// relationships.
type RelationshipAction string

// The relationship actions Customer.io accepts on Identify.
const (
	AddRelationships    RelationshipAction = "add_relationships"
	DeleteRelationships RelationshipAction = "delete_relationships"
)

// Relationships is the value of the AttrRelationships key on Identify: it relates
// the person to objects (companies, accounts, courses…) or removes such
// relationships, in the same call that updates their attributes. It is Track API
// v1's cio_relationships value, {"action": …, "relationships": […]}.
type Relationships struct {
	// Action is AddRelationships or DeleteRelationships.
	Action RelationshipAction
	// Items lists the objects, at least one, each built with
	// customerio.RelatedObject. A person's Identify relates them to objects
	// only, so an item that sets Person or AnonymousID is refused.
	Items []customerio.Relationship
}

// expandRelationships returns attrs with every Relationships value (or non-nil
// pointer to one) replaced by the map Customer.io expects, checking it on the
// way. Under AttrRelationships a []customerio.Relationship becomes an
// add_relationships value, and maps are checked against Customer.io's shape; any
// other type there is refused. A customerio.Relationship or a slice of them
// under any other key is refused too: the root type has no JSON shape of its
// own, and Customer.io reads relationships only under cio_relationships. attrs
// itself is copied, never modified; it is returned as is when there is nothing
// to expand.
func expandRelationships(op, field string, attrs map[string]any) (map[string]any, error) {
	var out map[string]any
	for k, v := range attrs {
		f := field + "." + k
		var rel Relationships
		switch x := v.(type) {
		case Relationships:
			rel = x
		case *Relationships:
			if x == nil {
				continue
			}
			rel = *x
		case []customerio.Relationship:
			if k != AttrRelationships {
				return nil, validate.Field(op, f, "relationships are sent under %q only", AttrRelationships)
			}
			rel = Relationships{Action: AddRelationships, Items: x}
		case customerio.Relationship, *customerio.Relationship:
			if k != AttrRelationships {
				return nil, validate.Field(op, f, "relationships are sent under %q only", AttrRelationships)
			}
			return nil, validate.Field(op, f, "must be a Relationships or a []customerio.Relationship, not %T", v)
		default:
			if k != AttrRelationships || v == nil {
				continue
			}
			wire, err := relationshipsValue(op, f, v)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = maps.Clone(attrs)
			}
			out[k] = wire
			continue
		}
		wire, err := rel.wire(op, f)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = maps.Clone(attrs)
		}
		out[k] = wire
	}
	if out == nil {
		return attrs, nil
	}
	return out, nil
}

// relationshipsValue checks a cio_relationships value given as maps: either
// {"action": …, "relationships": [item, …]}, or a list of items alone, which
// adds them. An item is {"identifiers": {"object_type_id", "object_id"} or
// {"cio_object_id"}, "relationship_attributes": {…}}. It returns the value to
// send.
func relationshipsValue(op, field string, v any) (any, error) {
	var items []any
	switch x := v.(type) {
	case map[string]any:
		for _, key := range slices.Sorted(maps.Keys(x)) {
			if key != "action" && key != "relationships" {
				return nil, validate.Field(op, field+"."+key, "is not a field of cio_relationships (action, relationships)")
			}
		}
		if a, _ := x["action"].(string); a != string(AddRelationships) && a != string(DeleteRelationships) {
			return nil, validate.Field(op, field+".action", "must be %q or %q", AddRelationships, DeleteRelationships)
		}
		list, ok := listOf(x["relationships"])
		if !ok || len(list) == 0 {
			return nil, validate.Field(op, field+".relationships", "must list at least one object")
		}
		if err := checkItems(op, field+".relationships", list); err != nil {
			return nil, err
		}
		return x, nil
	case []map[string]any, []any:
		items, _ = listOf(x)
		if len(items) == 0 {
			return nil, validate.Field(op, field, "must list at least one object")
		}
		if err := checkItems(op, field, items); err != nil {
			return nil, err
		}
		return map[string]any{"action": string(AddRelationships), "relationships": items}, nil
	}
	return nil, validate.Field(op, field, "must be a Relationships, a []customerio.Relationship or a map in Customer.io's cio_relationships shape, not %T", v)
}

// listOf returns v as a []any when it is a list of maps.
func listOf(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []map[string]any:
		out := make([]any, len(x))
		for i, m := range x {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

// checkItems checks each relationship item given as a map.
func checkItems(op, field string, items []any) error {
	for i, item := range items {
		f := field + "[" + strconv.Itoa(i) + "]"
		m, ok := item.(map[string]any)
		if !ok {
			return validate.Field(op, f, `must be a map {"identifiers": {…}}, not %T`, item)
		}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			if key != "identifiers" && key != "relationship_attributes" {
				return validate.Field(op, f+"."+key, "is not a field of a relationship (identifiers, relationship_attributes)")
			}
		}
		if a, ok := m["relationship_attributes"]; ok && a != nil {
			if _, ok := a.(map[string]any); !ok {
				return validate.Field(op, f+".relationship_attributes", "must be a map, not %T", a)
			}
		}
		ids, ok := m["identifiers"].(map[string]any)
		if !ok {
			ids2, ok2 := m["identifiers"].(map[string]string)
			if !ok2 {
				return validate.Field(op, f+".identifiers", `must be {"object_type_id", "object_id"} or {"cio_object_id"}`)
			}
			ids = make(map[string]any, len(ids2))
			for k, v := range ids2 {
				ids[k] = v
			}
		}
		str := func(k string) string { s, _ := ids[k].(string); return s }
		switch {
		case len(ids) == 1 && str("cio_object_id") != "":
		case len(ids) == 2 && str("object_type_id") != "" && str("object_id") != "":
		default:
			return validate.Field(op, f+".identifiers", `must be {"object_type_id", "object_id"} or {"cio_object_id"}, with string values`)
		}
	}
	return nil
}

// wire checks r and builds {"action": …, "relationships": [{"identifiers": {…},
// "relationship_attributes": {…}}, …]} as plain maps, so that the attribute
// normalization walks the relationship attributes too.
func (r Relationships) wire(op, field string) (map[string]any, error) {
	if r.Action != AddRelationships && r.Action != DeleteRelationships {
		return nil, validate.Field(op, field+".action", "must be %q or %q, not %q", AddRelationships, DeleteRelationships, r.Action)
	}
	if len(r.Items) == 0 {
		return nil, validate.Field(op, field+".relationships", "must list at least one object")
	}
	items := make([]any, len(r.Items))
	for i, it := range r.Items {
		item, err := relationshipItem(op, field+".relationships["+strconv.Itoa(i)+"]", it)
		if err != nil {
			return nil, err
		}
		items[i] = item
	}
	return map[string]any{"action": string(r.Action), "relationships": items}, nil
}

// relationshipItem checks r and builds {"identifiers": {…},
// "relationship_attributes": {…}}. Identify relates a person to objects, so r
// must name its Object: by type id and id together, or by CIOObjectID alone.
func relationshipItem(op, field string, r customerio.Relationship) (map[string]any, error) {
	if r.Person.Count() > 0 || r.AnonymousID != "" {
		return nil, validate.Field(op, field, "a person's relationship names an object (customerio.RelatedObject), not a person or an anonymous id")
	}
	o := r.Object
	var ident map[string]any
	switch {
	case o.CIOObjectID != "" && o.TypeID == "" && o.ID == "":
		ident = map[string]any{"cio_object_id": o.CIOObjectID}
	case o.CIOObjectID == "" && o.TypeID != "" && o.ID != "":
		ident = map[string]any{"object_type_id": o.TypeID, "object_id": o.ID}
	default:
		return nil, validate.Field(op, field+".identifiers", "set the object's TypeID and ID, or CIOObjectID alone (customerio.ObjectByID, ObjectByCIOID)")
	}
	item := map[string]any{"identifiers": ident}
	if len(r.Attributes) > 0 {
		item["relationship_attributes"] = r.Attributes
	}
	return item, nil
}

// MarshalJSON writes r in Customer.io's cio_relationships shape,
// {"action": …, "relationships": […]}, with times as Unix seconds.
func (r Relationships) MarshalJSON() ([]byte, error) {
	m, err := r.wire("track.Relationships", "cio_relationships")
	if err != nil {
		return nil, err
	}
	return marshalNormalized(m)
}

// marshalNormalized encodes m with its times as Unix seconds.
func marshalNormalized(m map[string]any) ([]byte, error) {
	n, err := transport.NormalizeMap("track", "", m)
	if err != nil {
		return nil, err
	}
	return json.Marshal(n)
}
