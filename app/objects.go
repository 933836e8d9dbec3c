package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// ObjectsService reads custom objects (companies, accounts, courses…): their
// types, their attributes and the people related to them. Objects are created,
// changed and related to people through the Track API (track.Client or
// trackv2); the App API only reads them.
//
// An object is named by a customerio.Object with its TypeID set (the object
// type's integer id, written as a string) and exactly one of ID (your id for
// it, customerio.ObjectByID) or CIOObjectID (the id Customer.io assigned it).
// Anything else is a *customerio.ValidationError and nothing is sent.
type ObjectsService struct{ api *transport.Client }

// ObjectType is one kind of object in the workspace.
type ObjectType struct {
	// ID is the object_type_id that names the type in the Track API and in a
	// customerio.Object: an integer from 1 written as a string.
	ID string `json:"id"`
	// Name and SingularName are the type's names in the Customer.io UI.
	Name         string `json:"name"`
	SingularName string `json:"singular_name"`
	// Slug and SingularSlug name the type's pages in the Customer.io UI.
	Slug         string `json:"slug"`
	SingularSlug string `json:"singular_slug"`
	// Enabled reports that the type is in use.
	Enabled bool `json:"enabled"`
	// Icon names the icon or emoji shown for the type in the UI.
	Icon string `json:"icon"`
}

