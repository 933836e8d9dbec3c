package app

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// DesignEmailsService manages emails built in Design Studio, Customer.io's content
// editor: the emails and their translations, linking an email to a workflow and
// publishing it there, checking it (render, preview with sample data, review),
// its saved versions, and inbox previews across email clients. The routes live
// under /v1/design_studio on the App API's host and take the same App API key.
//
// An email id is the UUID Customer.io gives the email; a translation has its own
// id, which the routes that act on one language variant (render, preview,
// review, versions, inbox previews) take. A blank id is a
// *customerio.ValidationError and nothing is sent.
//
// Render, preview, review, link and publish share a rate limit of 5 requests per
// second per workspace. Customer.io answers 429 past it, and a retry strategy
// (customerio.WithRetry) waits out its Retry-After before trying again; a 429
// proves the request was not acted on, so even a publish is repeated then.
type DesignEmailsService struct{ api *transport.Client }

// DesignEmail is one Design Studio email, or one of its translations.
type DesignEmail struct {
	// ID is the email's UUID; a translation's ID is that language variant's own.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Language is the translation's language code; empty on the default email.
	Language string `json:"language"`
	// LanguageGroupID ties a translation to the email it translates.
	LanguageGroupID string `json:"language_group_id"`
	// IsTemplate says whether the email is a reusable template.
	IsTemplate bool `json:"is_template"`
	// IsLinked says whether the email is linked to a workflow (see Link).
	IsLinked bool `json:"is_linked"`
	// ParentFolderID is the folder holding the email; empty at the root.
	ParentFolderID string `json:"parent_folder_id"`
	// AvailableLanguages lists the languages the email has translations in.
	AvailableLanguages []string      `json:"available_languages"`
	Content            EmailContent  `json:"content"`
	Envelope           EmailEnvelope `json:"envelope"`
	// Transformers holds the email's transformer settings as Customer.io shows
	// them (url_parameters, css_variables, css_inliner, …).
	Transformers json.RawMessage `json:"transformers,omitempty"`
	Created      time.Time       `json:"created"`
	Updated      time.Time       `json:"updated"`
}

