package app

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// refusal is a call that must fail validation, naming field, before any
// request.
type refusal struct {
	name  string
	call  func(context.Context, *Client) error
	field string
}

func testRefusals(t *testing.T, cases []refusal) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			assertValidation(t, tt.call(t.Context(), srv.client()), tt.field)
			if n := srv.calls.Load(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestObjectsRoutes(t *testing.T) {
	t.Parallel()
	acme := customerio.ObjectByID("1", "acme")
	jane := customerio.Identifiers{ID: "42", Email: "jane@example.com", CIOID: "a3000001"}
	testRoutes(t, []route{
		{
			name:     "ListTypes",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Objects.ListTypes(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/object_types", fixture: "object_types.json"},
			want: []ObjectType{
				{ID: "1", Name: "Concerts", SingularName: "Concert", Slug: "concerts", SingularSlug: "concert", Enabled: true, Icon: "calendar"},
				{ID: "2", Name: "Companies", SingularName: "Company", Slug: "companies", SingularSlug: "company", Icon: "building"},
			},
		},
		{
			name: "Search",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Objects.Search(ctx, "1", And(Attribute("name", Exists, nil), Not(Attribute("name", Equals, "acme corp"))),
					ListOptions{Start: "b2JqOjA=", Limit: customerio.Ptr(2)})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/objects", query: "limit=2&start=b2JqOjA%3D",
				body: `{"object_type_id":"1","filter":{"and":[{"object_attribute":{"field":"name","operator":"exists","type_id":"1"}},` +
					`{"not":{"object_attribute":{"field":"name","operator":"eq","value":"acme corp","type_id":"1"}}}]}}`,
				fixture: "objects_search.json",
			},
			want: ListPage[customerio.Object]{Items: []customerio.Object{
				{TypeID: "1", ID: "ae3000", CIOObjectID: "ob020101"}, {TypeID: "1", ID: "ae3001", CIOObjectID: "ob020102"},
			}, Next: "b2JqOjI="},
		},
		{
			name: "Search reads the legacy ids list",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Objects.Search(ctx, "3", Or(Attribute("plan", Equals, true)), ListOptions{})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/objects",
				body:    `{"object_type_id":"3","filter":{"or":[{"object_attribute":{"field":"plan","operator":"eq","value":true,"type_id":"3"}}]}}`,
				fixture: "objects_search_legacy.json",
			},
			want: ListPage[customerio.Object]{Items: []customerio.Object{{TypeID: "3", ID: "ae3000"}, {TypeID: "3", ID: "42"}}},
		},
		{
			name:     "GetAttributes by object_id",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Objects.GetAttributes(ctx, acme) },
			exchange: exchange{method: http.MethodGet, path: "/v1/objects/1/acme/attributes", fixture: "object_attributes.json"},
			want: &ObjectAttributes{
				Object:     customerio.Object{TypeID: "1", ID: "acme", CIOObjectID: "ob020101"},
				Attributes: map[string]any{"name": "Acme Corp", "plan": "enterprise"},
				Timestamps: map[string]time.Time{"name": unix(1700000000), "plan": unix(1700000100)},
			},
		},
		{
			name: "GetAttributes by cio_object_id, escaped",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Objects.GetAttributes(ctx, customerio.Object{TypeID: "1", CIOObjectID: "ob/01 01"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/objects/1/ob%2F01%2001/attributes", query: "id_type=cio_object_id", fixture: "object_attributes.json"},
			want: &ObjectAttributes{
				Object:     customerio.Object{TypeID: "1", ID: "acme", CIOObjectID: "ob020101"},
				Attributes: map[string]any{"name": "Acme Corp", "plan": "enterprise"},
				Timestamps: map[string]time.Time{"name": unix(1700000000), "plan": unix(1700000100)},
			},
		},
		{
			name: "ListRelationships",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Objects.ListRelationships(ctx, acme, ListOptions{Start: "cmVsOjA=", Limit: customerio.Ptr(2)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/objects/1/acme/relationships", query: "limit=2&start=cmVsOjA%3D", fixture: "object_relationships.json"},
			want: ListPage[ObjectRelationship]{Items: []ObjectRelationship{
				{Person: jane, ObjectTypeID: "1"},
				{Person: customerio.Identifiers{Email: "joe@example.com", CIOID: "a3000002"}, ObjectTypeID: "1", ObjectTypeDisabled: true},
			}, Next: "cmVsOjI="},
		},
	})
}

func TestObjectsRefuseBadInput(t *testing.T) {
	t.Parallel()
	ok := Attribute("name", Exists, nil)
	search := func(typeID string, f Filter) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Objects.Search(ctx, typeID, f, ListOptions{})
			return err
		}
	}
	attrs := func(obj customerio.Object) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Objects.GetAttributes(ctx, obj)
			return err
		}
	}
	testRefusals(t, []refusal{
		{"search type id not a number", search("companies", ok), "object_type_id"},
		{"search type id zero", search("0", ok), "object_type_id"},
		{"search type id with a leading zero", search("01", ok), "object_type_id"},
		{"search zero filter", search("1", Filter{}), "filter"},
		{"search segment condition", search("1", And(InSegment(3))), "filter.and[0].segment"},
		{"search unknown operator", search("1", Attribute("plan", Operator("gt"), 3)), "filter.object_attribute.operator"},
		{"search eq without value", search("1", Not(Attribute("plan", Equals, nil))), "filter.not.object_attribute.value"},
		{"search blank field", search("1", Attribute(" ", Exists, nil)), "filter.object_attribute.field"},
		{"search empty and", search("1", And()), "filter.and"},
		{"search negative limit", func(ctx context.Context, c *Client) error {
			_, err := c.Objects.Search(ctx, "1", ok, ListOptions{Limit: customerio.Ptr(-1)})
			return err
		}, "limit"},
		{"attributes without type", attrs(customerio.Object{ID: "acme"}), "object_type_id"},
		{"attributes without id", attrs(customerio.Object{TypeID: "1"}), "object_id"},
		{"attributes with both ids", attrs(customerio.Object{TypeID: "1", ID: "acme", CIOObjectID: "ob1"}), "object_id"},
		{"attributes blank cio id", attrs(customerio.Object{TypeID: "1", CIOObjectID: "  "}), "cio_object_id"},
		{"relationships by cio id alone", func(ctx context.Context, c *Client) error {
			_, err := c.Objects.ListRelationships(ctx, customerio.ObjectByCIOID("ob1"), ListOptions{})
			return err
		}, "object_type_id"},
	})
}

