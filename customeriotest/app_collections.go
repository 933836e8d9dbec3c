package customeriotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
)

// maxCollectionBytes is Customer.io's documented limit for a collection's
// contents (10 MB); maxCollectionRowBytes the one for each row (10 KB).
const (
	maxCollectionBytes    = 10_000_000
	maxCollectionRowBytes = 10_000
)

// collectionStore holds the workspace's collections; its zero value is empty.
type collectionStore struct {
	byID map[int]*collection
	next int
}

// collection is one collection: its contents are kept as the JSON they were
// given in, and read back as such.
type collection struct {
	id                   int
	name                 string
	url                  string
	contents             json.RawMessage
	createdAt, updatedAt int64
}

// Collection is a collection in the fake workspace.
type Collection struct {
	ID   int
	Name string
	// URL is set for a collection made from a URL; the fake downloads nothing,
	// so its Contents stay an empty list.
	URL string
	// Contents is the collection's data as last given, as JSON.
	Contents json.RawMessage
}

// Collections returns every collection, by id.
func (s *Server) Collections() []Collection {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []Collection{}
	for _, c := range s.state.collections.sorted() {
		out = append(out, Collection{ID: c.id, Name: c.name, URL: c.url, Contents: slices.Clone(c.contents)})
	}
	return out
}

