package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"

	"github.com/gocustomerio/customerio/internal/transport"
)

// maxPageLimit is the largest page size a page-numbered list accepts.
const maxPageLimit = 10000

// PageOptions selects one page of a page-numbered list, the style of the Design
// Studio and Assets lists: pages are numbered from 1 and each answer says which
// page it is, its page size and the total count of items.
type PageOptions struct {
	// Page is the number of the page to return, from 1; 0 leaves it out, which
	// Customer.io reads as the first page.
	Page int
	// Limit caps the items per page, from 1 to 10000; nil leaves Customer.io's
	// default (1000 on the Design Studio and Assets lists).
	Limit *int
}

// After returns o moved to the page that next names, a ListPage's Next from a
// page-numbered list, and false when next names no page (the last page was
// reached).
func (o PageOptions) After(next string) (PageOptions, bool) {
	n, err := strconv.Atoi(next)
	if err != nil || n < 1 {
		return o, false
	}
	o.Page = n
	return o, true
}

// query adds Page and Limit to q, refusing a negative page and a page size
// outside 1 to 10000.
func (o PageOptions) query(p *problems, q params) {
	switch {
	case o.Page < 0:
		p.add("page", "must not be negative, got %d", o.Page)
	case o.Page > 0:
		q["page"] = []string{strconv.Itoa(o.Page)}
	}
	if o.Limit != nil && (*o.Limit < 1 || *o.Limit > maxPageLimit) {
		p.add("limit", "must be between 1 and %d, got %d", maxPageLimit, *o.Limit)
		return
	}
	q.intPtr("limit", o.Limit)
}

// ErrPageNotAdvancing is returned when a page-numbered list answers with a page
// other than the one asked for (for instance the last page again, for a page past
// the end): following it would repeat items or loop forever, so the answer is
// refused. Match it with errors.Is.
var ErrPageNotAdvancing = errors.New("customerio: Customer.io answered a page other than the one asked for")

// pagination is the meta.pagination object of a page-numbered answer.
type pagination struct {
	Page  int `json:"page"`
	Limit int `json:"limit"`
	Total int `json:"total"`
}

// walkPages is the pager behind every All… method of a page-numbered list. It
// starts at opts.Page and moves to the following page until an answer is the
// last one (its page reaches the total, or it is short or empty); the rest of
// the walk (lazy start, one error then stop, the caller's break) is walk's.
func walkPages[T any](ctx context.Context, opts PageOptions, load func(ctx context.Context, opts PageOptions) (ListPage[T], error)) iter.Seq2[T, error] {
	start := ""
	if opts.Page != 0 {
		start = strconv.Itoa(opts.Page)
	}
	return walk(ctx, start, func(ctx context.Context, cursor string) (ListPage[T], error) {
		o := opts
		if cursor != "" {
			n, err := strconv.Atoi(cursor)
			if err != nil {
				return ListPage[T]{}, fmt.Errorf("%w: page %q", ErrPageNotAdvancing, cursor)
			}
			o.Page = n
		}
		return load(ctx, o)
	})
}

// fetchNumberedPage sends req, once p has found no problem with the input, and
// decodes one page of a page-numbered list whose items sit under key; opts is
// the page that req asks for.
func fetchNumberedPage[T any](ctx context.Context, api *transport.Client, p *problems, req *transport.Request, key string, opts PageOptions) (ListPage[T], error) {
	body, err := fetchBody(ctx, api, p, req)
	if err != nil {
		return ListPage[T]{}, err
	}
	wire, err := wrapper(p.op, body)
	if err != nil {
		return ListPage[T]{}, err
	}
	return numberedPageFrom[T](p.op, body, wire, key, opts)
}

// numberedPageFrom decodes the items under key of wire, the top-level keys of
// body, and sets Next to the following page's number unless this page is the
// last: it is empty, or its page times its page size reaches the total, or,
// without a total, it holds fewer items than its page size.
func numberedPageFrom[T any](op string, body []byte, wire map[string]json.RawMessage, key string, opts PageOptions) (ListPage[T], error) {
	var page ListPage[T]
	if err := unmarshal(op, body, wire[key], &page.Items); err != nil {
		return ListPage[T]{}, err
	}
	var meta struct {
		Pagination pagination `json:"pagination"`
	}
	if err := unmarshal(op, body, wire["meta"], &meta); err != nil {
		return ListPage[T]{}, err
	}
	if len(page.Items) == 0 {
		return page, nil
	}
	asked := max(opts.Page, 1)
	at := meta.Pagination
	if at.Page == 0 {
		at.Page = asked
	}
	if at.Page != asked {
		return ListPage[T]{}, fmt.Errorf("%s: %w: asked for page %d, got page %d", op, ErrPageNotAdvancing, asked, at.Page)
	}
	size := at.Limit
	if size == 0 && opts.Limit != nil {
		size = *opts.Limit
	}
	var more bool
	switch {
	case at.Total > 0:
		if size == 0 {
			size = len(page.Items)
		}
		more = at.Page*size < at.Total
	case size > 0:
		more = len(page.Items) >= size
	default:
		more = true
	}
	if more {
		page.Next = strconv.Itoa(at.Page + 1)
	}
	return page, nil
}
