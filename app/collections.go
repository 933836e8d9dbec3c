package app

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Customer.io's documented size limits for a collection's contents.
const (
	// MaxCollectionBytes caps a collection's contents: its data encoded as JSON
	// (Customer.io: "a collection cannot be more than 10 MB").
	MaxCollectionBytes = 10_000_000
	// MaxCollectionRowBytes caps one row of a collection encoded as JSON
	// (Customer.io: "no individual row … can be more than 10 KB").
	MaxCollectionRowBytes = 10_000
)

// CollectionsService manages collections: sets of data (upcoming events,
// coupons, store locations…) that messages read with Liquid as
// {{collection_name.property}}, independent of people's attributes. Contents are
// given inline, as rows, or as the URL of a CSV or JSON file Customer.io
// downloads.
//
// A collection id below 1, a blank name, contents over MaxCollectionBytes or a
// row over MaxCollectionRowBytes is a *customerio.ValidationError and nothing
// is sent.
type CollectionsService struct{ api *transport.Client }

// Collection describes a collection; its contents are read with GetContents.
type Collection struct {
	// ID names the collection in the API.
	ID int `json:"id"`
	// Name names the collection in Liquid.
	Name string `json:"name"`
	// Bytes is the size of the contents.
	Bytes int `json:"bytes"`
	// Rows counts the objects of the data, or the rows of the CSV.
	Rows int `json:"rows"`
	// Schema lists the rows' top-level keys; Customer.io requires none of them.
	Schema    []string  `json:"schema"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnmarshalJSON reads created_at and updated_at as Unix seconds.
func (c *Collection) UnmarshalJSON(b []byte) error {
	type fields Collection
	var w struct {
		fields
		CreatedAt unixTime `json:"created_at"`
		UpdatedAt unixTime `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Collection(w.fields)
	c.CreatedAt = time.Time(w.CreatedAt)
	c.UpdatedAt = time.Time(w.UpdatedAt)
	return nil
}

// collectionPath is /v1/collections/{id}[/{what}].
func collectionPath(p *problems, id int, what ...string) string {
	p.id("collection_id", id)
	return transport.Path("/v1/collections", append([]string{strconv.Itoa(id)}, what...)...)
}

// encodeRows encodes rows as the JSON array a collection's data is, times as
// Unix seconds, recording a nil row, a row over MaxCollectionRowBytes, and
// contents over MaxCollectionBytes (after which no more rows are encoded).
// Each row is encoded once, and the array is assembled from the rows' bytes.
func encodeRows(p *problems, field string, rows []map[string]any) json.RawMessage {
	buf := append(make([]byte, 0, 2+len(rows)*64), '[')
	for i, row := range rows {
		at := field + "[" + strconv.Itoa(i) + "]"
		if row == nil {
			p.add(at, "must be an object, not nil")
			continue
		}
		nv, err := transport.NormalizeMap(p.op, at, row)
		if err != nil {
			p.merge(err)
			continue
		}
		b, err := json.Marshal(nv)
		if err != nil {
			p.add(at, "cannot be encoded as JSON: %v", err)
			continue
		}
		if len(b) > MaxCollectionRowBytes {
			p.add(at, "is %d bytes as JSON; Customer.io accepts rows of at most %d", len(b), MaxCollectionRowBytes)
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, b...)
		if len(buf)+1 > MaxCollectionBytes {
			p.add(field, "is over %d bytes as JSON, Customer.io's limit for a collection", MaxCollectionBytes)
			return nil
		}
	}
	return append(buf, ']')
}

// encodeBody encodes a collection request body whose data was encoded by
// encodeRows.
func encodeBody(p *problems, v any) []byte {
	if p.err() != nil {
		return nil
	}
	b, err := transport.Encode(p.op, v)
	p.merge(err)
	return b
}

// collectionBody is the body of a create or an update: a name and either
// rows or a URL.
type collectionBody struct {
	Name string          `json:"name,omitempty"`
	Data json.RawMessage `json:"data,omitempty"`
	URL  string          `json:"url,omitempty"`
}

// Create creates a collection named name holding rows (POST /v1/collections,
// body {"name": …, "data": […]}) and returns its description. Each row is an
// object; time.Time values become Unix seconds. A blank name, nil rows (an
// empty list is an empty collection), a nil row, a row over
// MaxCollectionRowBytes or rows over MaxCollectionBytes is a
// *customerio.ValidationError and nothing is sent.
//
// Creating is not idempotent: a repeat makes a second collection, so retry
// strategies repeat it only when Customer.io cannot have acted on it.
func (s *CollectionsService) Create(ctx context.Context, name string, rows []map[string]any) (*Collection, error) {
	p := newProblems("app.Collections.Create")
	p.blank("name", name)
	if rows == nil {
		p.add("data", "must list the collection's rows (an empty list for none)")
	}
	data := encodeRows(p, "data", rows)
	return s.write(ctx, p, http.MethodPost, "/v1/collections", collectionBody{Name: name, Data: data})
}

