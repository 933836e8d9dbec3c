package customeriotest

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// predicate decides whether a person matches an audience filter; it runs with
// the store locked.
type predicate func(st *store, p *person) bool

// compileFilter checks an audience filter (the body of POST /v1/customers) and
// turns it into a predicate. A filter node holds exactly one of: and (array),
// or (array), not (a filter), segment {id}, attribute {field, operator, value}
// with operator eq or exists, the operators Customer.io documents.
func compileFilter(path string, v any) (predicate, error) {
	node, ok := v.(map[string]any)
	if !ok || len(node) != 1 {
		return nil, fmt.Errorf("%s must be an object with exactly one of and, or, not, segment, attribute", path)
	}
	for k, arg := range node {
		switch k {
		case "and", "or":
			return compileGroup(path+"."+k, k == "and", arg)
		case "not":
			inner, err := compileFilter(path+".not", arg)
			if err != nil {
				return nil, err
			}
			return func(st *store, p *person) bool { return !inner(st, p) }, nil
		case "segment":
			return compileSegment(path+".segment", arg)
		case "attribute":
			return compileAttribute(path+".attribute", arg)
		}
		return nil, fmt.Errorf("%s: unknown filter %q", path, k)
	}
	return nil, nil
}

func compileGroup(path string, all bool, arg any) (predicate, error) {
	list, ok := arg.([]any)
	if !ok {
		return nil, fmt.Errorf("%s must be an array", path)
	}
	parts := make([]predicate, len(list))
	for i, e := range list {
		pr, err := compileFilter(fmt.Sprintf("%s[%d]", path, i), e)
		if err != nil {
			return nil, err
		}
		parts[i] = pr
	}
	return func(st *store, p *person) bool {
		for _, pr := range parts {
			if pr(st, p) != all {
				return !all
			}
		}
		return all
	}, nil
}

func compileSegment(path string, arg any) (predicate, error) {
	m, _ := arg.(map[string]any)
	f, ok := m["id"].(float64)
	if !ok || f != float64(int(f)) {
		return nil, fmt.Errorf("%s.id must be an integer", path)
	}
	id := int(f)
	return func(st *store, p *person) bool {
		g := st.segments[id]
		return g != nil && g.has(p.cioID)
	}, nil
}

func compileAttribute(path string, arg any) (predicate, error) {
	m, _ := arg.(map[string]any)
	field := str(m, "field")
	if field == "" {
		return nil, fmt.Errorf("%s.field is required", path)
	}
	switch op := str(m, "operator"); op {
	case "exists":
		return func(_ *store, p *person) bool {
			_, ok := attributeText(p, field)
			return ok
		}, nil
	case "eq":
		value, present := m["value"]
		if !present || value == nil {
			return nil, fmt.Errorf("%s.value is required with operator eq", path)
		}
		want := stringify(value)
		return func(_ *store, p *person) bool {
			got, ok := attributeText(p, field)
			return ok && got == want
		}, nil
	default:
		return nil, fmt.Errorf("%s.operator must be eq or exists, not %q", path, op)
	}
}

// attributeText is an attribute of p as the App API shows it, as a string;
// the identifiers count as attributes.
func attributeText(p *person, field string) (string, bool) {
	switch field {
	case kindID:
		return p.id, p.id != ""
	case kindEmail:
		return p.email, p.email != ""
	case kindCIOID:
		return p.cioID, true
	}
	v, ok := p.attrs[field]
	if !ok {
		return "", false
	}
	return stringify(v), true
}

// stringify renders an attribute value the way the App API returns every
// attribute: as a string ("42", "true", JSON text for objects and arrays).
func stringify(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
