package e2e

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/internal/transport"
)

// TestFakeUnknownRouteIsNotNotFound pins that a route the fake does not serve
// fails a client with a 501 *customerio.APIError naming the method and path,
// which does not match customerio.ErrNotFound: a caller's not-found branch must
// not pass because the fake lacks the route. A missing resource on a known
// route still matches it.
func TestFakeUnknownRouteIsNotNotFound(t *testing.T) {
	srv := newFake(t)
	conf, err := settings.Resolve("", []customerio.Option{srv.Option()})
	if err != nil {
		t.Fatal(err)
	}
	api := transport.New(conf, settings.AppAPI, transport.Bearer(srv.AppKey()))
	ctx := context.Background()

	_, err = api.Do(ctx, &transport.Request{Op: "e2e.unknown", Method: http.MethodGet, Path: "/v1/newsletters/3/metrics"})
	var apiErr *customerio.APIError
	switch {
	case !errors.As(err, &apiErr):
		t.Fatalf("unknown route: %v, want a *customerio.APIError", err)
	case apiErr.StatusCode != http.StatusNotImplemented:
		t.Errorf("unknown route: status %d, want 501", apiErr.StatusCode)
	case !strings.Contains(apiErr.Message, "GET /v1/newsletters/3/metrics"):
		t.Errorf("unknown route: message %q does not name the method and path", apiErr.Message)
	}
	if errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("unknown route matches ErrNotFound: %v", err)
	}

	_, err = api.Do(ctx, &transport.Request{Op: "e2e.missing", Method: http.MethodGet, Path: "/v1/segments/404"})
	if !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("missing segment: %v, want ErrNotFound", err)
	}
}
