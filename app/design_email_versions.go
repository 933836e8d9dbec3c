package app

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// A version is a named checkpoint of one language variant of an email: its
// content, envelope and the custom components it references. Design Studio saves
// one on every publish; SaveVersion saves one on demand.

// EmailVersion describes one saved version.
type EmailVersion struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// CreatedOnPublish is true for a version Design Studio saved when the email
	// was published; such a version cannot be deleted.
	CreatedOnPublish bool `json:"created_on_publish"`
	// Feedback marks a version saved with review feedback in Design Studio.
	Feedback bool      `json:"feedback"`
	Created  time.Time `json:"created"`
}

// UnmarshalJSON reads created as Unix seconds.
func (v *EmailVersion) UnmarshalJSON(b []byte) error {
	type fields EmailVersion
	var w struct {
		fields
		Created unixTime `json:"created"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*v = EmailVersion(w.fields)
	v.Created = time.Time(w.Created)
	return nil
}

// VersionsOptions narrows ListVersions to a time range.
type VersionsOptions struct {
	// Start, when set, keeps versions created at or after it.
	Start time.Time
	// End, when set, keeps versions created at or before it; it needs Start.
	End time.Time
}

// versionPath is /v1/design_studio/emails/{id}/versions/{version_id}[/{what}].
func versionPath(p *problems, id, versionID string, what ...string) string {
	p.blank("version_id", versionID)
	return designEmailPath(p, id, append([]string{"versions", versionID}, what...)...)
}

// ListVersions returns an email variant's saved versions, newest first (GET
// /v1/design_studio/emails/{id}/versions), optionally those created in a time
// range (start_date, end_date). An End without a Start, or an End before the
// Start, is a *customerio.ValidationError.
func (s *DesignEmailsService) ListVersions(ctx context.Context, id string, opts VersionsOptions) ([]EmailVersion, error) {
	p := newProblems("app.DesignEmails.ListVersions")
	path := designEmailPath(p, id, "versions")
	switch {
	case !opts.End.IsZero() && opts.Start.IsZero():
		p.add("end_date", "needs a start_date")
	case !opts.End.IsZero() && opts.End.Before(opts.Start):
		p.add("end_date", "must not be before start_date")
	}
	q := params{}
	q.unix("start_date", opts.Start)
	q.unix("end_date", opts.End)
	return fetch[[]EmailVersion](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "versions")
}

// SaveVersionRequest names a version to save.
type SaveVersionRequest struct {
	// Name is shown in the version history, 1 to 100 characters; required.
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// SaveVersionResult is the version a save produced or found.
type SaveVersionResult struct {
	// Created is false when the email was identical to its latest version,
	// which is returned instead of a duplicate.
	Created bool         `json:"created"`
	Version EmailVersion `json:"version"`
}

// SaveVersion saves a version of an email variant's current content, envelope
// and component dependencies (POST /v1/design_studio/emails/{id}/versions).
//
// When the email is identical to its latest version, Customer.io returns that
// version with Created false instead of saving a duplicate. A repeated save
// therefore finds the version the first attempt made, so the call is marked
// safe to retry; the one thing a repeat can add is a checkpoint of edits made to
// the email in between, which is what a save asks for anyway. A blank name, or
// one over 100 characters, is a *customerio.ValidationError.
func (s *DesignEmailsService) SaveVersion(ctx context.Context, id string, req SaveVersionRequest) (*SaveVersionResult, error) {
	p := newProblems("app.DesignEmails.SaveVersion")
	path := designEmailPath(p, id, "versions")
	checkLength(p, "name", req.Name, 100)
	out, err := fetch[SaveVersionResult](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: req, Idempotent: true}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// VersionSnapshot is a saved version with its content and the code of the
// custom components the email referenced then.
type VersionSnapshot struct {
	Node         VersionNode         `json:"node"`
	Dependencies []VersionDependency `json:"dependencies"`
	Version      EmailVersion        `json:"version"`
}

// VersionNode is the email as a version saved it.
type VersionNode struct {
	NodeID string `json:"node_id"`
	// NodeType is "EMAIL".
	NodeType      string        `json:"node_type"`
	Name          string        `json:"name"`
	Subject       string        `json:"subject"`
	PreheaderText string        `json:"preheader_text"`
	Content       string        `json:"content"`
	Envelope      EmailEnvelope `json:"envelope"`
}

// VersionDependency is a custom component a version referenced, with its code
// as saved.
type VersionDependency struct {
	NodeID        string `json:"node_id"`
	NodeType      string `json:"node_type"`
	Name          string `json:"name"`
	ComponentName string `json:"component_name"`
	Content       string `json:"content"`
}

// GetVersion returns a saved version with its content and the code of the
// components it referenced (GET
// /v1/design_studio/emails/{id}/versions/{version_id}).
func (s *DesignEmailsService) GetVersion(ctx context.Context, id, versionID string) (*VersionSnapshot, error) {
	p := newProblems("app.DesignEmails.GetVersion")
	path := versionPath(p, id, versionID)
	out, err := fetch[VersionSnapshot](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteVersion deletes a saved version (DELETE
// /v1/design_studio/emails/{id}/versions/{version_id}). Customer.io refuses with
// 409 a version it saved on publish.
func (s *DesignEmailsService) DeleteVersion(ctx context.Context, id, versionID string) error {
	p := newProblems("app.DesignEmails.DeleteVersion")
	path := versionPath(p, id, versionID)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}

// RestoreResult is what a restore put back.
type RestoreResult struct {
	NodeID          string   `json:"node_id"`
	RestoredNodeIDs []string `json:"restored_node_ids"`
	VersionID       string   `json:"version_id"`
}

// RestoreVersion returns an email variant's draft to a saved version (POST
// /v1/design_studio/emails/{id}/versions/{version_id}/restore). Only the draft
// changes: a linked email needs Publish to push it live, and components keep
// their latest code.
//
// A restore overwrites the draft, edits made since included, so it is not
// repeated after a failure Customer.io may have acted on unless the call passes
// AllowRepeat (or the strategy is built with retry.RetryNonIdempotent).
func (s *DesignEmailsService) RestoreVersion(ctx context.Context, id, versionID string, opts ...CallOption) (*RestoreResult, error) {
	p := newProblems("app.DesignEmails.RestoreVersion")
	path := versionPath(p, id, versionID, "restore")
	out, err := fetch[RestoreResult](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Idempotent: repeatable(opts)}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}
