package customeriotest

import (
	"slices"
	"strconv"
	"strings"
)

// parsePersonIdent reads an identifiers object naming one person: exactly one
// of the allowed kinds, with a non-blank string (or numeric) value. A cio_id may
// carry the "cio_" prefix.
func parsePersonIdent(field string, v any, allowed ...string) (ident, []problem) {
	if v == nil {
		return ident{}, []problem{required(field)}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return ident{}, []problem{invalid(field, "%s must be an object", field)}
	}
	if len(m) != 1 {
		return ident{}, []problem{invalid(field, "%s must hold exactly one of %s", field, strings.Join(allowed, ", "))}
	}
	for k, raw := range m {
		if !slices.Contains(allowed, k) {
			return ident{}, []problem{invalid(field+"."+k, "%s is not a person identifier here; use one of %s", k, strings.Join(allowed, ", "))}
		}
		s, ok := scalarString(raw)
		if !ok || s == "" {
			return ident{}, []problem{invalid(field+"."+k, "%s.%s must be a non-blank string", field, k)}
		}
		if k == kindCIOID {
			s = strings.TrimPrefix(s, "cio_")
		}
		if p := checkID(field+"."+k, s); p != nil {
			return ident{}, p
		}
		return ident{k, s}, nil
	}
	return ident{}, nil
}

// objectRef names an object by type and id, or by cio_object_id.
type objectRef struct {
	key objectKey
	cio string
}

// parseObjectRef reads {object_type_id, object_id} or {cio_object_id}.
func parseObjectRef(field string, v any) (objectRef, []problem) {
	m, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return objectRef{}, []problem{required(field)}
		}
		return objectRef{}, []problem{invalid(field, "%s must be an object", field)}
	}
	if raw, ok := m["cio_object_id"]; ok {
		s, ok := scalarString(raw)
		if !ok || s == "" || len(m) != 1 {
			return objectRef{}, []problem{invalid(field, "%s must be {cio_object_id} or {object_type_id, object_id}", field)}
		}
		return objectRef{cio: s}, nil
	}
	typeID, okType := scalarString(m["object_type_id"])
	id, okID := scalarString(m["object_id"])
	var out []problem
	switch {
	case m["object_type_id"] == nil:
		out = append(out, required(field+".object_type_id"))
	case !okType || !validObjectType(typeID):
		out = append(out, invalid(field+".object_type_id", "object_type_id must be an integer from 1, sent as a string"))
	}
	switch {
	case m["object_id"] == nil:
		out = append(out, required(field+".object_id"))
	case !okID || id == "":
		out = append(out, invalid(field+".object_id", "object_id must be a non-blank string"))
	default:
		out = append(out, checkID(field+".object_id", id)...)
	}
	if len(m) != 2 && len(out) == 0 {
		out = append(out, invalid(field, "%s must be {cio_object_id} or {object_type_id, object_id}", field))
	}
	return objectRef{key: objectKey{typeID, id}}, out
}

// resolve finds the object r names; ok is false for an unknown cio_object_id.
func (st *store) resolve(r objectRef) (objectKey, bool) {
	if r.cio == "" {
		return r.key, true
	}
	if o := st.objectByCio(r.cio); o != nil {
		return o.key, true
	}
	return objectKey{}, false
}

// objectLink is one relationship item sent on a person: the object and the
// relationship's attributes.
type objectLink struct {
	obj   objectRef
	attrs map[string]any
}

// personLink is one relationship item sent on an object: a person (or an
// anonymous visitor) and the relationship's attributes.
type personLink struct {
	person    ident
	anonymous string
	attrs     map[string]any
}

// relationshipItems checks that v is a list of relationship objects and returns
// each item's identifiers and relationship_attributes.
func relationshipItems(field string, v any, need bool) ([]map[string]any, []problem) {
	if v == nil {
		if need {
			return nil, []problem{required(field)}
		}
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, []problem{invalid(field, "%s must be an array", field)}
	}
	if need && len(list) == 0 {
		return nil, []problem{required(field)}
	}
	var items []map[string]any
	var out []problem
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			out = append(out, invalid(indexField(field, i), "a relationship must be an object"))
			continue
		}
		if ra, present := m["relationship_attributes"]; present && ra != nil {
			if _, ok := ra.(map[string]any); !ok {
				out = append(out, invalid(indexField(field, i)+".relationship_attributes", "relationship_attributes must be an object"))
			}
		}
		items = append(items, m)
	}
	return items, out
}

// parseObjectLinks reads relationship items sent on a person.
func parseObjectLinks(field string, v any, need bool) ([]objectLink, []problem) {
	items, out := relationshipItems(field, v, need)
	links := make([]objectLink, 0, len(items))
	for i, m := range items {
		ref, p := parseObjectRef(indexField(field, i)+".identifiers", m["identifiers"])
		out = append(out, p...)
		links = append(links, objectLink{obj: ref, attrs: objectField(m, "relationship_attributes")})
	}
	return links, out
}

// parsePersonLinks reads relationship items sent on an object; anonymous
// allows {anonymous_id} (identify_anonymous).
func parsePersonLinks(field string, v any, need, anonymous bool) ([]personLink, []problem) {
	items, out := relationshipItems(field, v, need)
	links := make([]personLink, 0, len(items))
	for i, m := range items {
		f := indexField(field, i) + ".identifiers"
		ids, _ := m["identifiers"].(map[string]any)
		if anon, ok := scalarString(ids["anonymous_id"]); anonymous && ok && anon != "" && len(ids) == 1 {
			links = append(links, personLink{anonymous: anon, attrs: objectField(m, "relationship_attributes")})
			continue
		}
		who, p := parsePersonIdent(f, m["identifiers"], kindID, kindEmail, kindCIOID)
		out = append(out, p...)
		links = append(links, personLink{person: who, attrs: objectField(m, "relationship_attributes")})
	}
	return links, out
}

func indexField(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}