// CreateFromURL creates a collection named name whose contents Customer.io
// downloads from dataURL, a CSV or JSON file (POST /v1/collections, body
// {"name": …, "url": …}); without a Content-Type in the file's answer,
// Customer.io goes by its extension, and otherwise assumes JSON. A blank name
// or a dataURL that is not an absolute http or https URL is a
// *customerio.ValidationError.
//
// Creating is not idempotent; see Create.
func (s *CollectionsService) CreateFromURL(ctx context.Context, name, dataURL string) (*Collection, error) {
	p := newProblems("app.Collections.CreateFromURL")
	p.blank("name", name)
	p.httpURL("url", dataURL)
	return s.write(ctx, p, http.MethodPost, "/v1/collections", collectionBody{Name: name, URL: dataURL})
}

// write sends a create or an update and decodes the collection it answers.
func (s *CollectionsService) write(ctx context.Context, p *problems, method, path string, body any) (*Collection, error) {
	raw := encodeBody(p, body)
	c, err := fetch[Collection](ctx, s.api, p, &transport.Request{Method: method, Path: path, RawBody: raw}, "collection")
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// List returns every collection's description (GET /v1/collections).
func (s *CollectionsService) List(ctx context.Context) ([]Collection, error) {
	p := newProblems("app.Collections.List")
	return fetch[[]Collection](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/collections"}, "collections")
}

// Get returns a collection's description: name, size and schema, without its
// contents (GET /v1/collections/{collection_id}).
func (s *CollectionsService) Get(ctx context.Context, collectionID int) (*Collection, error) {
	p := newProblems("app.Collections.Get")
	path := collectionPath(p, collectionID)
	c, err := fetch[Collection](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "collection")
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// GetContents returns a collection's contents exactly as Customer.io sends
// them (GET /v1/collections/{collection_id}/content): the data given when the
// collection was created or last replaced, or what was downloaded from its
// URL. They are returned as raw JSON because their shape is the caller's own
// (Customer.io's reference describes both a list of rows and a single
// object), so decode them into the row type they were written from.
func (s *CollectionsService) GetContents(ctx context.Context, collectionID int) (json.RawMessage, error) {
	p := newProblems("app.Collections.GetContents")
	path := collectionPath(p, collectionID, "content")
	return fetch[json.RawMessage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
}

// Delete deletes a collection and its contents (DELETE
// /v1/collections/{collection_id}). Messages that still reference it by name
// then read it as empty.
func (s *CollectionsService) Delete(ctx context.Context, collectionID int) error {
	p := newProblems("app.Collections.Delete")
	path := collectionPath(p, collectionID)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}

// UpdateCollectionRequest renames a collection, replaces its contents, or
// both. Fields left at their zero value are not sent.
type UpdateCollectionRequest struct {
	// Name renames the collection; messages that use the old name then read an
	// empty collection.
	Name string
	// Rows, when not nil, replace the contents (an empty list empties it).
	Rows []map[string]any
	// URL, when set, replaces the contents with what Customer.io downloads from
	// it, as for CreateFromURL.
	URL string
}

// Update renames a collection and/or replaces its contents (PUT
// /v1/collections/{collection_id}, body {"name", "data" or "url"}) and returns
// its description. A request that sets nothing, sets both Rows and URL, holds a
// URL that is not an absolute http or https URL or rows over the size limits
// (see Create) is a *customerio.ValidationError.
func (s *CollectionsService) Update(ctx context.Context, collectionID int, req UpdateCollectionRequest) (*Collection, error) {
	p := newProblems("app.Collections.Update")
	path := collectionPath(p, collectionID)
	if req.Name != "" {
		p.blank("name", req.Name)
	}
	body := collectionBody{Name: req.Name, URL: req.URL}
	switch {
	case req.Rows != nil && req.URL != "":
		p.add("data", "set Rows or URL, not both")
	case req.Rows != nil:
		body.Data = encodeRows(p, "data", req.Rows)
	case req.URL != "":
		p.httpURL("url", req.URL)
	case req.Name == "":
		p.add("", "set Name, Rows or URL")
	}
	return s.write(ctx, p, http.MethodPut, path, body)
}

// ReplaceContents replaces a collection's contents entirely (PUT
// /v1/collections/{collection_id}/content) and returns its description, with
// the schema of the new contents. contents is sent as the body: a
// []map[string]any of rows, as Create takes them (checked against the same
// size limits), or another JSON object or array; time.Time values become Unix
// seconds. nil, a value that is neither an object nor an array, or contents
// over MaxCollectionBytes is a *customerio.ValidationError.
func (s *CollectionsService) ReplaceContents(ctx context.Context, collectionID int, contents any) (*Collection, error) {
	p := newProblems("app.Collections.ReplaceContents")
	path := collectionPath(p, collectionID, "content")
	var raw []byte
	switch v := contents.(type) {
	case []map[string]any:
		raw = encodeRows(p, "contents", v)
	case nil:
		p.add("contents", "must be the collection's new contents, not nil")
	default:
		if k := reflect.ValueOf(v).Kind(); k != reflect.Map && k != reflect.Slice && k != reflect.Array && k != reflect.Struct && k != reflect.Pointer {
			p.add("contents", "must be a JSON object or array, not a %T", v)
		}
		raw = encodeBody(p, v)
	}
	if p.err() != nil {
		return nil, p.err()
	}
	c, err := fetch[Collection](ctx, s.api, p, &transport.Request{
		Method: http.MethodPut, Path: path, RawBody: raw,
		// The body is the contents themselves.
		MaxBodyBytes: MaxCollectionBytes,
	}, "collection")
	if err != nil {
		return nil, err
	}
	return &c, nil
}
