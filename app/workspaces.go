package app

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// WorkspacesService reads the workspaces of the account the App API key
// belongs to, with their usage counts.
type WorkspacesService struct{ api *transport.Client }

// Workspace is one workspace of the account and what it holds.
type Workspace struct {
	// ID is the workspace id, as Customer.io shows it.
	ID   string `json:"id"`
	Name string `json:"name"`
	// MessagesSent and BillableMessagesSent count the messages sent this
	// billing period, and those of them that are billed.
	MessagesSent         int `json:"messages_sent"`
	BillableMessagesSent int `json:"billable_messages_sent"`
	People               int `json:"people"`
	ObjectTypes          int `json:"object_types"`
	Objects              int `json:"objects"`
}

// UnmarshalJSON reads id as a string or a number.
func (w *Workspace) UnmarshalJSON(b []byte) error {
	type fields Workspace
	var v struct {
		fields
		ID looseString `json:"id"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*w = Workspace(v.fields)
	w.ID = string(v.ID)
	return nil
}

// List returns every workspace of the account (GET /v1/workspaces).
func (s *WorkspacesService) List(ctx context.Context) ([]Workspace, error) {
	p := newProblems("app.Workspaces.List")
	return fetch[[]Workspace](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/workspaces"}, "workspaces")
}
