package app

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// thing is the item of the test list below.
type thing struct {
	ID int `json:"id"`
}

// listThings is a page-numbered list over GET /v1/things, built the way the
// Design Studio and Assets lists are.
func listThings(ctx context.Context, c *Client, opts PageOptions) (ListPage[thing], error) {
	p := newProblems("ListThings")
	q := params{}
	opts.query(p, q)
	return fetchNumberedPage[thing](ctx, c.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/things", Query: q.values()}, "things", opts)
}

func allThings(t *testing.T, c *Client, opts PageOptions) (ids []int, errs []error) {
	t.Helper()
	seq := walkPages(t.Context(), opts, func(ctx context.Context, o PageOptions) (ListPage[thing], error) {
		return listThings(ctx, c, o)
	})
	for item, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, item.ID)
	}
	return ids, errs
}

func thingsPage(query, fixture string) exchange {
	return exchange{method: http.MethodGet, path: "/v1/things", query: query, fixture: fixture}
}

func TestNumberedWalkStopsWhenThePageReachesTheTotal(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		thingsPage("limit=2", "paging_numbered_page1.json"),
		thingsPage("limit=2&page=2", "paging_numbered_page2.json"),
		thingsPage("limit=2&page=3", "paging_numbered_page3.json"))
	opts := PageOptions{Limit: customerio.Ptr(2)}
	ids, errs := allThings(t, srv.client(), opts)
	if want := []int{1, 2, 3, 4, 5}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
	if n := srv.calls.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if opts.Page != 0 || *opts.Limit != 2 {
		t.Errorf("the caller's options changed: %+v", opts)
	}
}

func TestNumberedWalkStartsAtTheGivenPage(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		thingsPage("limit=2&page=2", "paging_numbered_page2.json"),
		thingsPage("limit=2&page=3", "paging_numbered_page3.json"))
	ids, errs := allThings(t, srv.client(), PageOptions{Page: 2, Limit: customerio.Ptr(2)})
	if want := []int{3, 4, 5}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
}

func TestNumberedWalkStopsOnAnEmptyPage(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		thingsPage("limit=2&page=2", "paging_numbered_page2.json"),
		thingsPage("limit=2&page=3", "paging_numbered_empty.json"))
	ids, errs := allThings(t, srv.client(), PageOptions{Page: 2, Limit: customerio.Ptr(2)})
	if want := []int{3, 4}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
}

func TestNumberedWalkWithoutATotalStopsOnAShortPage(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		thingsPage("limit=2", "paging_numbered_nototal.json"),
		thingsPage("limit=2&page=2", "paging_numbered_short.json"))
	ids, errs := allThings(t, srv.client(), PageOptions{Limit: customerio.Ptr(2)})
	if want := []int{1, 2, 3}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
}

func TestNumberedWalkRefusesAPageThatDoesNotAdvance(t *testing.T) {
	t.Parallel()
	// Asked for page 3, Customer.io answers page 2 again: following it would loop.
	srv := newServer(t,
		thingsPage("limit=2&page=2", "paging_numbered_stuck.json"),
		thingsPage("limit=2&page=3", "paging_numbered_stuck.json"))
	ids, errs := allThings(t, srv.client(), PageOptions{Page: 2, Limit: customerio.Ptr(2)})
	if want := []int{3, 4}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrPageNotAdvancing) {
		t.Errorf("errors %v, want one ErrPageNotAdvancing", errs)
	}
	if n := srv.calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestNumberedWalkStopsWhenTheCallerBreaks(t *testing.T) {
	t.Parallel()
	srv := newServer(t, thingsPage("limit=2", "paging_numbered_page1.json"))
	seq := walkPages(t.Context(), PageOptions{Limit: customerio.Ptr(2)}, func(ctx context.Context, o PageOptions) (ListPage[thing], error) {
		return listThings(ctx, srv.client(), o)
	})
	for item, err := range seq {
		if err != nil || item.ID != 1 {
			t.Fatalf("first item %+v, %v", item, err)
		}
		break
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d requests after an early break, want 1", n)
	}
}

func TestNumberedWalkSurfacesAnErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		thingsPage("limit=2", "paging_numbered_page1.json"),
		exchange{method: http.MethodGet, path: "/v1/things", query: "limit=2&page=2", status: http.StatusNotFound})
	ids, errs := allThings(t, srv.client(), PageOptions{Limit: customerio.Ptr(2)})
	if want := []int{1, 2}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	var apiErr *customerio.APIError
	if len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("errors %v, want one 404 APIError", errs)
	}
}

func TestPageOptionsRefuseABadPageOrLimitBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, opts := range []PageOptions{
		{Page: -1},
		{Limit: customerio.Ptr(0)},
		{Limit: customerio.Ptr(maxPageLimit + 1)},
	} {
		_, err := listThings(t.Context(), srv.client(), opts)
		var ve *customerio.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%+v: err %v, want a ValidationError", opts, err)
		}
	}
}

func TestPageOptionsAfterMovesToTheNextPage(t *testing.T) {
	t.Parallel()
	opts := PageOptions{Limit: customerio.Ptr(2)}
	next, ok := opts.After("3")
	if !ok || next.Page != 3 || next.Limit != opts.Limit {
		t.Errorf("After(3) = %+v, %v", next, ok)
	}
	if _, ok := opts.After(""); ok {
		t.Error(`After("") reported a page`)
	}
}
