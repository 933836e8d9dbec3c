package e2e

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestFakeUnknownRouteIsNotNotFound pins that a route the fake does not serve
// fails a client with a 501 *customerio.APIError naming the method and path,
// which does not match customerio.ErrNotFound: a caller's not-found branch must
// not pass because the fake lacks the route. A missing resource on a known
// route still matches it.
func TestFakeUnknownRouteIsNotNotFound(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := context.Background()

	err := ac.Do(ctx, http.MethodGet, "/v1/newsletters/3/preview", nil, nil)
	var apiErr *customerio.APIError
	switch {
	case !errors.As(err, &apiErr):
		t.Fatalf("unknown route: %v, want a *customerio.APIError", err)
	case apiErr.StatusCode != http.StatusNotImplemented:
		t.Errorf("unknown route: status %d, want 501", apiErr.StatusCode)
	case !strings.Contains(apiErr.Message, "GET /v1/newsletters/3/preview"):
		t.Errorf("unknown route: message %q does not name the method and path", apiErr.Message)
	}
	if errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("unknown route matches ErrNotFound: %v", err)
	}

	err = ac.Do(ctx, http.MethodGet, "/v1/segments/404", nil, nil)
	if !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("missing segment: %v, want ErrNotFound", err)
	}
}
