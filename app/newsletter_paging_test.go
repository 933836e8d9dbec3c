package app

import (
	"errors"
	"net/http"
	"reflect"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

var (
	newslettersFirst = exchange{method: http.MethodGet, path: "/v1/newsletters", query: "limit=1&sort=desc", fixture: "newsletter_list.json"}
	newslettersLast  = exchange{method: http.MethodGet, path: "/v1/newsletters", query: "limit=1&sort=desc&start=MTI4Mjc1", fixture: "newsletter_list_last.json"}
)

// newsletterIDs ranges over All and returns the ids and errors it yields,
// stopping after stop items when stop > 0.
func newsletterIDs(t *testing.T, c *Client, stop int) (ids []int, errs []error) {
	t.Helper()
	for n, err := range c.Newsletters.All(t.Context(), NewsletterListOptions{Limit: customerio.Ptr(1), Sort: SortDescending}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, n.ID)
		if len(ids) == stop {
			break
		}
	}
	return ids, errs
}

func TestAllNewslettersWalksEveryPageWithTheSameSort(t *testing.T) {
	t.Parallel()
	srv := newServer(t, newslettersFirst, newslettersLast)
	ids, errs := newsletterIDs(t, srv.client(), 0)
	if want := []int{128275, 128276}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
}

func TestAllNewslettersStopsWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	srv := newServer(t, newslettersFirst)
	ids, errs := newsletterIDs(t, srv.client(), 1)
	if want := []int{128275}; !reflect.DeepEqual(ids, want) || errs != nil {
		t.Errorf("ids %v, errors %v; want %v", ids, errs, want)
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestAllNewslettersYieldsAFailedPageOnce(t *testing.T) {
	t.Parallel()
	failed := newslettersLast
	failed.status, failed.fixture = http.StatusNotFound, ""
	srv := newServer(t, newslettersFirst, failed)
	ids, errs := newsletterIDs(t, srv.client(), 0)
	var apiErr *customerio.APIError
	if !reflect.DeepEqual(ids, []int{128275}) || len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("ids %v, errors %v; want the first page, then the 404 once", ids, errs)
	}
}

func TestAllNewsletterDeliveriesFollowsNext(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/newsletters/128275/messages", query: "metric=sent", fixture: "newsletter_deliveries.json"},
		exchange{method: http.MethodGet, path: "/v1/newsletters/128275/messages", query: "metric=sent&start=ZGdPcTk%3D", status: http.StatusInternalServerError},
	)
	var got []string
	var errs []error
	for d, err := range srv.client().Newsletters.AllDeliveries(t.Context(), 128275, DeliveriesOptions{Metric: customerio.MetricSent}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, d.ID)
	}
	if len(got) != 1 || len(errs) != 1 {
		t.Errorf("deliveries %v, errors %v; want one delivery, then the failed page once", got, errs)
	}
}