func (cs *collectionStore) sorted() []*collection {
	out := make([]*collection, 0, len(cs.byID))
	for _, c := range cs.byID {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// json renders c as the App API describes a collection: rows and schema come
// from its contents.
func (c *collection) json() map[string]any {
	var rows []map[string]any
	if err := json.Unmarshal(c.contents, &rows); err != nil {
		var one map[string]any
		if json.Unmarshal(c.contents, &one) == nil && one != nil {
			rows = []map[string]any{one}
		}
	}
	keys := map[string]bool{}
	for _, r := range rows {
		for k := range r {
			keys[k] = true
		}
	}
	schema := make([]string, 0, len(keys))
	for k := range keys {
		schema = append(schema, k)
	}
	sort.Strings(schema)
	return map[string]any{
		"id": c.id, "name": c.name, "bytes": len(c.contents), "rows": len(rows), "schema": schema,
		"created_at": c.createdAt, "updated_at": c.updatedAt,
	}
}

// checkContents answers 400 for contents over Customer.io's size limits, or a
// list holding a row that is not an object.
func (x *exchange) checkContents(field string, contents json.RawMessage) bool {
	if len(contents) > maxCollectionBytes {
		x.fail(http.StatusBadRequest, invalid(field, "a collection cannot be more than 10 MB"))
		return false
	}
	var rows []json.RawMessage
	if json.Unmarshal(contents, &rows) != nil {
		return true
	}
	for i, r := range rows {
		at := field + "[" + strconv.Itoa(i) + "]"
		if t := bytes.TrimSpace(r); len(t) == 0 || t[0] != '{' {
			x.fail(http.StatusBadRequest, invalid(at, "each row must be an object"))
			return false
		}
		if len(r) > maxCollectionRowBytes {
			x.fail(http.StatusBadRequest, invalid(at, "no row can be more than 10 KB"))
			return false
		}
	}
	return true
}

// collectionInput reads {name, data | url} of a create or an update.
func (x *exchange) collectionInput() (name string, data json.RawMessage, url string, ok bool) {
	var body struct {
		Name *string         `json:"name"`
		Data json.RawMessage `json:"data"`
		URL  string          `json:"url"`
	}
	if _, ok := x.object(); !ok {
		return "", nil, "", false
	}
	if err := json.Unmarshal(x.body, &body); err != nil {
		x.failText(http.StatusBadRequest, "the body does not fit a collection: "+err.Error())
		return "", nil, "", false
	}
	if body.Name != nil {
		if name = *body.Name; name == "" {
			x.fail(http.StatusBadRequest, invalid("name", "name cannot be blank"))
			return "", nil, "", false
		}
	}
	if len(body.Data) > 0 && body.URL != "" {
		x.fail(http.StatusBadRequest, invalid("data", "send data or url, not both"))
		return "", nil, "", false
	}
	if len(body.Data) > 0 {
		if t := bytes.TrimSpace(body.Data); t[0] != '[' {
			x.fail(http.StatusBadRequest, invalid("data", "data must be a list of objects"))
			return "", nil, "", false
		}
		if !x.checkContents("data", body.Data) {
			return "", nil, "", false
		}
	}
	return name, body.Data, body.URL, true
}

// appCreateCollection is POST /v1/collections: body {name*, data | url}.
func (s *Server) appCreateCollection(x *exchange) {
	name, data, url, ok := x.collectionInput()
	if !ok {
		return
	}
	switch {
	case name == "":
		x.fail(http.StatusBadRequest, required("name"))
		return
	case data == nil && url == "":
		x.fail(http.StatusBadRequest, required("data"))
		return
	case data == nil:
		data = json.RawMessage("[]")
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	cs := &s.state.collections
	if cs.byID == nil {
		cs.byID = map[int]*collection{}
	}
	cs.next++
	now := s.state.unix()
	c := &collection{id: cs.next, name: name, url: url, contents: slices.Clone(data), createdAt: now, updatedAt: now}
	cs.byID[c.id] = c
	x.ok(map[string]any{"collection": c.json()})
}

// appListCollections is GET /v1/collections.
func (s *Server) appListCollections(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []map[string]any{}
	for _, c := range s.state.collections.sorted() {
		out = append(out, c.json())
	}
	x.ok(map[string]any{"collections": out})
}

// pathCollection finds the {collection_id} of a route, answering 404 for an
// unknown one. The caller holds the store lock.
func (s *Server) pathCollection(x *exchange) *collection {
	id, err := strconv.Atoi(x.params["collection_id"])
	c := s.state.collections.byID[id]
	if err != nil || c == nil {
		x.fail(http.StatusNotFound, invalid("collection_id", "collection %s not found", x.params["collection_id"]))
		return nil
	}
	return c
}

// appGetCollection is GET /v1/collections/{collection_id}.
func (s *Server) appGetCollection(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if c := s.pathCollection(x); c != nil {
		x.ok(map[string]any{"collection": c.json()})
	}
}

// appCollectionContents is GET /v1/collections/{collection_id}/content: the
// contents exactly as last given.
func (s *Server) appCollectionContents(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if c := s.pathCollection(x); c != nil {
		x.ok(json.RawMessage(slices.Clone(c.contents)))
	}
}

// appDeleteCollection is DELETE /v1/collections/{collection_id}; 204.
func (s *Server) appDeleteCollection(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if c := s.pathCollection(x); c != nil {
		delete(s.state.collections.byID, c.id)
		x.reply(http.StatusNoContent, nil)
	}
}

// appUpdateCollection is PUT /v1/collections/{collection_id}: body {name,
// data | url}; data or url replaces the contents.
func (s *Server) appUpdateCollection(x *exchange) {
	name, data, url, ok := x.collectionInput()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	c := s.pathCollection(x)
	if c == nil {
		return
	}
	if name != "" {
		c.name = name
	}
	switch {
	case data != nil:
		c.contents, c.url = slices.Clone(data), ""
	case url != "":
		c.contents, c.url = json.RawMessage("[]"), url
	}
	c.updatedAt = s.state.unix()
	x.ok(map[string]any{"collection": c.json()})
}

// appReplaceCollectionContents is PUT /v1/collections/{collection_id}/content:
// the body, any JSON object or list, becomes the contents.
func (s *Server) appReplaceCollectionContents(x *exchange) {
	t := bytes.TrimSpace(x.body)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') || !json.Valid(t) {
		x.failText(http.StatusBadRequest, "the body must be the collection's contents: a JSON object or list")
		return
	}
	if !x.checkContents("contents", t) {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	c := s.pathCollection(x)
	if c == nil {
		return
	}
	c.contents, c.url = slices.Clone(t), ""
	c.updatedAt = s.state.unix()
	x.ok(map[string]any{"collection": c.json()})
}
