package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// AssetsService manages the workspace's asset library: uploaded images and PDFs
// (file assets), and the folders that organise them. The routes live under
// /v1/assets on the App API's host and take the same App API key; they fall
// under the App API's general rate limit (10 requests per second), past which
// Customer.io answers 429 and a retry strategy (customerio.WithRetry) waits out
// its Retry-After (Upload excepted: see there).
//
// Asset and asset folder ids are numbers from 1, unlike Design Studio's UUID
// folder ids; an id below 1 is a *customerio.ValidationError and nothing is
// sent.
type AssetsService struct{ api *transport.Client }

// Asset is one file asset.
type Asset struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	// ParentFolderID is the asset folder holding the file; 0 at the root.
	ParentFolderID int `json:"parent_folder_id"`
	// Path is the URL the file is served from, to use in message content.
	Path string `json:"path"`
	// Size is the file's size in bytes.
	Size    int64     `json:"size"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// UnmarshalJSON reads created and updated as Unix seconds.
func (a *Asset) UnmarshalJSON(b []byte) error {
	type fields Asset
	var w struct {
		fields
		Created unixTime `json:"created"`
		Updated unixTime `json:"updated"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Asset(w.fields)
	a.Created, a.Updated = time.Time(w.Created), time.Time(w.Updated)
	return nil
}

// AssetListOptions selects one page of file assets or asset folders.
type AssetListOptions struct {
	PageOptions
	// ParentFolderID lists what is under this asset folder; 0 lists from the
	// root. With DirectDescendantsOnly true, only the folder's immediate children
	// are listed, otherwise its entire subtree.
	ParentFolderID        int
	DirectDescendantsOnly *bool
}

func (o AssetListOptions) query(p *problems, q params) {
	o.PageOptions.query(p, q)
	if o.ParentFolderID < 0 {
		p.add("parent_folder_id", "must be a positive id, or 0 for the root, not %d", o.ParentFolderID)
	}
	if o.ParentFolderID > 0 {
		q["parent_folder_id"] = []string{strconv.Itoa(o.ParentFolderID)}
	}
	q.boolPtr("direct_descendants_only", o.DirectDescendantsOnly)
}

// assetPath is /v1/assets/{kind}/{id}, checking the id.
func assetPath(p *problems, kind string, id int) string {
	p.id("id", id)
	return transport.Path("/v1/assets/"+kind, strconv.Itoa(id))
}

// assetFolderRef is a parent_folder_id in an asset update body: nil leaves the
// place unchanged, 0 moves to the root (null on the wire).
func assetFolderRef(p *problems, id *int) *json.RawMessage {
	if id == nil {
		return nil
	}
	raw := json.RawMessage("null")
	switch {
	case *id < 0:
		p.add("parent_folder_id", "must be a positive id, or 0 for the root, not %d", *id)
	case *id > 0:
		raw = json.RawMessage(strconv.Itoa(*id))
	}
	return &raw
}

// List returns one page of file assets (GET /v1/assets). Next names the
// following page; pass it to PageOptions.After, or use All.
func (s *AssetsService) List(ctx context.Context, opts AssetListOptions) (ListPage[Asset], error) {
	p := newProblems("app.Assets.List")
	q := params{}
	opts.query(p, q)
	return fetchNumberedPage[Asset](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/assets", Query: q.values()}, "assets", opts.PageOptions)
}

// All walks every file asset from opts.Page on, a page at a time (GET
// /v1/assets).
func (s *AssetsService) All(ctx context.Context, opts AssetListOptions) iter.Seq2[Asset, error] {
	return walkPages(ctx, opts.PageOptions, func(ctx context.Context, page PageOptions) (ListPage[Asset], error) {
		o := opts
		o.PageOptions = page
		return s.List(ctx, o)
	})
}

// Get returns one file asset (GET /v1/assets/files/{id}).
func (s *AssetsService) Get(ctx context.Context, id int) (*Asset, error) {
	p := newProblems("app.Assets.Get")
	return fetch[*Asset](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: assetPath(p, "files", id)}, "asset")
}

// UpdateAssetRequest renames or moves a file asset: nil fields are left as
// they are, and at least one must be set. The file itself cannot be replaced.
type UpdateAssetRequest struct {
	Name *string
	// ParentFolderID, when set, moves the asset: into that asset folder, or to
	// the root when 0.
	ParentFolderID *int
}

// Update renames a file asset or moves it to another asset folder (PUT
// /v1/assets/files/{id}).
func (s *AssetsService) Update(ctx context.Context, id int, req UpdateAssetRequest) error {
	p := newProblems("app.Assets.Update")
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: assetPath(p, "files", id), Body: renameBody(p, req.Name, req.ParentFolderID)})
}

// renameBody is the body of an asset or asset folder update.
func renameBody(p *problems, name *string, parent *int) any {
	var body struct {
		Name           *string          `json:"name,omitempty"`
		ParentFolderID *json.RawMessage `json:"parent_folder_id,omitempty"`
	}
	body.Name = name
	if name != nil {
		p.blank("name", *name)
	}
	body.ParentFolderID = assetFolderRef(p, parent)
	if name == nil && parent == nil {
		p.add("", "set at least one of name or parent_folder_id")
	}
	return body
}

// Delete removes a file asset from the library (DELETE /v1/assets/files/{id}).
// Customer.io keeps the stored file and refuses to delete an asset in use.
func (s *AssetsService) Delete(ctx context.Context, id int) error {
	p := newProblems("app.Assets.Delete")
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: assetPath(p, "files", id)})
}
