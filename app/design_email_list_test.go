package app

import (
	"errors"
	"net/http"
	"reflect"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func TestDesignEmailsListSendsEveryFilter(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{
		method: http.MethodGet, path: "/v1/design_studio/emails",
		query:   "created_after=1773850000&direct_descendants_only=true&has_translations=false&is_linked=true&is_template=true&limit=2&page=1&parent_folder_id=f1&sort_by=name&sort_order=desc&updated_before=1773860000",
		fixture: "design_email_list_page1.json",
	})
	got, err := srv.client().DesignEmails.List(t.Context(), ListEmailsOptions{
		DesignListOptions: DesignListOptions{
			PageOptions:    PageOptions{Page: 1, Limit: customerio.Ptr(2)},
			ParentFolderID: "f1", DirectDescendantsOnly: customerio.Ptr(true),
			SortBy: DesignSortName, SortOrder: SortDescending,
			CreatedAfter: unix(1773850000), UpdatedBefore: unix(1773860000),
		},
		IsTemplate: customerio.Ptr(true), HasTranslations: customerio.Ptr(false), IsLinked: customerio.Ptr(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Next != "2" || len(got.Items) != 2 {
		t.Fatalf("page %+v, want 2 emails and next page 2", got)
	}
	if e := got.Items[1]; e.ID != "e2" || !e.IsLinked || e.ParentFolderID != "f1" || e.Created != unix(1773856002) {
		t.Errorf("second email %+v", e)
	}
	if e := got.Items[0]; e.ParentFolderID != "" || e.Content.Subject != "1" {
		t.Errorf("first email %+v", e)
	}
}

func TestDesignEmailsAllWalksPages(t *testing.T) {
	t.Parallel()
	page1 := exchange{method: http.MethodGet, path: "/v1/design_studio/emails", query: "limit=2", fixture: "design_email_list_page1.json"}
	page2 := exchange{method: http.MethodGet, path: "/v1/design_studio/emails", query: "limit=2&page=2", fixture: "design_email_list_page2.json"}
	opts := ListEmailsOptions{DesignListOptions: DesignListOptions{PageOptions: PageOptions{Limit: customerio.Ptr(2)}}}
	walk := func(c *Client, stopAfter int) ([]string, []error) {
		var ids []string
		var errs []error
		for e, err := range c.DesignEmails.All(t.Context(), opts) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ids = append(ids, e.ID)
			if len(ids) == stopAfter {
				break
			}
		}
		return ids, errs
	}
	t.Run("every page, stopping at the total", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, page1, page2)
		ids, errs := walk(srv.client(), 0)
		if !reflect.DeepEqual(ids, []string{"e1", "e2", "e3"}) || errs != nil {
			t.Errorf("ids %v errors %v", ids, errs)
		}
	})
	t.Run("a break stops it", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, page1)
		if ids, _ := walk(srv.client(), 2); len(ids) != 2 || srv.calls.Load() != 1 {
			t.Errorf("ids %v after %d requests", ids, srv.calls.Load())
		}
	})
	t.Run("an error is yielded once", func(t *testing.T) {
		t.Parallel()
		failed := page2
		failed.fixture, failed.status = "", http.StatusBadGateway
		srv := newServer(t, page1, failed)
		ids, errs := walk(srv.client(), 0)
		var apiErr *customerio.APIError
		if len(ids) != 2 || len(errs) != 1 || !errors.As(errs[0], &apiErr) {
			t.Errorf("ids %v errors %v", ids, errs)
		}
	})
}

func TestDesignEmailsListValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := srv.client()
	_, err := c.DesignEmails.List(t.Context(), ListEmailsOptions{DesignListOptions: DesignListOptions{SortBy: "size"}})
	assertValidation(t, err, "sort_by")
	_, err = c.DesignEmails.List(t.Context(), ListEmailsOptions{DesignListOptions: DesignListOptions{PageOptions: PageOptions{Limit: customerio.Ptr(0)}}})
	assertValidation(t, err, "limit")
}
