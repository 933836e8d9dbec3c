package track

import (
	"maps"
	"strconv"

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
// relationships, in the same call that updates their attributes.
type Relationships struct {
	// Action is AddRelationships or DeleteRelationships.
	Action RelationshipAction
	// Items lists the objects; at least one.
	Items []Relationship
}

// Relationship names one object a person is related to: either ObjectTypeID and
// ObjectID together, or CIOObjectID alone.
type Relationship struct {
	// ObjectTypeID is the object type's id in the workspace, such as "1".
	ObjectTypeID string
	// ObjectID is the object's own id within its type.
	ObjectID string
	// CIOObjectID is Customer.io's id for the object, instead of the pair above.
	CIOObjectID string
	// Attributes describe the relationship itself (a role, a start date…);
	// time.Time values are sent as Unix seconds. Optional.
	Attributes map[string]any
}

// expandRelationships returns attrs with every Relationships value (or non-nil
// pointer to one) replaced by the map Customer.io expects, checking it on the way.
// attrs itself is copied, never modified; it is returned as is when there is
// nothing to expand.
func expandRelationships(op, field string, attrs map[string]any) (map[string]any, error) {
	var out map[string]any
	for k, v := range attrs {
		var rel Relationships
		switch x := v.(type) {
		case Relationships:
			rel = x
		case *Relationships:
			if x == nil {
				continue
			}
			rel = *x
		default:
			continue
		}
		wire, err := rel.wire(op, field+"."+k)
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
		itemField := field + ".relationships[" + strconv.Itoa(i) + "]"
		var ident map[string]any
		switch {
		case it.CIOObjectID != "" && it.ObjectTypeID == "" && it.ObjectID == "":
			ident = map[string]any{"cio_object_id": it.CIOObjectID}
		case it.CIOObjectID == "" && it.ObjectTypeID != "" && it.ObjectID != "":
			ident = map[string]any{"object_type_id": it.ObjectTypeID, "object_id": it.ObjectID}
		default:
			return nil, validate.Field(op, itemField+".identifiers", "set either ObjectTypeID and ObjectID, or CIOObjectID alone")
		}
		item := map[string]any{"identifiers": ident}
		if len(it.Attributes) > 0 {
			item["relationship_attributes"] = it.Attributes
		}
		items[i] = item
	}
	return map[string]any{"action": string(r.Action), "relationships": items}, nil
}
