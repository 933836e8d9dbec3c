package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// DesignFoldersService manages the folders that organise Design Studio's files
// (components, templates and emails). The routes live under /v1/design_studio
// on the App API's host and take the same App API key; they fall under the App
// API's general rate limit (10 requests per second), past which Customer.io
// answers 429 and a retry strategy (customerio.WithRetry) waits out its
// Retry-After.
//
// A folder id is the UUID Customer.io gives the folder; a blank id is a
// *customerio.ValidationError and nothing is sent.
type DesignFoldersService struct{ api *transport.Client }

// DesignFolder is one Design Studio folder.
type DesignFolder struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// ParentFolderID is the folder holding this one; empty at the root.
	ParentFolderID string    `json:"parent_folder_id"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
}

// UnmarshalJSON reads created and updated as Unix seconds.
func (f *DesignFolder) UnmarshalJSON(b []byte) error {
	type fields DesignFolder
	var w struct {
		fields
		Created unixTime `json:"created"`
		Updated unixTime `json:"updated"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = DesignFolder(w.fields)
	f.Created, f.Updated = time.Time(w.Created), time.Time(w.Updated)
	return nil
}

// List returns one page of folders, without the files in them (GET
// /v1/design_studio/folders). Next names the following page; pass it to
// PageOptions.After, or use All.
func (s *DesignFoldersService) List(ctx context.Context, opts DesignListOptions) (ListPage[DesignFolder], error) {
	p := newProblems("app.DesignFolders.List")
	q := params{}
	opts.query(p, q)
	return fetchNumberedPage[DesignFolder](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/design_studio/folders", Query: q.values()}, "folders", opts.PageOptions)
}

// All walks every folder from opts.Page on, a page at a time (GET
// /v1/design_studio/folders).
func (s *DesignFoldersService) All(ctx context.Context, opts DesignListOptions) iter.Seq2[DesignFolder, error] {
	return walkPages(ctx, opts.PageOptions, func(ctx context.Context, page PageOptions) (ListPage[DesignFolder], error) {
		o := opts
		o.PageOptions = page
		return s.List(ctx, o)
	})
}

// CreateDesignFolderRequest describes a new folder; Name is required.
type CreateDesignFolderRequest struct {
	// Name is 1 to 170 characters, none of < > : " / \ | ? * .
	Name string `json:"name"`
	// ParentFolderID is the folder to create this one in (its UUID); empty for
	// the root.
	ParentFolderID string `json:"parent_folder_id,omitempty"`
}

// Create makes a folder at the root or under a parent folder and returns it
// (POST /v1/design_studio/folders). It creates something, so a failure that may
// have reached Customer.io (a 5xx, a timeout) is never repeated; a 429, which
// proves nothing was created, is repeated by a retry strategy.
func (s *DesignFoldersService) Create(ctx context.Context, req CreateDesignFolderRequest) (*DesignFolder, error) {
	p := newProblems("app.DesignFolders.Create")
	checkFolderName(p, "name", req.Name)
	if req.ParentFolderID != "" {
		p.blank("parent_folder_id", req.ParentFolderID)
	}
	return fetch[*DesignFolder](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/design_studio/folders", Body: req}, "folder")
}

// Get returns one folder by its UUID (GET /v1/design_studio/folders/{id}).
func (s *DesignFoldersService) Get(ctx context.Context, id string) (*DesignFolder, error) {
	p := newProblems("app.DesignFolders.Get")
	return fetch[*DesignFolder](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: designStudioPath(p, "folders", id)}, "folder")
}

// UpdateDesignFolderRequest renames or moves a folder: nil fields are left as
// they are, and at least one must be set.
type UpdateDesignFolderRequest struct {
	Name *string
	// ParentFolderID, when set, moves the folder (with everything in it): into
	// that folder, or to the root when "".
	ParentFolderID *string
}

// Update renames a folder or moves it, with all its files, into another folder
// (PUT /v1/design_studio/folders/{id}).
func (s *DesignFoldersService) Update(ctx context.Context, id string, req UpdateDesignFolderRequest) error {
	p := newProblems("app.DesignFolders.Update")
	path := designStudioPath(p, "folders", id)
	var body struct {
		Name           *string          `json:"name,omitempty"`
		ParentFolderID *json.RawMessage `json:"parent_folder_id,omitempty"`
	}
	body.Name = req.Name
	if req.Name != nil {
		checkFolderName(p, "name", *req.Name)
	}
	body.ParentFolderID = folderRef(p, req.ParentFolderID)
	if req.Name == nil && req.ParentFolderID == nil {
		p.add("", "set at least one of name or parent_folder_id")
	}
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: body})
}

// Delete removes a folder with its subfolders and every file in them:
// components, templates and emails (DELETE /v1/design_studio/folders/{id}).
// Customer.io refuses it while an email in the folder is used by a workflow, but
// not for components that linked emails insert, so check those first.
func (s *DesignFoldersService) Delete(ctx context.Context, id string) error {
	p := newProblems("app.DesignFolders.Delete")
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: designStudioPath(p, "folders", id)})
}
