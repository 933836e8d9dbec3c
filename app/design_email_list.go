package app

import (
	"context"
	"iter"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// ListEmailsOptions selects and orders the emails List returns: the options of
// every Design Studio list, and filters of its own. Unset filters are left out.
type ListEmailsOptions struct {
	// DesignListOptions picks the page, the folder and the order; List walks
	// pages from its Page on.
	DesignListOptions
	// IsTemplate, HasTranslations and IsLinked keep emails that are (true) or
	// are not (false) reusable templates, translated, or linked to a workflow.
	IsTemplate      *bool
	HasTranslations *bool
	IsLinked        *bool
}

// query adds the options to q.
func (o ListEmailsOptions) query(p *problems, q params) {
	o.DesignListOptions.query(p, q)
	q.boolPtr("is_template", o.IsTemplate)
	q.boolPtr("has_translations", o.HasTranslations)
	q.boolPtr("is_linked", o.IsLinked)
}

// List returns one page of Design Studio emails (GET /v1/design_studio/emails),
// default languages only; Next is the number of the following page, empty on the
// last. The folders the answer also lists are left out. A negative page, a limit
// outside 1 to 10000, or an unknown sort, is a *customerio.ValidationError.
func (s *DesignEmailsService) List(ctx context.Context, opts ListEmailsOptions) (ListPage[DesignEmail], error) {
	p := newProblems("app.DesignEmails.List")
	q := params{}
	opts.query(p, q)
	return fetchNumberedPage[DesignEmail](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/design_studio/emails", Query: q.values()}, "emails", opts.PageOptions)
}

// All walks every page of List, from opts.Page on
// (GET /v1/design_studio/emails).
func (s *DesignEmailsService) All(ctx context.Context, opts ListEmailsOptions) iter.Seq2[DesignEmail, error] {
	return walkPages(ctx, opts.PageOptions, func(ctx context.Context, page PageOptions) (ListPage[DesignEmail], error) {
		o := opts
		o.PageOptions = page
		return s.List(ctx, o)
	})
}
