package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// ComponentsService manages Design Studio's custom components: reusable blocks
// of email content, referenced from an email by their tag. The routes live under
// /v1/design_studio on the App API's host and take the same App API key; they
// fall under the App API's general rate limit (10 requests per second), past
// which Customer.io answers 429 and a retry strategy (customerio.WithRetry)
// waits out its Retry-After.
//
// A component id is the string Customer.io gives the component (a UUID); a
// blank id is a *customerio.ValidationError and nothing is sent.
type ComponentsService struct{ api *transport.Client }

// Component is one custom component. Content is filled in by Get and Create;
// a list leaves it out.
type Component struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Tag is the component's tag name, the element an email uses to insert it.
	Tag string `json:"tag"`
	// ParentFolderID is the folder holding the component; empty at the root.
	ParentFolderID string `json:"parent_folder_id"`
	// Content is the component's source (its <script> and <template>).
	Content string    `json:"content,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// UnmarshalJSON reads created and updated as Unix seconds.
func (c *Component) UnmarshalJSON(b []byte) error {
	type fields Component
	var w struct {
		fields
		Created unixTime `json:"created"`
		Updated unixTime `json:"updated"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Component(w.fields)
	c.Created, c.Updated = time.Time(w.Created), time.Time(w.Updated)
	return nil
}

// ComponentListOptions selects one page of components.
type ComponentListOptions struct {
	DesignListOptions
	// Tag keeps the components with this tag name.
	Tag string
}

// ComponentsPage is one page of components, with the folders that fall in the
// same result set.
type ComponentsPage struct {
	ListPage[Component]
	Folders []DesignFolder
}

// List returns one page of components and the folders in the result set
// (GET /v1/design_studio/components). Next names the following page; pass it to
// PageOptions.After, or use All.
func (s *ComponentsService) List(ctx context.Context, opts ComponentListOptions) (ComponentsPage, error) {
	p := newProblems("app.Components.List")
	q := params{}
	opts.query(p, q)
	if opts.Tag != "" {
		p.blank("tag", opts.Tag)
	}
	q.str("tag", opts.Tag)
	body, err := fetchBody(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/design_studio/components", Query: q.values()})
	if err != nil {
		return ComponentsPage{}, err
	}
	wire, err := wrapper(p.op, body)
	if err != nil {
		return ComponentsPage{}, err
	}
	page, err := numberedPageFrom[Component](p.op, body, wire, "components", opts.PageOptions)
	if err != nil {
		return ComponentsPage{}, err
	}
	out := ComponentsPage{ListPage: page}
	if err := unmarshal(p.op, body, wire["folders"], &out.Folders); err != nil {
		return ComponentsPage{}, err
	}
	return out, nil
}

// All walks every component from opts.Page on, a page at a time (GET
// /v1/design_studio/components); see walk for how the walk ends. Folders in the
// result sets are not yielded: DesignFolders.All lists them.
func (s *ComponentsService) All(ctx context.Context, opts ComponentListOptions) iter.Seq2[Component, error] {
	return walkPages(ctx, opts.PageOptions, func(ctx context.Context, page PageOptions) (ListPage[Component], error) {
		o := opts
		o.PageOptions = page
		res, err := s.List(ctx, o)
		return res.ListPage, err
	})
}

// CreateComponentRequest describes a new component; Name, Tag and Content are
// required.
type CreateComponentRequest struct {
	// Name is the display name on the Design Studio dashboard, 1 to 255
	// characters.
	Name string `json:"name"`
	// Tag is the tag name an email inserts the component with.
	Tag     string `json:"tag"`
	Content string `json:"content"`
	// ParentFolderID is the folder to create the component in; empty for the
	// root.
	ParentFolderID string `json:"parent_folder_id,omitempty"`
}

// Create makes a custom component and returns it (POST
// /v1/design_studio/components). It creates something, so a failure that may
// have reached Customer.io (a 5xx, a timeout) is never repeated; a 429, which
// proves nothing was created, is repeated by a retry strategy.
func (s *ComponentsService) Create(ctx context.Context, req CreateComponentRequest) (*Component, error) {
	p := newProblems("app.Components.Create")
	checkLength(p, "name", req.Name, 255)
	p.blank("tag", req.Tag)
	p.blank("content", req.Content)
	if req.ParentFolderID != "" {
		p.blank("parent_folder_id", req.ParentFolderID)
	}
	return fetch[*Component](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/design_studio/components", Body: req}, "component")
}

// Get returns one component with its full content (GET
// /v1/design_studio/components/{id}).
func (s *ComponentsService) Get(ctx context.Context, id string) (*Component, error) {
	p := newProblems("app.Components.Get")
	return fetch[*Component](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: designStudioPath(p, "components", id)}, "component")
}

// UpdateComponentRequest changes part of a component: nil fields are left as
// they are, and at least one must be set.
type UpdateComponentRequest struct {
	Name    *string
	Tag     *string
	Content *string
	// ParentFolderID, when set, moves the component: into that folder, or to the
	// root when "".
	ParentFolderID *string
}

// Update changes part of a component: its name, tag, folder or content (PUT
// /v1/design_studio/components/{id}). Changing a component through the API
// does not publish it to the emails that use it.
func (s *ComponentsService) Update(ctx context.Context, id string, req UpdateComponentRequest) error {
	p := newProblems("app.Components.Update")
	path := designStudioPath(p, "components", id)
	var body struct {
		Name           *string          `json:"name,omitempty"`
		Tag            *string          `json:"tag,omitempty"`
		Content        *string          `json:"content,omitempty"`
		ParentFolderID *json.RawMessage `json:"parent_folder_id,omitempty"`
	}
	body.Name, body.Tag, body.Content = req.Name, req.Tag, req.Content
	if req.Name != nil {
		checkLength(p, "name", *req.Name, 255)
	}
	if req.Tag != nil {
		p.blank("tag", *req.Tag)
	}
	body.ParentFolderID = folderRef(p, req.ParentFolderID)
	if req.Name == nil && req.Tag == nil && req.Content == nil && req.ParentFolderID == nil {
		p.add("", "set at least one of name, tag, content or parent_folder_id")
	}
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: body})
}

// Delete removes a component (DELETE /v1/design_studio/components/{id}). Emails
// that insert it are not changed, so make sure none still needs it.
func (s *ComponentsService) Delete(ctx context.Context, id string) error {
	p := newProblems("app.Components.Delete")
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: designStudioPath(p, "components", id)})
}
