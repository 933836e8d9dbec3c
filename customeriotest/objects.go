package customeriotest

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
)

// Object is a custom object (a company, an account, …) in the fake workspace.
type Object struct {
	// Object names it with all three fields set: TypeID, the object type id
	// (an integer from 1 written as a string); ID, the object_id; and
	// CIOObjectID, the identifier the fake assigned on creation. Either
	// customerio.ObjectByID(o.TypeID, o.ID) or
	// customerio.ObjectByCIOID(o.CIOObjectID) names it in a request.
	customerio.Object
	Attributes map[string]any
}

// Relationship ties a person (or an anonymous visitor) to an object. Unlike a
// customerio.Relationship, which names one side of a request, it records both
// sides.
type Relationship struct {
	// Object names the related object, TypeID, ID and CIOObjectID all set.
	Object customerio.Object
	// Person names the related person; it is zero for an anonymous relation.
	Person customerio.Identifiers
	// AnonymousID is set for relations made by object identify_anonymous.
	AnonymousID string
	Attributes  map[string]any
}

type objectKey struct{ typeID, id string }

type object struct {
	seq       int64
	key       objectKey
	cioID     string
	attrs     map[string]any
	attrTimes map[string]int64
}

func (o *object) snapshot() Object {
	return Object{Object: o.ref(), Attributes: copyMap(o.attrs)}
}

// ref names o with all three fields set.
func (o *object) ref() customerio.Object {
	return customerio.Object{TypeID: o.key.typeID, ID: o.key.id, CIOObjectID: o.cioID}
}

type relationship struct {
	seq         int64
	personCio   string
	anonymousID string
	obj         objectKey
	attrs       map[string]any
}

// validObjectType reports whether s is an object type id: an integer from 1.
func validObjectType(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1
}

// upsertObject creates or updates the object key names, merging attrs.
func (st *store) upsertObject(key objectKey, attrs map[string]any) *object {
	o := st.objects[key]
	if o == nil {
		st.nextObjectCio++
		o = &object{seq: st.next(), key: key, cioID: fmt.Sprintf("%x", 0xe000000+st.nextObjectCio),
			attrs: map[string]any{}, attrTimes: map[string]int64{}}
		st.objects[key] = o
	}
	st.mergeObjectAttributes(o, attrs)
	return o
}

func (st *store) mergeObjectAttributes(o *object, attrs map[string]any) {
	now := st.unix()
	for k, v := range attrs {
		if v == nil || v == "" {
			delete(o.attrs, k)
			delete(o.attrTimes, k)
			continue
		}
		o.attrs[k] = copyValue(v)
		o.attrTimes[k] = now
	}
}

func (st *store) objectByCio(cio string) *object {
	for _, o := range st.objects {
		if o.cioID == cio {
			return o
		}
	}
	return nil
}

func (st *store) deleteObject(key objectKey) {
	delete(st.objects, key)
	st.relationships = slices.DeleteFunc(st.relationships, func(r *relationship) bool { return r.obj == key })
}

// relate ties a person (personCio) or an anonymous visitor to the object key
// names, creating the object when needed, and merges the relationship's
// attributes.
func (st *store) relate(personCio, anonymousID string, key objectKey, attrs map[string]any) {
	if st.objects[key] == nil {
		st.upsertObject(key, nil)
	}
	for _, r := range st.relationships {
		if r.personCio == personCio && r.anonymousID == anonymousID && r.obj == key {
			for k, v := range attrs {
				r.attrs[k] = copyValue(v)
			}
			return
		}
	}
	rel := &relationship{seq: st.next(), personCio: personCio, anonymousID: anonymousID, obj: key, attrs: copyMap(attrs)}
	if rel.attrs == nil {
		rel.attrs = map[string]any{}
	}
	st.relationships = append(st.relationships, rel)
}

func (st *store) unrelate(personCio string, key objectKey) {
	st.relationships = slices.DeleteFunc(st.relationships, func(r *relationship) bool {
		return r.personCio == personCio && r.obj == key
	})
}

func (st *store) relationshipSnapshot(r *relationship) Relationship {
	out := Relationship{
		Object:      customerio.Object{TypeID: r.obj.typeID, ID: r.obj.id},
		AnonymousID: r.anonymousID,
		Attributes:  copyMap(r.attrs),
	}
	if o := st.objects[r.obj]; o != nil {
		out.Object = o.ref()
	}
	if p := st.people[r.personCio]; p != nil {
		out.Person = p.identifiers()
	}
	return out
}

// Objects returns every object, in the order they were created.
func (s *Server) Objects() []Object {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	objs := make([]*object, 0, len(s.state.objects))
	for _, o := range s.state.objects {
		objs = append(objs, o)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].seq < objs[j].seq })
	out := make([]Object, len(objs))
	for i, o := range objs {
		out[i] = o.snapshot()
	}
	return out
}

// Object returns the object of type typeID with object_id id.
func (s *Server) Object(typeID, id string) (Object, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	o := s.state.objects[objectKey{typeID, id}]
	if o == nil {
		return Object{}, false
	}
	return o.snapshot(), true
}

// Relationships returns every relationship between a person or anonymous
// visitor and an object, in the order they were made.
func (s *Server) Relationships() []Relationship {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]Relationship, len(s.state.relationships))
	for i, r := range s.state.relationships {
		out[i] = s.state.relationshipSnapshot(r)
	}
	return out
}
