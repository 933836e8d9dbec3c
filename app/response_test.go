package app

import (
	"errors"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func TestUndecodableAnswers(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/segments/7", fixture: "not_json.txt"},
		exchange{method: http.MethodGet, path: "/v1/segments/7/customer_count", fixture: "segment.json"},
		exchange{method: http.MethodGet, path: "/v1/segments/7/membership", fixture: "customers_by_email.json"},
		exchange{method: http.MethodGet, path: "/v1/transactional/3/language/fr", fixture: "not_json.txt"},
		exchange{method: http.MethodGet, path: "/v1/segments/7", status: http.StatusNoContent},
	)
	c := srv.client()
	ctx := t.Context()

	_, err := c.Segments.Get(ctx, 7)
	var de *customerio.DecodeError
	if !errors.As(err, &de) || string(de.Body) != "Service Unavailable <html>" || de.Op != "app.Segments.Get" {
		t.Errorf("non-JSON answer: %v", err)
	}
	_, err = c.Segments.GetCustomerCount(ctx, 7)
	if !errors.As(err, &de) || !errors.Is(err, errNoCount) {
		t.Errorf("answer without count: %v", err)
	}
	page, err := c.Segments.ListMembers(ctx, 7, ListOptions{})
	if err != nil || page.Items != nil || page.Next != "" {
		t.Errorf("answer without members: %+v, %v", page, err)
	}
	raw, err := c.Transactional.GetVariant(ctx, 3, "fr")
	if err != nil || string(raw) != "Service Unavailable <html>" {
		t.Errorf("undocumented answer: %q, %v", raw, err)
	}
	seg, err := c.Segments.Get(ctx, 7)
	if err != nil || seg == nil || seg.ID != 0 {
		t.Errorf("204: %+v, %v", seg, err)
	}
}
