package app

import (
	"errors"
	"iter"
	"net/http"
	"reflect"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// membersPage is the request for one page of segment 42's members.
func membersPage(query, fixture string) exchange {
	return exchange{method: http.MethodGet, path: "/v1/segments/42/membership", query: query, fixture: fixture}
}

var (
	page1 = membersPage("limit=2", "members_page1.json")
	page2 = membersPage("limit=2&start=cursor-2", "members_page2.json")
	page3 = membersPage("limit=2&start=cursor-3", "members_page3.json")
)

// collect ranges over every member, returning their ids and the errors yielded.
func collect(t *testing.T, c *Client, opts ListOptions) (ids []string, errs []error) {
	t.Helper()
	for member, err := range c.Segments.AllMembers(t.Context(), 42, opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, member.ID)
	}
	return ids, errs
}

func TestAllWalksEveryPage(t *testing.T) {
	t.Parallel()
	srv := newServer(t, page1, page2, page3)
	opts := ListOptions{Limit: customerio.Ptr(2)}
	ids, errs := collect(t, srv.client(), opts)
	if want := []string{"1", "2", "3", "4", "5"}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
	if n := srv.calls.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if opts.Start != "" || *opts.Limit != 2 {
		t.Errorf("the caller's options changed: %+v", opts)
	}
}

func TestAllStartsAtTheGivenCursor(t *testing.T) {
	t.Parallel()
	srv := newServer(t, page2, page3)
	ids, errs := collect(t, srv.client(), ListOptions{Start: "cursor-2", Limit: customerio.Ptr(2)})
	if want := []string{"3", "4", "5"}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
}

func TestAllDoesNoIOUntilIterated(t *testing.T) {
	t.Parallel()
	srv := newServer(t, page1, page2, page3, page1, page2, page3)
	seq := srv.client().Segments.AllMembers(t.Context(), 42, ListOptions{Limit: customerio.Ptr(2)})
	if n := srv.calls.Load(); n != 0 {
		t.Fatalf("%d requests before iterating", n)
	}
	for range 2 {
		count := 0
		for _, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			count++
		}
		if count != 5 {
			t.Errorf("a walk yielded %d members, want 5", count)
		}
	}
	if n := srv.calls.Load(); n != 6 {
		t.Errorf("%d requests for two walks, want 6", n)
	}
}

func TestAllStopsWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	srv := newServer(t, page1, page2, page3)
	for member, err := range srv.client().Segments.AllMembers(t.Context(), 42, ListOptions{Limit: customerio.Ptr(2)}) {
		if err != nil || member.ID != "1" {
			t.Fatalf("first member %+v, %v", member, err)
		}
		break
	}
	// Breaking after the last item of a page must not fetch the next one either.
	for member, err := range srv.client().Segments.AllMembers(t.Context(), 42, ListOptions{Start: "cursor-2", Limit: customerio.Ptr(2)}) {
		if err != nil {
			t.Fatal(err)
		}
		if member.ID == "4" {
			break
		}
	}
	if n := srv.calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestAllStopsOnARepeatedCursor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		exchanges []exchange
		ids       []string
	}{
		{
			name:      "the same cursor twice in a row",
			exchanges: []exchange{page1, membersPage("limit=2&start=cursor-2", "members_page_loop.json")},
			ids:       []string{"1", "2", "3"},
		},
		{
			name:      "a cycle back to an earlier cursor",
			exchanges: []exchange{page1, page2, membersPage("limit=2&start=cursor-3", "members_page_loop.json")},
			ids:       []string{"1", "2", "3", "4", "3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tt.exchanges...)
			ids, errs := collect(t, srv.client(), ListOptions{Limit: customerio.Ptr(2)})
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("ids %v, want %v", ids, tt.ids)
			}
			if len(errs) != 1 || !errors.Is(errs[0], ErrRepeatedCursor) {
				t.Errorf("errors %v, want one ErrRepeatedCursor", errs)
			}
			if n := srv.calls.Load(); int(n) != len(tt.exchanges) {
				t.Errorf("%d requests, want %d", n, len(tt.exchanges))
			}
		})
	}
}

func TestAllReportsAnErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	failed := membersPage("limit=2&start=cursor-2", "")
	failed.status = http.StatusInternalServerError
	srv := newServer(t, page1, failed, page3)
	ids, errs := collect(t, srv.client(), ListOptions{Limit: customerio.Ptr(2)})
	if want := []string{"1", "2"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	var apiErr *customerio.APIError
	if len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusInternalServerError {
		t.Errorf("errors %v, want one 500 *APIError", errs)
	}
	if n := srv.calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestAllReportsBadInputOnFirstIteration(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seq := srv.client().Segments.AllMembers(t.Context(), 0, ListOptions{})
	_, errs := collect(t, srv.client(), ListOptions{Limit: customerio.Ptr(-1)})
	for _, err := range seq {
		errs = append(errs, err)
	}
	if len(errs) != 2 {
		t.Fatalf("errors %v, want 2", errs)
	}
	assertValidation(t, errs[0], "limit")
	assertValidation(t, errs[1], "segment_id")
}

// TestEveryAllWalks runs the All form of every paged route over two pages.
func TestEveryAllWalks(t *testing.T) {
	t.Parallel()
	type walker func(*testing.T, *Client) (int, error)
	count := func(seq iter.Seq2[struct{}, error]) (int, error) {
		n := 0
		for _, err := range seq {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	}
	tests := []struct {
		name      string
		exchanges []exchange
		walk      walker
		want      int
	}{
		{
			name: "Customers.AllSearchResults",
			exchanges: []exchange{
				{method: http.MethodPost, path: "/v1/customers", body: `{"filter":{"segment":{"id":7}}}`, fixture: "customers_search.json"},
				{method: http.MethodPost, path: "/v1/customers", query: "start=MTAw", body: `{"filter":{"segment":{"id":7}}}`, fixture: "members_page3.json"},
			},
			walk: func(t *testing.T, c *Client) (int, error) {
				return count(discard(c.Customers.AllSearchResults(t.Context(), InSegment(7), ListOptions{})))
			},
			want: 3,
		},
		{
			name: "Customers.AllMessages",
			exchanges: []exchange{
				{method: http.MethodGet, path: "/v1/customers/42/messages", query: "id_type=id", fixture: "customer_messages.json"},
				{method: http.MethodGet, path: "/v1/customers/42/messages", query: "id_type=id&start=b2Zmc2V0OjE%3D", fixture: "transactional_deliveries.json"},
			},
			walk: func(t *testing.T, c *Client) (int, error) {
				return count(discard(c.Customers.AllMessages(t.Context(), "42", CustomerMessagesOptions{IDType: customerio.IDTypeID})))
			},
			want: 2,
		},
		{
			name: "Customers.AllActivities",
			exchanges: []exchange{
				{method: http.MethodGet, path: "/v1/customers/42/activities", query: "start=a1", fixture: "customer_activities.json"},
			},
			walk: func(t *testing.T, c *Client) (int, error) {
				return count(discard(c.Customers.AllActivities(t.Context(), "42", ActivitiesOptions{Start: "a1"})))
			},
			want: 1,
		},
		{
			name: "Customers.AllRelationships",
			exchanges: []exchange{
				{method: http.MethodGet, path: "/v1/customers/42/relationships", fixture: "customer_relationships.json"},
				{method: http.MethodGet, path: "/v1/customers/42/relationships", query: "start=cmVsOjI%3D", fixture: "customer_activities.json"},
			},
			walk: func(t *testing.T, c *Client) (int, error) {
				return count(discard(c.Customers.AllRelationships(t.Context(), "42", RelationshipsOptions{})))
			},
			want: 1,
		},
		{
			name: "Transactional.AllDeliveries",
			exchanges: []exchange{
				{method: http.MethodGet, path: "/v1/transactional/3/messages", query: "state=sent", fixture: "customer_messages.json"},
				{method: http.MethodGet, path: "/v1/transactional/3/messages", query: "start=b2Zmc2V0OjE%3D&state=sent", fixture: "transactional_deliveries.json"},
			},
			walk: func(t *testing.T, c *Client) (int, error) {
				return count(discard(c.Transactional.AllDeliveries(t.Context(), 3, DeliveriesOptions{State: "sent"})))
			},
			want: 2,
		},
		{
			name: "Broadcasts.AllTriggerErrors walks integer offsets",
			exchanges: []exchange{
				{method: http.MethodGet, path: "/v1/campaigns/15/triggers/73/errors", query: "limit=2", fixture: "broadcast_trigger_errors.json"},
				{method: http.MethodGet, path: "/v1/campaigns/15/triggers/73/errors", query: "limit=2&start=2", fixture: "broadcast_trigger_errors_last.json"},
			},
			walk: func(t *testing.T, c *Client) (int, error) {
				return count(discard(c.Broadcasts.AllTriggerErrors(t.Context(), 15, 73, ListOptions{Limit: customerio.Ptr(2)})))
			},
			want: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tt.exchanges...)
			n, err := tt.walk(t, srv.client())
			if err != nil || n != tt.want {
				t.Errorf("walked %d items, error %v; want %d", n, err, tt.want)
			}
			if got := srv.calls.Load(); int(got) != len(tt.exchanges) {
				t.Errorf("%d requests, want %d", got, len(tt.exchanges))
			}
		})
	}
}

// discard drops the items of seq, keeping the errors, so walks of any item type
// can be counted alike.
func discard[T any](seq iter.Seq2[T, error]) iter.Seq2[struct{}, error] {
	return func(yield func(struct{}, error) bool) {
		for _, err := range seq {
			if !yield(struct{}{}, err) {
				return
			}
		}
	}
}