// UnmarshalJSON reads created and updated as Unix seconds and a null
// parent_folder_id as the root.
func (e *DesignEmail) UnmarshalJSON(b []byte) error {
	type fields DesignEmail
	var w struct {
		fields
		ParentFolderID *string  `json:"parent_folder_id"`
		Created        unixTime `json:"created"`
		Updated        unixTime `json:"updated"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = DesignEmail(w.fields)
	if w.ParentFolderID != nil {
		e.ParentFolderID = *w.ParentFolderID
	}
	e.Created = time.Time(w.Created)
	e.Updated = time.Time(w.Updated)
	return nil
}

// EmailContent is the content of a Design Studio email. Sent in a request, all
// five fields are sent, so an empty one clears that part of the content.
type EmailContent struct {
	Subject       string `json:"subject"`
	PreheaderText string `json:"preheader_text"`
	HTML          string `json:"html"`
	AMP           string `json:"amp"`
	Text          string `json:"text"`
}

// EmailEnvelope is who a Design Studio email is from and to, as Customer.io
// shows it.
type EmailEnvelope struct {
	// FromID is the sender identity's id, nil when none is set; From is its
	// address as shown.
	FromID *int   `json:"from_id"`
	From   string `json:"from"`
	// ReplyToID is the reply-to sender identity's id, nil when none is set.
	ReplyToID *int   `json:"reply_to_id"`
	ReplyTo   string `json:"reply_to"`
	BCC       string `json:"bcc"`
	FakeBCC   bool   `json:"fake_bcc"`
	// Headers are the email's custom headers.
	Headers EmailHeaders `json:"headers"`
	// Recipient is the To address, often liquid such as {{customer.email}}.
	Recipient string `json:"recipient"`
}

// EmailEnvelopeInput sets an email's envelope. Customer.io refuses fields a
// request does not take, so the From and ReplyTo addresses it shows are set
// through sender identity ids here. Unset fields are left out.
type EmailEnvelopeInput struct {
	// FromID and ReplyToID are sender identity ids (see the sender identities
	// of the workspace).
	FromID    *int    `json:"from_id,omitempty"`
	ReplyToID *int    `json:"reply_to_id,omitempty"`
	BCC       *string `json:"bcc,omitempty"`
	FakeBCC   *bool   `json:"fake_bcc,omitempty"`
	// Headers, when not nil, replace the custom headers.
	Headers []EmailHeader `json:"headers,omitempty"`
	// Recipient is the To address, liquid allowed.
	Recipient *string `json:"recipient,omitempty"`
}

// designEmailPath is /v1/design_studio/emails/{id}[/{what}…], checking that the
// id is not blank.
func designEmailPath(p *problems, id string, what ...string) string {
	p.blank("id", id)
	return transport.Path("/v1/design_studio/emails", append([]string{id}, what...)...)
}

// CreateEmailRequest describes a new Design Studio email. Only Name is
// required: the envelope can wait until the email is linked to a workflow.
type CreateEmailRequest struct {
	// Name is the email's display name, 1 to 255 characters; required.
	Name     string              `json:"name"`
	Content  *EmailContent       `json:"content,omitempty"`
	Envelope *EmailEnvelopeInput `json:"envelope,omitempty"`
	// IsTemplate makes the email a reusable template.
	IsTemplate *bool `json:"is_template,omitempty"`
	// ParentFolderID is the folder to create the email in; empty for the root.
	ParentFolderID string `json:"parent_folder_id,omitempty"`
	// Transformers, when set, is the transformer settings object as Customer.io
	// takes it; it must be a JSON object.
	Transformers json.RawMessage `json:"transformers,omitempty"`
}

// checkTransformers records Transformers that are set but not a JSON object.
func checkTransformers(p *problems, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	if t := bytes.TrimSpace(raw); !json.Valid(t) || t[0] != '{' {
		p.add("transformers", "must be a JSON object")
	}
}

// Create creates an email (POST /v1/design_studio/emails) and returns it.
// Creating is not idempotent: a repeat makes a second email, so retry
// strategies repeat it only when Customer.io cannot have acted on it. A blank
// or over-long name, or Transformers that are not a JSON object, is a
// *customerio.ValidationError.
func (s *DesignEmailsService) Create(ctx context.Context, req CreateEmailRequest) (*DesignEmail, error) {
	p := newProblems("app.DesignEmails.Create")
	checkLength(p, "name", req.Name, 255)
	if req.ParentFolderID != "" {
		p.blank("parent_folder_id", req.ParentFolderID)
	}
	checkTransformers(p, req.Transformers)
	e, err := fetch[DesignEmail](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/design_studio/emails", Body: req}, "email")
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// Get returns an email with its content, envelope and transformers (GET
// /v1/design_studio/emails/{id}). It returns default emails only; a translation
// is read with GetTranslation.
func (s *DesignEmailsService) Get(ctx context.Context, id string) (*DesignEmail, error) {
	p := newProblems("app.DesignEmails.Get")
	path := designEmailPath(p, id)
	e, err := fetch[DesignEmail](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "email")
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// UpdateEmailRequest changes part of an email; unset fields are left as they
// are, and at least one must be set.
type UpdateEmailRequest struct {
	// Name, when set, renames the email (1 to 255 characters).
	Name       *string
	Content    *EmailContent
	Envelope   *EmailEnvelopeInput
	IsTemplate *bool
	// ParentFolderID, when set, moves the email: to that folder, or to the root
	// when it points at "".
	ParentFolderID *string
	// Transformers, when set, must be a JSON object.
	Transformers json.RawMessage
}

// MarshalJSON writes the set fields, and a ParentFolderID of "" as null, which
// moves the email to the root.
func (r UpdateEmailRequest) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name           *string             `json:"name,omitempty"`
		Content        *EmailContent       `json:"content,omitempty"`
		Envelope       *EmailEnvelopeInput `json:"envelope,omitempty"`
		IsTemplate     *bool               `json:"is_template,omitempty"`
		ParentFolderID *json.RawMessage    `json:"parent_folder_id,omitempty"`
		Transformers   json.RawMessage     `json:"transformers,omitempty"`
	}{r.Name, r.Content, r.Envelope, r.IsTemplate, folderRef(newProblems(""), r.ParentFolderID), r.Transformers})
}

// Update changes part of an email (PUT /v1/design_studio/emails/{id}); Customer.io
// answers 204. It edits the draft in Design Studio only: a linked email goes live
// when it is published (Publish). A request that sets nothing, a blank or
// over-long name, or Transformers that are not a JSON object, is a
// *customerio.ValidationError.
func (s *DesignEmailsService) Update(ctx context.Context, id string, req UpdateEmailRequest) error {
	p := newProblems("app.DesignEmails.Update")
	path := designEmailPath(p, id)
	if req.Name != nil {
		checkLength(p, "name", *req.Name, 255)
	}
	folderRef(p, req.ParentFolderID)
	checkTransformers(p, req.Transformers)
	if req.Name == nil && req.Content == nil && req.Envelope == nil && req.IsTemplate == nil && req.ParentFolderID == nil && len(req.Transformers) == 0 {
		p.add("", "set at least one field to update")
	}
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: req})
}

// Delete deletes an email (DELETE /v1/design_studio/emails/{id}).
func (s *DesignEmailsService) Delete(ctx context.Context, id string) error {
	p := newProblems("app.DesignEmails.Delete")
	path := designEmailPath(p, id)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}
