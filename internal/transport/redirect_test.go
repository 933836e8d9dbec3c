package transport

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// TestFollowedRedirectIsNotSuccess pins that when the caller's http.Client
// follows a redirect (net/http's default), the answer to the final request is a
// *RedirectError, where a POST followed as a body-less GET and answered 200 was
// once taken for success.
func TestFollowedRedirectIsNotSuccess(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v2/batch" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		rec.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	follows := &http.Client{Transport: srv.Client().Transport} // CheckRedirect nil: follows
	s, err := settings.Resolve("", []customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(follows)})
	if err != nil {
		t.Fatal(err)
	}
	c := New(s, settings.TrackAPI, Bearer("k"))
	_, err = c.Do(t.Context(), &Request{Op: "trackv2.Batch", Method: http.MethodPost, Path: "/api/v2/batch", Body: map[string]any{"batch": []any{}}})
	var re *customerio.RedirectError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a *RedirectError", err)
	}
	if re.Method != http.MethodPost || re.FinalMethod != http.MethodGet || !strings.HasSuffix(re.FinalURL, "/elsewhere") || re.StatusCode != 200 {
		t.Errorf("%+v", re)
	}
	if customerio.IsRetryable(err) {
		t.Error("a followed redirect is retryable")
	}
	if got := rec.requests(); len(got) != 1 || got[0].method != http.MethodGet {
		t.Errorf("the redirect target saw %+v", got)
	}
}

// TestRedirectWithDefaultClientIsAnAPIError pins that the default client does
// not follow: the 3xx itself is the error.
func TestRedirectWithDefaultClientIsAnAPIError(t *testing.T) {
	srv := httptest.NewServer(http.RedirectHandler("/elsewhere", http.StatusFound))
	t.Cleanup(srv.Close)
	s, err := settings.Resolve("", []customerio.Option{customerio.WithBaseURL(srv.URL)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(s, settings.TrackAPI, Bearer("k")).Do(t.Context(), &Request{Method: http.MethodPost, Path: "/x", Body: map[string]any{}})
	var ae *customerio.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusFound {
		t.Errorf("err = %v, want an *APIError 302", err)
	}
}
