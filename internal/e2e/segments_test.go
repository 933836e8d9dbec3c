package e2e

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/track"
)

// TestSegmentMembershipRoundTrip creates a manual segment through the App
// API, fills it through the Track API, and walks the members back page by page.
func TestSegmentMembershipRoundTrip(t *testing.T) {
	srv := newFake(t)
	tc, ac := trackClient(t, srv), appClient(t, srv)
	ctx := t.Context()

	seg, err := ac.Segments.Create(ctx, app.CreateSegmentRequest{Name: "Early adopters", Description: "joined in beta"})
	if err != nil {
		t.Fatal(err)
	}
	if seg.ID < 1 || seg.Type != "manual" || seg.Name != "Early adopters" || seg.Description != "joined in beta" {
		t.Fatalf("created %+v", seg)
	}
	ids := []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"}
	if err := tc.AddToSegment(ctx, seg.ID, ids, customerio.IDTypeID); err != nil {
		t.Fatal(err)
	}

	const limit = 3
	var got []string
	for m, err := range ac.Segments.AllMembers(ctx, seg.ID, app.ListOptions{Limit: customerio.Ptr(limit)}) {
		if err != nil {
			t.Fatal(err)
		}
		if m.CIOID == "" {
			t.Errorf("member %+v has no cio_id", m)
		}
		got = append(got, m.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Errorf("members %v, want %v in the order they joined", got, ids)
	}
	pages := requests(srv, http.MethodGet, "/membership")
	if want := (len(ids) + limit - 1) / limit; len(pages) != want {
		t.Errorf("%d membership requests, want %d pages of %d", len(pages), want, limit)
	}
	for i, p := range pages {
		if p.Query.Get("limit") != "3" || (i == 0) != (p.Query.Get("start") == "") {
			t.Errorf("page %d asked with %v", i+1, p.Query)
		}
	}

	// One page by hand: Next is the cursor of the following page.
	page, err := ac.Segments.ListMembers(ctx, seg.ID, app.ListOptions{Limit: customerio.Ptr(5)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 5 || page.Next == "" {
		t.Errorf("first page of 5: %d items, next %q", len(page.Items), page.Next)
	}
	rest, err := ac.Segments.ListMembers(ctx, seg.ID, app.ListOptions{Start: page.Next, Limit: customerio.Ptr(5)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Items) != 2 || rest.Next != "" {
		t.Errorf("last page: %d items, next %q", len(rest.Items), rest.Next)
	}

	if err := tc.RemoveFromSegment(ctx, seg.ID, []string{"m2", "m5"}, ""); err != nil {
		t.Fatal(err)
	}
	if n, err := ac.Segments.GetCustomerCount(ctx, seg.ID); err != nil || n != 5 {
		t.Errorf("count after removing two = %d, %v; want 5", n, err)
	}
	if used, err := ac.Segments.GetUsedBy(ctx, seg.ID); err != nil || used == nil {
		t.Errorf("GetUsedBy = %+v, %v", used, err)
	}

	all, err := ac.Segments.List(ctx)
	if err != nil || len(all) != 1 || all[0].ID != seg.ID {
		t.Errorf("List = %+v, %v", all, err)
	}
	if err := ac.Segments.Delete(ctx, seg.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ac.Segments.Get(ctx, seg.ID); !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
}

// TestAddToSegmentInChunks adds more people than one request may carry: the
// client splits the list, and every person ends up in the segment.
func TestAddToSegmentInChunks(t *testing.T) {
	srv := newFake(t)
	tc := trackClient(t, srv)
	seg := srv.CreateSegment("Everyone", true)
	ids := make([]string, track.MaxSegmentIDs+1)
	for i := range ids {
		ids[i] = fmt.Sprint("u", i)
	}
	if err := tc.AddToSegment(t.Context(), seg, ids, ""); err != nil {
		t.Fatal(err)
	}
	if n := len(requests(srv, http.MethodPost, "/add_customers")); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if n := len(srv.SegmentMembers(seg)); n != len(ids) {
		t.Errorf("%d members, want %d", n, len(ids))
	}
}

// TestAddToDataDrivenSegmentRefused checks that a segment built from
// conditions cannot be changed through the Track API.
func TestAddToDataDrivenSegmentRefused(t *testing.T) {
	srv := newFake(t)
	tc := trackClient(t, srv)
	seg := srv.CreateSegment("Paying", false)
	err := tc.AddToSegment(t.Context(), seg, []string{"42"}, "")
	var segErr *track.SegmentError
	var apiErr *customerio.APIError
	if !errors.As(err, &segErr) || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Fatalf("err = %v, want a *track.SegmentError wrapping a 400", err)
	}
	if len(segErr.NotApplied) != 1 || len(segErr.Applied) != 0 {
		t.Errorf("applied %v, not applied %v", segErr.Applied, segErr.NotApplied)
	}
}