// objectPage is the request for one page of the objects of type 1 that have
// a name.
func objectPage(query, fixture string) exchange {
	return exchange{
		method: http.MethodPost, path: "/v1/objects", query: query, fixture: fixture,
		body: `{"object_type_id":"1","filter":{"object_attribute":{"field":"name","operator":"exists","type_id":"1"}}}`,
	}
}

func TestAllObjectSearchResultsWalksPagesAndStops(t *testing.T) {
	t.Parallel()
	f := Attribute("name", Exists, nil)
	t.Run("every page", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, objectPage("limit=2", "objects_search.json"), objectPage("limit=2&start=b2JqOjI%3D", "objects_search_legacy.json"))
		var ids []string
		for o, err := range srv.client().Objects.AllSearchResults(t.Context(), "1", f, ListOptions{Limit: customerio.Ptr(2)}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		if want := []string{"ae3000", "ae3001", "ae3000", "42"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("ids %v, want %v", ids, want)
		}
	})
	t.Run("early break", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, objectPage("", "objects_search.json"))
		for range srv.client().Objects.AllSearchResults(t.Context(), "1", f, ListOptions{}) {
			break
		}
		if n := srv.calls.Load(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("error once", func(t *testing.T) {
		t.Parallel()
		failing := objectPage("start=b2JqOjI%3D", "")
		failing.status = http.StatusBadRequest
		srv := newServer(t, objectPage("", "objects_search.json"), failing)
		var errs []error
		n := 0
		for _, err := range srv.client().Objects.AllSearchResults(t.Context(), "1", f, ListOptions{}) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
		var apiErr *customerio.APIError
		if n != 2 || len(errs) != 1 || !errors.As(errs[0], &apiErr) {
			t.Errorf("%d objects and errors %v; want 2 and one *customerio.APIError", n, errs)
		}
	})
}

func TestAllObjectRelationshipsWalksPages(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/objects/1/ob1/relationships", query: "id_type=cio_object_id", fixture: "object_relationships.json"},
		exchange{method: http.MethodGet, path: "/v1/objects/1/ob1/relationships", query: "id_type=cio_object_id&start=cmVsOjI%3D", fixture: "object_relationships_last.json"},
	)
	var cios []string
	for r, err := range srv.client().Objects.AllRelationships(t.Context(), customerio.Object{TypeID: "1", CIOObjectID: "ob1"}, ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		cios = append(cios, r.Person.CIOID)
	}
	if want := []string{"a3000001", "a3000002", "a3000009"}; !reflect.DeepEqual(cios, want) {
		t.Errorf("people %v, want %v", cios, want)
	}
}
