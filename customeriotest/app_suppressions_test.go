package customeriotest

import (
	"net/http"
	"testing"
)

func TestESPSuppressionsRoundTrip(t *testing.T) {
	srv := newTestServer(t)
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		srv.mustDo(t, 200, app(http.MethodPost, "/v1/esp/suppression/bounces/"+email, nil))
	}
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/esp/suppression/bounces/A@example.com", nil)) // again: nothing changes
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/esp/suppression/spam_reports/a@example.com", nil))
	srv.mustDo(t, 400, app(http.MethodPost, "/v1/esp/suppression/unsubscribes/a@example.com", nil))

	var page struct {
		Category     string
		Suppressions []struct{ Email, Status string }
		Next         string
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/esp/suppression/bounces?limit=2&offset=1", nil)).decode(t, &page)
	if page.Category != "bounces" || len(page.Suppressions) != 2 || page.Suppressions[0].Email != "b@example.com" || page.Suppressions[0].Status != "550" {
		t.Errorf("by type: %+v", page)
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/esp/domains/mail.example.com/suppression/bounces?limit=2", nil)).decode(t, &page)
	if len(page.Suppressions) != 2 || page.Next == "" {
		t.Fatalf("by domain: %+v", page)
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/esp/domains/mail.example.com/suppression/bounces?limit=2&start="+page.Next, nil)).decode(t, &page)
	if len(page.Suppressions) != 1 || page.Suppressions[0].Email != "c@example.com" || page.Next != "" {
		t.Errorf("by domain, page 2: %+v", page)
	}

	srv.mustDo(t, 200, app(http.MethodGet, "/v1/esp/search_suppression/a@example.com", nil)).decode(t, &page)
	if page.Category != "bounces" || len(page.Suppressions) != 2 {
		t.Errorf("search: %+v", page)
	}
	srv.mustDo(t, 204, app(http.MethodDelete, "/v1/esp/suppression/bounces/a@example.com", nil))
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/esp/search_suppression/a@example.com", nil)).decode(t, &page)
	if page.Category != "spam" || len(page.Suppressions) != 1 {
		t.Errorf("search after unsuppress: %+v", page)
	}
}
