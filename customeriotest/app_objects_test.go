package customeriotest

import (
	"net/http"
	"reflect"
	"testing"
)

// TestTrackObjectsAreFoundByTheAppObjectRoutes identifies objects and relates
// a person through Track v2, then finds them through the App API: search,
// types, attributes by object_id and by cio_object_id, and relationships.
func TestTrackObjectsAreFoundByTheAppObjectRoutes(t *testing.T) {
	srv := newTestServer(t)
	if _, err := srv.AddPerson("42", map[string]any{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	for _, op := range []map[string]any{
		{"type": "object", "action": "identify", "identifiers": map[string]any{"object_type_id": "1", "object_id": "acme"}, "attributes": map[string]any{"plan": "enterprise"}},
		{"type": "object", "action": "identify", "identifiers": map[string]any{"object_type_id": "1", "object_id": "globex"}, "attributes": map[string]any{"plan": "free"}},
		{"type": "object", "action": "identify", "identifiers": map[string]any{"object_type_id": "2", "object_id": "course"}},
		{"type": "person", "action": "add_relationships", "identifiers": map[string]any{"id": "42"}, "cio_relationships": []any{map[string]any{"identifiers": map[string]any{"object_type_id": "1", "object_id": "acme"}}}},
	} {
		srv.mustDo(t, http.StatusOK, track(http.MethodPost, "/api/v2/entity", op))
	}
	acme, _ := srv.Object("1", "acme")

	var found struct {
		Identifiers []map[string]string `json:"identifiers"`
		IDs         []string            `json:"ids"`
		Next        string              `json:"next"`
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/objects", map[string]any{
		"object_type_id": "1",
		"filter":         map[string]any{"and": []any{map[string]any{"object_attribute": map[string]any{"field": "plan", "operator": "eq", "value": "enterprise", "type_id": "1"}}}},
	})).decode(t, &found)
	if want := []map[string]string{{"object_id": "acme", "cio_object_id": acme.CIOObjectID}}; !reflect.DeepEqual(found.Identifiers, want) || found.Next != "" {
		t.Errorf("search found %+v, want %v", found, want)
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/objects?limit=1", map[string]any{
		"object_type_id": "1", "filter": map[string]any{"not": map[string]any{"object_attribute": map[string]any{"field": "plan", "operator": "eq", "value": "enterprise", "type_id": "1"}}},
	})).decode(t, &found)
	if !reflect.DeepEqual(found.IDs, []string{"globex"}) {
		t.Errorf("not-search found %v, want [globex]", found.IDs)
	}

	var types struct{ Types []struct{ ID string } }
	srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/object_types", nil)).decode(t, &types)
	if len(types.Types) != 2 || types.Types[0].ID != "1" || types.Types[1].ID != "2" {
		t.Errorf("types %+v, want 1 and 2", types.Types)
	}

	for _, path := range []string{"/v1/objects/1/acme/attributes", "/v1/objects/1/" + acme.CIOObjectID + "/attributes?id_type=cio_object_id"} {
		var got struct {
			Object struct {
				Identifiers map[string]string `json:"identifiers"`
				Attributes  map[string]any    `json:"attributes"`
			} `json:"object"`
		}
		srv.mustDo(t, http.StatusOK, app(http.MethodGet, path, nil)).decode(t, &got)
		if got.Object.Identifiers["cio_object_id"] != acme.CIOObjectID || got.Object.Attributes["plan"] != "enterprise" {
			t.Errorf("%s: %+v", path, got)
		}
	}
	srv.mustDo(t, http.StatusNotFound, app(http.MethodGet, "/v1/objects/2/acme/attributes", nil))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodGet, "/v1/objects/1/acme/attributes?id_type=email", nil))

	var rels struct {
		Relationships []struct {
			Identifiers map[string]string `json:"identifiers"`
		} `json:"cio_relationships"`
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/objects/1/acme/relationships", nil)).decode(t, &rels)
	if len(rels.Relationships) != 1 || rels.Relationships[0].Identifiers["id"] != "42" {
		t.Errorf("relationships %+v, want person 42", rels)
	}
}
