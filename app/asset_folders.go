package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// AssetFolder is one folder of the asset library.
type AssetFolder struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	// ParentFolderID is the asset folder holding this one; 0 at the root.
	ParentFolderID int       `json:"parent_folder_id"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
}

// UnmarshalJSON reads created and updated as Unix seconds.
func (f *AssetFolder) UnmarshalJSON(b []byte) error {
	type fields AssetFolder
	var w struct {
		fields
		Created unixTime `json:"created"`
		Updated unixTime `json:"updated"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = AssetFolder(w.fields)
	f.Created, f.Updated = time.Time(w.Created), time.Time(w.Updated)
	return nil
}

// ListFolders returns one page of asset folders (GET /v1/assets/folders). Next
// names the following page; pass it to PageOptions.After, or use AllFolders.
func (s *AssetsService) ListFolders(ctx context.Context, opts AssetListOptions) (ListPage[AssetFolder], error) {
	p := newProblems("app.Assets.ListFolders")
	q := params{}
	opts.query(p, q)
	return fetchNumberedPage[AssetFolder](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/assets/folders", Query: q.values()}, "folders", opts.PageOptions)
}

// AllFolders walks every asset folder from opts.Page on, a page at a time (GET
// /v1/assets/folders).
func (s *AssetsService) AllFolders(ctx context.Context, opts AssetListOptions) iter.Seq2[AssetFolder, error] {
	return walkPages(ctx, opts.PageOptions, func(ctx context.Context, page PageOptions) (ListPage[AssetFolder], error) {
		o := opts
		o.PageOptions = page
		return s.ListFolders(ctx, o)
	})
}

// CreateAssetFolderRequest describes a new asset folder; Name is required and
// must be unique among the folders of the same parent.
type CreateAssetFolderRequest struct {
	Name string `json:"name"`
	// ParentFolderID is the asset folder to create this one in; 0 for the root.
	ParentFolderID int `json:"parent_folder_id,omitempty"`
}

// CreateFolder makes an asset folder and returns it (POST /v1/assets/folders).
// It creates something, so a failure that may have reached Customer.io (a 5xx,
// a timeout) is never repeated; a 429, which proves nothing was created, is
// repeated by a retry strategy. Customer.io answers 409 for a name already used
// under the same parent.
func (s *AssetsService) CreateFolder(ctx context.Context, req CreateAssetFolderRequest) (*AssetFolder, error) {
	p := newProblems("app.Assets.CreateFolder")
	p.blank("name", req.Name)
	if req.ParentFolderID < 0 {
		p.add("parent_folder_id", "must be a positive id, or 0 for the root, not %d", req.ParentFolderID)
	}
	return fetch[*AssetFolder](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/assets/folders", Body: req}, "folder")
}

// GetFolder returns one asset folder (GET /v1/assets/folders/{id}).
func (s *AssetsService) GetFolder(ctx context.Context, id int) (*AssetFolder, error) {
	p := newProblems("app.Assets.GetFolder")
	return fetch[*AssetFolder](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: assetPath(p, "folders", id)}, "folder")
}

// UpdateAssetFolderRequest renames or moves an asset folder: nil fields are
// left as they are, and at least one must be set.
type UpdateAssetFolderRequest struct {
	Name *string
	// ParentFolderID, when set, moves the folder: into that asset folder, or to
	// the root when 0. A folder cannot move into itself or below itself.
	ParentFolderID *int
}

// UpdateFolder renames an asset folder or moves it (PUT
// /v1/assets/folders/{id}).
func (s *AssetsService) UpdateFolder(ctx context.Context, id int, req UpdateAssetFolderRequest) error {
	p := newProblems("app.Assets.UpdateFolder")
	path := assetPath(p, "folders", id)
	if req.ParentFolderID != nil && *req.ParentFolderID == id {
		p.add("parent_folder_id", "a folder cannot move into itself")
	}
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: renameBody(p, req.Name, req.ParentFolderID)})
}

// DeleteFolder removes an empty asset folder (DELETE /v1/assets/folders/{id});
// Customer.io refuses one that still holds files or folders.
func (s *AssetsService) DeleteFolder(ctx context.Context, id int) error {
	p := newProblems("app.Assets.DeleteFolder")
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: assetPath(p, "folders", id)})
}