// UnmarshalJSON reads id as a string or a number.
func (o *ObjectType) UnmarshalJSON(b []byte) error {
	type fields ObjectType
	var w struct {
		fields
		ID looseString `json:"id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*o = ObjectType(w.fields)
	o.ID = string(w.ID)
	return nil
}

// ObjectAttributes is an object's profile: its identifiers, its attributes and
// when each attribute was set.
type ObjectAttributes struct {
	// Object names the object with every identifier Customer.io gave back:
	// TypeID, ID and CIOObjectID.
	Object customerio.Object
	// Attributes holds the object's attributes.
	Attributes map[string]any
	// Timestamps maps attribute names to when each was set.
	Timestamps map[string]time.Time
}

// objectIdentifiers is the identifiers of an object in an answer. Customer.io
// documents object_id and cio_object_id; its schema also shows the id key of
// a person, read as the object_id when object_id is absent.
type objectIdentifiers struct {
	ObjectID    looseString `json:"object_id"`
	ID          looseString `json:"id"`
	CIOObjectID looseString `json:"cio_object_id"`
}

func (i objectIdentifiers) object(typeID string) customerio.Object {
	id := string(i.ObjectID)
	if id == "" {
		id = string(i.ID)
	}
	return customerio.Object{TypeID: typeID, ID: id, CIOObjectID: string(i.CIOObjectID)}
}

// UnmarshalJSON reads the object as GET …/attributes answers it under
// "object": identifiers, object_type_id, attributes, and timestamps in Unix
// seconds.
func (o *ObjectAttributes) UnmarshalJSON(b []byte) error {
	var w struct {
		Identifiers  objectIdentifiers   `json:"identifiers"`
		ObjectTypeID looseString         `json:"object_type_id"`
		Attributes   map[string]any      `json:"attributes"`
		Timestamps   map[string]unixTime `json:"timestamps"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*o = ObjectAttributes{
		Object:     w.Identifiers.object(string(w.ObjectTypeID)),
		Attributes: w.Attributes,
		Timestamps: timeMap(w.Timestamps),
	}
	return nil
}

// ObjectRelationship is one person related to an object.
type ObjectRelationship struct {
	// Person holds the identifiers Customer.io gives for the related person.
	Person customerio.Identifiers `json:"identifiers"`
	// ObjectTypeID is the type of the object the person is related to.
	ObjectTypeID string `json:"object_type_id"`
	// ObjectTypeDisabled reports that the object's type is disabled.
	ObjectTypeDisabled bool `json:"object_type_disabled"`
}

// UnmarshalJSON reads object_type_id as a string or a number.
func (r *ObjectRelationship) UnmarshalJSON(b []byte) error {
	type fields ObjectRelationship
	var w struct {
		fields
		ObjectTypeID looseString `json:"object_type_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = ObjectRelationship(w.fields)
	r.ObjectTypeID = string(w.ObjectTypeID)
	return nil
}

// checkObjectTypeID records a type id that is not an integer from 1, as
// Customer.io's object type ids are.
func checkObjectTypeID(p *problems, field, typeID string) {
	if n, err := strconv.Atoi(typeID); err != nil || n < 1 || strconv.Itoa(n) != typeID {
		p.add(field, "must be an object type id, an integer from 1 written as a string, not %q", typeID)
	}
}

// objectPath is /v1/objects/{object_type_id}/{object_id}/{what} for obj, and
// adds id_type=cio_object_id to q when obj names the object by CIOObjectID.
func objectPath(p *problems, q params, obj customerio.Object, what string) string {
	checkObjectTypeID(p, "object_type_id", obj.TypeID)
	id := obj.ID
	switch {
	case obj.ID != "" && obj.CIOObjectID != "":
		p.add("object_id", "set ID or CIOObjectID, not both")
	case obj.CIOObjectID != "":
		p.blank("cio_object_id", obj.CIOObjectID)
		id = obj.CIOObjectID
		q.str("id_type", "cio_object_id")
	default:
		p.blank("object_id", obj.ID)
	}
	return transport.Path("/v1/objects", obj.TypeID, id, what)
}

// ListTypes returns the workspace's object types (GET /v1/object_types). Type
// ids count up from 1 as types are made, so this is how to find the id of,
// say, "Companies".
func (s *ObjectsService) ListTypes(ctx context.Context) ([]ObjectType, error) {
	p := newProblems("app.Objects.ListTypes")
	return fetch[[]ObjectType](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/object_types"}, "types")
}

// Search returns one page of the objects of type objectTypeID that match
// filter (POST /v1/objects?start=&limit=, body {"object_type_id": …,
// "filter": …}); pass the page's Next as opts.Start for the following one, or
// use AllSearchResults. Customer.io warns that an object may appear on more
// than one page.
//
// The filter is built as for Customers.Search from And, Or, Not and Attribute
// conditions, which here compare the objects' attributes (Customer.io's
// object_attribute condition; each carries objectTypeID as its type_id). Only
// the Equals operator, which needs a value, and Exists are accepted; an
// InSegment condition, a zero filter or a type id that is not an integer from 1
// is a *customerio.ValidationError. Each item names the object by TypeID, ID
// and CIOObjectID.
//
// The search reads only, so it is sent as a retry-safe POST.
func (s *ObjectsService) Search(ctx context.Context, objectTypeID string, filter Filter, opts ListOptions) (ListPage[customerio.Object], error) {
	p := newProblems("app.Objects.Search")
	checkObjectTypeID(p, "object_type_id", objectTypeID)
	q := params{}
	opts.query(p, q)
	body := struct {
		ObjectTypeID string `json:"object_type_id"`
		Filter       any    `json:"filter"`
	}{objectTypeID, objectFilter(p, "filter", filter, objectTypeID)}
	return fetchObjects(ctx, s.api, p, &transport.Request{
		Method: http.MethodPost,
		Path:   "/v1/objects",
		Query:  q.values(),
		Body:   body,
		// A search reads; repeating it changes nothing.
		Idempotent: true,
	}, objectTypeID)
}

// AllSearchResults walks every page of Search, from opts.Start on
// (POST /v1/objects).
func (s *ObjectsService) AllSearchResults(ctx context.Context, objectTypeID string, filter Filter, opts ListOptions) iter.Seq2[customerio.Object, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[customerio.Object], error) {
		o := opts
		o.Start = start
		return s.Search(ctx, objectTypeID, filter, o)
	})
}

// fetchObjects sends req and decodes a page of objects of type typeID:
// {"identifiers": [{"object_id", "cio_object_id"}…], "ids": […], "next": …}.
// When an answer carries only the ids list, each id becomes an object with
// just TypeID and ID set.
func fetchObjects(ctx context.Context, api *transport.Client, p *problems, req *transport.Request, typeID string) (ListPage[customerio.Object], error) {
	body, err := fetchBody(ctx, api, p, req)
	if err != nil {
		return ListPage[customerio.Object]{}, err
	}
	wire, err := wrapper(p.op, body)
	if err != nil {
		return ListPage[customerio.Object]{}, err
	}
	var page ListPage[customerio.Object]
	if _, ok := wire["identifiers"]; ok || wire["ids"] == nil {
		found, err := pageFrom[objectIdentifiers](p.op, body, wire, "identifiers")
		if err != nil {
			return ListPage[customerio.Object]{}, err
		}
		page = ListPage[customerio.Object]{Items: make([]customerio.Object, len(found.Items)), Next: found.Next}
		for i, id := range found.Items {
			page.Items[i] = id.object(typeID)
		}
		return page, nil
	}
	legacy, err := pageFrom[looseString](p.op, body, wire, "ids")
	if err != nil {
		return ListPage[customerio.Object]{}, err
	}
	page = ListPage[customerio.Object]{Items: make([]customerio.Object, len(legacy.Items)), Next: legacy.Next}
	for i, id := range legacy.Items {
		page.Items[i] = customerio.Object{TypeID: typeID, ID: string(id)}
	}
	return page, nil
}

// GetAttributes returns an object's identifiers and attributes (GET
// /v1/objects/{object_type_id}/{object_id}/attributes). Name the object with
// customerio.ObjectByID(typeID, id), or with customerio.Object{TypeID: typeID,
// CIOObjectID: cioObjectID}, which sends id_type=cio_object_id.
func (s *ObjectsService) GetAttributes(ctx context.Context, obj customerio.Object) (*ObjectAttributes, error) {
	p := newProblems("app.Objects.GetAttributes")
	q := params{}
	path := objectPath(p, q, obj, "attributes")
	out, err := fetch[ObjectAttributes](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "object")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ListRelationships returns one page of the people related to an object (GET
// /v1/objects/{object_type_id}/{object_id}/relationships), named as for
// GetAttributes. Customer.io warns that a person may appear on more than one
// page.
func (s *ObjectsService) ListRelationships(ctx context.Context, obj customerio.Object, opts ListOptions) (ListPage[ObjectRelationship], error) {
	p := newProblems("app.Objects.ListRelationships")
	q := params{}
	path := objectPath(p, q, obj, "relationships")
	opts.query(p, q)
	return fetchPage[ObjectRelationship](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "cio_relationships")
}

// AllRelationships walks every page of ListRelationships, from opts.Start on
// (GET /v1/objects/{object_type_id}/{object_id}/relationships).
func (s *ObjectsService) AllRelationships(ctx context.Context, obj customerio.Object, opts ListOptions) iter.Seq2[ObjectRelationship, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[ObjectRelationship], error) {
		o := opts
		o.Start = start
		return s.ListRelationships(ctx, obj, o)
	})
}
