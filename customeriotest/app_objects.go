package customeriotest

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
)

// The App API's object routes read the objects and relationships the Track API
// made (objects.go), so an object identified through either Track API is found
// here by its object_id or its cio_object_id.

// objectTypeJSON is an object type as GET /v1/object_types shows one. The fake
// knows a type once an object of it exists.
type objectTypeJSON struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	SingularName string `json:"singular_name"`
	Slug         string `json:"slug"`
	SingularSlug string `json:"singular_slug"`
	Enabled      bool   `json:"enabled"`
	Icon         string `json:"icon"`
}

// appObjectTypes is GET /v1/object_types: every type an object has, by id.
func (s *Server) appObjectTypes(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	seen := map[int]bool{}
	for key := range s.state.objects {
		if n, err := strconv.Atoi(key.typeID); err == nil {
			seen[n] = true
		}
	}
	ids := make([]int, 0, len(seen))
	for n := range seen {
		ids = append(ids, n)
	}
	sort.Ints(ids)
	out := []objectTypeJSON{}
	for _, n := range ids {
		id := strconv.Itoa(n)
		out = append(out, objectTypeJSON{
			ID: id, Name: "Type " + id + " objects", SingularName: "Type " + id + " object",
			Slug: "type-" + id + "-objects", SingularSlug: "type-" + id + "-object", Enabled: true, Icon: "building",
		})
	}
	x.ok(map[string]any{"types": out})
}

// sortedObjects returns the objects of type typeID in the order they were
// made. The caller holds the store lock.
func (st *store) sortedObjects(typeID string) []*object {
	var objs []*object
	for key, o := range st.objects {
		if key.typeID == typeID {
			objs = append(objs, o)
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].seq < objs[j].seq })
	return objs
}

// appSearchObjects is POST /v1/objects: body {object_type_id*, filter*},
// cursor-paged, 50 a page by default and 1000 at most.
func (s *Server) appSearchObjects(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	typeID, _ := scalarString(body["object_type_id"])
	if !validObjectType(typeID) {
		x.fail(http.StatusBadRequest, invalid("object_type_id", "object_type_id must be an integer from 1"))
		return
	}
	filter := objectField(body, "filter")
	if filter == nil {
		x.fail(http.StatusBadRequest, required("filter"))
		return
	}
	match, problem := objectMatcher(filter, "filter")
	if problem != nil {
		x.fail(http.StatusBadRequest, *problem)
		return
	}
	scope := "objects/" + typeID
	pr, problems := readPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	objs := slices.DeleteFunc(s.state.sortedObjects(typeID), func(o *object) bool { return !match(o.attrs) })
	page, next := paginate(objs, func(o *object) int64 { return o.seq }, pr, scope)
	identifiers := make([]map[string]string, len(page))
	ids := make([]string, len(page))
	for i, o := range page {
		identifiers[i] = map[string]string{"object_id": o.key.id, "cio_object_id": o.cioID}
		ids[i] = o.key.id
	}
	x.ok(map[string]any{"identifiers": identifiers, "ids": ids, "next": next})
}

// objectMatcher compiles an object filter: and, or and not groups of
// object_attribute conditions with the eq or exists operator.
func objectMatcher(f map[string]any, at string) (func(map[string]any) bool, *problem) {
	if len(f) != 1 {
		p := invalid(at, "%s must hold exactly one of and, or, not, object_attribute", at)
		return nil, &p
	}
	for kind, v := range f {
		switch kind {
		case "and", "or":
			list, _ := v.([]any)
			if len(list) == 0 {
				p := invalid(at+"."+kind, "%s.%s must list at least one condition", at, kind)
				return nil, &p
			}
			var parts []func(map[string]any) bool
			for i, item := range list {
				m, _ := item.(map[string]any)
				part, problem := objectMatcher(m, fmt.Sprintf("%s.%s[%d]", at, kind, i))
				if problem != nil {
					return nil, problem
				}
				parts = append(parts, part)
			}
			all := kind == "and"
			return func(attrs map[string]any) bool {
				for _, part := range parts {
					if part(attrs) != all {
						return !all
					}
				}
				return all
			}, nil
		case "not":
			m, _ := v.(map[string]any)
			inner, problem := objectMatcher(m, at+".not")
			if problem != nil {
				return nil, problem
			}
			return func(attrs map[string]any) bool { return !inner(attrs) }, nil
		case "object_attribute":
			cond, _ := v.(map[string]any)
			field := str(cond, "field")
			if field == "" {
				p := required(at + ".object_attribute.field")
				return nil, &p
			}
			switch str(cond, "operator") {
			case "exists":
				return func(attrs map[string]any) bool { _, ok := attrs[field]; return ok }, nil
			case "eq":
				want, ok := cond["value"]
				if !ok {
					p := required(at + ".object_attribute.value")
					return nil, &p
				}
				return func(attrs map[string]any) bool {
					got, ok := attrs[field]
					return ok && fmt.Sprint(got) == fmt.Sprint(want)
				}, nil
			}
			p := invalid(at+".object_attribute.operator", "operator must be eq or exists")
			return nil, &p
		}
	}
	p := invalid(at, "%s must hold one of and, or, not, object_attribute", at)
	return nil, &p
}

// pathObject finds the object of a /v1/objects/{object_type_id}/{object_id}/…
// route, read by object_id or, with id_type=cio_object_id, by cio_object_id;
// it answers 400 for an unknown id_type and 404 when there is no such object.
// The caller holds the store lock.
func (s *Server) pathObject(x *exchange) *object {
	typeID, id := x.params["object_type_id"], x.params["object_id"]
	var o *object
	switch x.query.Get("id_type") {
	case "", "object_id":
		o = s.state.objects[objectKey{typeID, id}]
	case "cio_object_id":
		if o = s.state.objectByCio(id); o != nil && o.key.typeID != typeID {
			o = nil
		}
	default:
		x.fail(http.StatusBadRequest, invalid("id_type", "id_type must be object_id or cio_object_id"))
		return nil
	}
	if o == nil {
		x.fail(http.StatusNotFound, invalid("object_id", "object %s of type %s not found", id, typeID))
	}
	return o
}

// appObjectAttributes is GET /v1/objects/{object_type_id}/{object_id}/attributes.
func (s *Server) appObjectAttributes(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	o := s.pathObject(x)
	if o == nil {
		return
	}
	x.ok(map[string]any{"object": map[string]any{
		"identifiers":    map[string]string{"object_id": o.key.id, "cio_object_id": o.cioID},
		"object_type_id": o.key.typeID,
		"attributes":     copyMap(o.attrs),
		"timestamps":     o.attrTimes,
	}})
}

// appObjectRelationships is GET
// /v1/objects/{object_type_id}/{object_id}/relationships: the people related
// to the object, in the order they were related, cursor-paged.
func (s *Server) appObjectRelationships(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	o := s.pathObject(x)
	if o == nil {
		return
	}
	scope := "object-relationships/" + o.cioID
	pr, problems := readPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	var rels []*relationship
	for _, r := range s.state.relationships {
		if r.obj == o.key && s.state.people[r.personCio] != nil {
			rels = append(rels, r)
		}
	}
	page, next := paginate(rels, func(r *relationship) int64 { return r.seq }, pr, scope)
	out := make([]map[string]any, len(page))
	for i, r := range page {
		out[i] = map[string]any{
			"identifiers":          s.state.people[r.personCio].identifiers(),
			"object_type_id":       o.key.typeID,
			"object_type_disabled": false,
		}
	}
	x.ok(map[string]any{"cio_relationships": out, "next": next})
}
