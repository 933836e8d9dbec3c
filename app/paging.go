package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// ListPage is one page of a paged list. Next is the cursor of the following
// page, to pass back as ListOptions.Start; it is empty on the last page. (The
// name keeps it apart from pipelines.Page, a page-view message.)
type ListPage[T any] struct {
	Items []T
	Next  string
}

// ListOptions selects one page of a paged list.
type ListOptions struct {
	// Start is the cursor of the page to return: empty for the first page, then a
	// ListPage's Next.
	Start string
	// Limit caps the items per page; nil leaves Customer.io's default (which varies
	// by route, commonly 10 to 50, up to 1000 for segment members).
	Limit *int
}

// query adds Start and Limit to q.
func (o ListOptions) query(p *problems, q params) {
	q.str("start", o.Start)
	q.limit(p, o.Limit)
}

// ErrRepeatedCursor is yielded by an All… iterator when Customer.io hands back a
// cursor it already returned earlier in the same walk; following it would loop
// forever, so the walk stops. Match it with errors.Is.
var ErrRepeatedCursor = errors.New("customerio: Customer.io returned a page cursor it had already returned")

// walk is the one pager behind every All… method. It fetches the page at start,
// yields its items, and moves on to Next until Next is empty. Nothing is fetched
// until the caller starts ranging; a fetch error is yielded once and ends the
// walk, as does a cursor seen before in this walk (ErrRepeatedCursor) and the
// caller's break. Each range over the result walks afresh from start.
func walk[T any](ctx context.Context, start string, load func(ctx context.Context, start string) (ListPage[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]struct{}{}
		cursor := start
		for {
			page, err := load(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			seen[cursor] = struct{}{}
			if _, again := seen[page.Next]; again {
				yield(zero, fmt.Errorf("%w: %q", ErrRepeatedCursor, page.Next))
				return
			}
			cursor = page.Next
		}
	}
}

// fetchPage sends req, once p has found no problem with the input, and decodes a
// page whose items sit under key, next to a "next" cursor.
func fetchPage[T any](ctx context.Context, api *transport.Client, p *problems, req *transport.Request, key string) (ListPage[T], error) {
	body, err := fetchBody(ctx, api, p, req)
	if err != nil {
		return ListPage[T]{}, err
	}
	wire, err := wrapper(p.op, body)
	if err != nil {
		return ListPage[T]{}, err
	}
	return pageFrom[T](p.op, body, wire, key)
}

// pageFrom decodes the items under key and the "next" cursor of wire, the
// top-level keys of body.
func pageFrom[T any](op string, body []byte, wire map[string]json.RawMessage, key string) (ListPage[T], error) {
	var page ListPage[T]
	if err := unmarshal(op, body, wire[key], &page.Items); err != nil {
		return ListPage[T]{}, err
	}
	var next looseString
	if err := unmarshal(op, body, wire["next"], &next); err != nil {
		return ListPage[T]{}, err
	}
	page.Next = string(next)
	return page, nil
}

// fetchPeople sends req and decodes a page of people, as customer search and
// segment membership return them: {"identifiers": […], "ids": […], "next": …}.
// When an answer carries only the legacy ids list, each id becomes a
// customerio.Identifiers with just ID set.
func fetchPeople(ctx context.Context, api *transport.Client, p *problems, req *transport.Request) (ListPage[customerio.Identifiers], error) {
	body, err := fetchBody(ctx, api, p, req)
	if err != nil {
		return ListPage[customerio.Identifiers]{}, err
	}
	wire, err := wrapper(p.op, body)
	if err != nil {
		return ListPage[customerio.Identifiers]{}, err
	}
	if _, ok := wire["identifiers"]; ok || wire["ids"] == nil {
		return pageFrom[customerio.Identifiers](p.op, body, wire, "identifiers")
	}
	legacy, err := pageFrom[looseString](p.op, body, wire, "ids")
	if err != nil {
		return ListPage[customerio.Identifiers]{}, err
	}
	page := ListPage[customerio.Identifiers]{Items: make([]customerio.Identifiers, len(legacy.Items)), Next: legacy.Next}
	for i, id := range legacy.Items {
		page.Items[i] = customerio.Identifiers{ID: string(id)}
	}
	return page, nil
}

// looseString reads a JSON string, or a number as its decimal text, or null as "".
// Customer.io sends cursors as strings, integer offsets as numbers, and some legacy
// id lists either way.
type looseString string

func (s *looseString) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = looseString(v)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string or a number, got %s", b)
		}
		*s = looseString(n)
	}
	return nil
}
