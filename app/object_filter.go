package app

import (
	"strconv"

	"github.com/gocustomerio/customerio/internal/transport"
)

// objectCondition is Customer.io's object_attribute condition: an object
// attribute compared within one object type.
type objectCondition struct {
	Field    string   `json:"field"`
	Operator Operator `json:"operator"`
	Value    any      `json:"value,omitempty"`
	TypeID   string   `json:"type_id"`
}

// objectFilter checks f as a filter of objects of type typeID and returns it
// in the form POST /v1/objects takes: the same and, or and not groups as an
// audience filter, with each Attribute condition sent as
// {"object_attribute": {field, operator, value, type_id}}. An InSegment
// condition has no meaning for objects and is refused, and so is an operator
// other than Equals (which needs a value) or Exists, the two Customer.io
// documents for objects. Problems are named by their path under field.
func objectFilter(p *problems, field string, f Filter, typeID string) any {
	switch f.kind {
	case "":
		p.add(field, "is empty: build a filter with And, Or, Not and Attribute")
	case "and", "or":
		if len(f.children) == 0 {
			p.add(field+"."+f.kind, "must hold at least one filter")
		}
		children := make([]any, len(f.children))
		for i, child := range f.children {
			children[i] = objectFilter(p, field+"."+f.kind+"["+strconv.Itoa(i)+"]", child, typeID)
		}
		return map[string][]any{f.kind: children}
	case "not":
		return map[string]any{"not": objectFilter(p, field+".not", f.children[0], typeID)}
	case "segment":
		p.add(field+".segment", "is a condition on people; an object filter takes Attribute conditions")
	case "attribute":
		at := field + ".object_attribute"
		p.blank(at+".field", f.cond.Field)
		switch f.cond.Operator {
		case Equals:
			if f.cond.Value == nil {
				p.add(at+".value", "is required with the %q operator", Equals)
			}
		case Exists:
		default:
			p.add(at+".operator", "must be %q or %q for objects, not %q", Equals, Exists, string(f.cond.Operator))
		}
		value, err := transport.Normalize(p.op, at+".value", f.cond.Value)
		p.merge(err)
		return map[string]objectCondition{"object_attribute": {Field: f.cond.Field, Operator: f.cond.Operator, Value: value, TypeID: typeID}}
	}
	return struct{}{}
}
