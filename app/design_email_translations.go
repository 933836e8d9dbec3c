package app

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// A translation is a language variant of a Design Studio email. The routes below
// take the default email's id and the translation's language code; the
// translation's own id (DesignEmail.ID) is what the per-variant routes (render,
// preview, review, versions, inbox previews) take.

// ListTranslations returns every translation of an email, each with its content,
// envelope and transformers (GET /v1/design_studio/emails/{id}/languages).
func (s *DesignEmailsService) ListTranslations(ctx context.Context, id string) ([]DesignEmail, error) {
	p := newProblems("app.DesignEmails.ListTranslations")
	path := designEmailPath(p, id, "languages")
	return fetch[[]DesignEmail](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "email_translations")
}

// CreateTranslationRequest describes a new translation. What it leaves out is
// copied from the default email: with neither Content nor Envelope the
// envelope (subject and preheader included) is copied as it is; with Content
// only, the envelope is rebuilt from the default's settings around the new
// subject and preheader; the HTML, AMP and text bodies are copied whenever
// Content is nil.
type CreateTranslationRequest struct {
	// Language is the translation's language code, such as "fr"; required.
	Language string              `json:"language"`
	Content  *EmailContent       `json:"content,omitempty"`
	Envelope *EmailEnvelopeInput `json:"envelope,omitempty"`
	// Transformers, when set, must be a JSON object.
	Transformers json.RawMessage `json:"transformers,omitempty"`
}

// CreateTranslation adds a translation to an email (POST
// /v1/design_studio/emails/{id}/languages) and returns it. Creating is not
// idempotent: a repeat is refused or makes a second variant, so retry strategies
// repeat it only when Customer.io cannot have acted on it. A blank language, or
// Transformers that are not a JSON object, is a *customerio.ValidationError.
func (s *DesignEmailsService) CreateTranslation(ctx context.Context, id string, req CreateTranslationRequest) (*DesignEmail, error) {
	p := newProblems("app.DesignEmails.CreateTranslation")
	path := designEmailPath(p, id, "languages")
	p.blank("language", req.Language)
	checkTransformers(p, req.Transformers)
	e, err := fetch[DesignEmail](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: req}, "email_translation")
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// translationPath is /v1/design_studio/emails/{id}/languages/{language}.
func translationPath(p *problems, id, language string) string {
	p.blank("language", language)
	return designEmailPath(p, id, "languages", language)
}

// GetTranslation returns one translation of an email by its language code (GET
// /v1/design_studio/emails/{id}/languages/{language}).
func (s *DesignEmailsService) GetTranslation(ctx context.Context, id, language string) (*DesignEmail, error) {
	p := newProblems("app.DesignEmails.GetTranslation")
	path := translationPath(p, id, language)
	e, err := fetch[DesignEmail](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "email_translation")
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// UpdateTranslationRequest changes part of a translation; unset fields are left
// as they are, and at least one must be set.
type UpdateTranslationRequest struct {
	Content  *EmailContent       `json:"content,omitempty"`
	Envelope *EmailEnvelopeInput `json:"envelope,omitempty"`
	// Transformers, when set, must be a JSON object.
	Transformers json.RawMessage `json:"transformers,omitempty"`
}

// UpdateTranslation changes part of a translation (PUT
// /v1/design_studio/emails/{id}/languages/{language}); Customer.io answers 204.
// Like Update it edits the draft only; Publish pushes it live. A request that
// sets nothing, or Transformers that are not a JSON object, is a
// *customerio.ValidationError.
func (s *DesignEmailsService) UpdateTranslation(ctx context.Context, id, language string, req UpdateTranslationRequest) error {
	p := newProblems("app.DesignEmails.UpdateTranslation")
	path := translationPath(p, id, language)
	checkTransformers(p, req.Transformers)
	if req.Content == nil && req.Envelope == nil && len(req.Transformers) == 0 {
		p.add("", "set at least one of content, envelope and transformers")
	}
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: req})
}

// DeleteTranslation deletes a translation (DELETE
// /v1/design_studio/emails/{id}/languages/{language}). Customer.io refuses with
// 409 a translation that is linked to a workflow.
func (s *DesignEmailsService) DeleteTranslation(ctx context.Context, id, language string) error {
	p := newProblems("app.DesignEmails.DeleteTranslation")
	path := translationPath(p, id, language)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}
