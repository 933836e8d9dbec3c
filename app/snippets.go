package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gocustomerio/customerio/internal/transport"
)

// MaxSnippetNameLength is the longest snippet name Customer.io accepts, in
// characters, after it trims leading and trailing whitespace.
const MaxSnippetNameLength = 150

// SnippetsService manages snippets: named pieces of reusable content, like a
// common email footer, that messages include with Liquid. A blank name or
// value, or a name over MaxSnippetNameLength, is a *customerio.ValidationError
// and nothing is sent. Customer.io trims both of leading and trailing
// whitespace before storing them, and refuses a value that references another
// snippet.
type SnippetsService struct{ api *transport.Client }

// Snippet is one snippet.
type Snippet struct {
	// Name names the snippet; names are unique in a workspace.
	Name string `json:"name"`
	// Value is the snippet's content, plain text or Liquid.
	Value string `json:"value"`
	// UpdatedAt is when the snippet last changed.
	UpdatedAt time.Time `json:"updated_at"`
}

// UnmarshalJSON reads updated_at as Unix seconds.
func (s *Snippet) UnmarshalJSON(b []byte) error {
	type fields Snippet
	var w struct {
		fields
		UpdatedAt unixTime `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Snippet(w.fields)
	s.UpdatedAt = time.Time(w.UpdatedAt)
	return nil
}

// snippetBody checks and returns the body of a create or an upsert.
func snippetBody(p *problems, name, value string) any {
	p.blank("name", name)
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n > MaxSnippetNameLength {
		p.add("name", "is %d characters; Customer.io accepts at most %d", n, MaxSnippetNameLength)
	}
	p.blank("value", value)
	return struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}{name, value}
}

// List returns every snippet of the workspace (GET /v1/snippets).
func (s *SnippetsService) List(ctx context.Context) ([]Snippet, error) {
	p := newProblems("app.Snippets.List")
	return fetch[[]Snippet](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/snippets"}, "snippets")
}

// Create creates a snippet (POST /v1/snippets, body {"name", "value"}) and
// returns it. Customer.io answers 422 (a *customerio.APIError) when a snippet
// of that name exists already; CreateOrUpdate replaces it instead.
//
// Creating is not idempotent: a repeat after a lost answer fails with that 422,
// so retry strategies repeat it only when Customer.io cannot have acted on it.
func (s *SnippetsService) Create(ctx context.Context, name, value string) (*Snippet, error) {
	p := newProblems("app.Snippets.Create")
	body := snippetBody(p, name, value)
	return s.write(ctx, p, http.MethodPost, body)
}

// CreateOrUpdate creates the snippet name, or replaces the value of the
// snippet of that name (PUT /v1/snippets, body {"name", "value"}), and returns
// it. Repeating it changes nothing, so it is retried like any PUT.
func (s *SnippetsService) CreateOrUpdate(ctx context.Context, name, value string) (*Snippet, error) {
	p := newProblems("app.Snippets.CreateOrUpdate")
	body := snippetBody(p, name, value)
	return s.write(ctx, p, http.MethodPut, body)
}

func (s *SnippetsService) write(ctx context.Context, p *problems, method string, body any) (*Snippet, error) {
	out, err := fetch[Snippet](ctx, s.api, p, &transport.Request{Method: method, Path: "/v1/snippets", Body: body}, "snippet")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes the snippet name (DELETE /v1/snippets/{snippet_name}), the
// name escaped as one path segment. Customer.io refuses, with a 400
// *customerio.APIError, to delete a snippet that messages or templates use.
func (s *SnippetsService) Delete(ctx context.Context, name string) error {
	p := newProblems("app.Snippets.Delete")
	p.blank("snippet_name", name)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: transport.Path("/v1/snippets", name)})
}
