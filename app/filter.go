package app

import (
	"encoding/json"
	"strconv"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Filter is an audience filter: which people a customer search returns, or whom a
// broadcast trigger sends to. Build one from InSegment and Attribute conditions
// combined with And, Or and Not; the zero Filter matches nobody and is rejected
// where a filter is required.
//
//	app.And(app.InSegment(7), app.Not(app.Attribute("plan", app.Equals, "free")))
//
// encodes as {"and":[{"segment":{"id":7}},{"not":{"attribute":{"field":"plan","operator":"eq","value":"free"}}}]}.
type Filter struct {
	kind     string // "and", "or", "not", "segment" or "attribute"; "" for the zero Filter
	children []Filter
	segment  int
	cond     attributeCondition
}

type attributeCondition struct {
	Field    string   `json:"field"`
	Operator Operator `json:"operator"`
	Value    any      `json:"value,omitempty"`
}

// Operator compares a person's attribute in an Attribute condition.
type Operator string

// The operators Customer.io documents for audience filters. Others may work and
// are sent as given.
const (
	// Equals matches people whose attribute equals the value.
	Equals Operator = "eq"
	// Exists matches people who have the attribute at all; it takes no value.
	Exists Operator = "exists"
)

// And matches people who match every filter.
func And(filters ...Filter) Filter { return Filter{kind: "and", children: filters} }

// Or matches people who match at least one filter.
func Or(filters ...Filter) Filter { return Filter{kind: "or", children: filters} }

// Not matches people who do not match f.
func Not(f Filter) Filter { return Filter{kind: "not", children: []Filter{f}} }

// InSegment matches the members of segment id.
func InSegment(id int) Filter { return Filter{kind: "segment", segment: id} }

// Attribute matches people whose attribute field compares to value by op. A nil
// value is left out, as Exists needs; a time.Time value is sent as Unix seconds.
func Attribute(field string, op Operator, value any) Filter {
	return Filter{kind: "attribute", cond: attributeCondition{Field: field, Operator: op, Value: value}}
}

// IsZero reports whether f is the zero Filter.
func (f Filter) IsZero() bool { return f.kind == "" }

// MarshalJSON encodes f in Customer.io's audience-filter form.
func (f Filter) MarshalJSON() ([]byte, error) {
	switch f.kind {
	case "and", "or":
		children := f.children
		if children == nil {
			children = []Filter{}
		}
		return json.Marshal(map[string][]Filter{f.kind: children})
	case "not":
		return json.Marshal(map[string]Filter{"not": f.children[0]})
	case "segment":
		return json.Marshal(map[string]map[string]int{"segment": {"id": f.segment}})
	case "attribute":
		return json.Marshal(map[string]attributeCondition{"attribute": f.cond})
	}
	return []byte("{}"), nil
}

// prepare checks f and returns it ready to encode, attribute values normalized
// (times to Unix seconds, NaN and infinity rejected); problems are named by their
// path under field, such as "filter.and[1].attribute.field".
func (f Filter) prepare(p *problems, field string) Filter {
	switch f.kind {
	case "":
		p.add(field, "is empty: build a filter with And, Or, Not, InSegment or Attribute")
	case "and", "or":
		if len(f.children) == 0 {
			p.add(field+"."+f.kind, "must hold at least one filter")
		}
		children := make([]Filter, len(f.children))
		for i, child := range f.children {
			children[i] = child.prepare(p, field+"."+f.kind+"["+strconv.Itoa(i)+"]")
		}
		f.children = children
	case "not":
		f.children = []Filter{f.children[0].prepare(p, field+".not")}
	case "segment":
		p.id(field+".segment.id", f.segment)
	case "attribute":
		at := field + ".attribute"
		p.blank(at+".field", f.cond.Field)
		p.blank(at+".operator", string(f.cond.Operator))
		value, err := transport.Normalize(p.op, at+".value", f.cond.Value)
		p.merge(err)
		f.cond.Value = value
	}
	return f
}
