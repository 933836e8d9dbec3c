package customeriotest

import (
	"net/http"
	"strings"
	"testing"
)

// TestCollectionContentsReadBack creates, replaces, renames and deletes a
// collection, reading its contents back as given after each change.
func TestCollectionContentsReadBack(t *testing.T) {
	srv := newTestServer(t)
	var created struct {
		Collection struct {
			ID     int      `json:"id"`
			Rows   int      `json:"rows"`
			Schema []string `json:"schema"`
		} `json:"collection"`
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/collections", `{"name":"events","data":[{"b":1,"a":"x"},{"c":true}]}`)).decode(t, &created)
	if c := created.Collection; c.ID != 1 || c.Rows != 2 || strings.Join(c.Schema, ",") != "a,b,c" {
		t.Errorf("created %+v", c)
	}
	if got := string(srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/collections/1/content", nil)).body); got != `[{"b":1,"a":"x"},{"c":true}]` {
		t.Errorf("contents %s", got)
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPut, "/v1/collections/1/content", `[{"z":0}]`))
	srv.mustDo(t, http.StatusOK, app(http.MethodPut, "/v1/collections/1", `{"name":"later"}`))
	if cs := srv.Collections(); len(cs) != 1 || cs[0].Name != "later" || string(cs[0].Contents) != `[{"z":0}]` {
		t.Errorf("collections %+v", cs)
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/collections", `{"name":"stores","url":"https://example.com/s.csv"}`))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/collections", `{"name":"both","url":"https://example.com/s.csv","data":[]}`))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/collections", `{"name":"big","data":[{"blob":"`+strings.Repeat("x", maxCollectionRowBytes)+`"}]}`))
	srv.mustDo(t, http.StatusNoContent, app(http.MethodDelete, "/v1/collections/1", nil))
	srv.mustDo(t, http.StatusNotFound, app(http.MethodGet, "/v1/collections/1", nil))
	var list struct{ Collections []struct{ Name string } }
	srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/collections", nil)).decode(t, &list)
	if len(list.Collections) != 1 || list.Collections[0].Name != "stores" {
		t.Errorf("list %+v", list)
	}
}
