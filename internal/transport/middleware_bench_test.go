package transport

import (
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// BenchmarkRoundTripWithMiddlewareAndResponse is BenchmarkRoundTrip through a
// pass-through middleware with the response captured: the cost of both hooks.
// Compare with BenchmarkRoundTrip.
func BenchmarkRoundTripWithMiddlewareAndResponse(b *testing.B) {
	srv := newBenchServer(b)
	pass := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) { return next.RoundTrip(r) })
	}
	s, err := settings.Resolve("", []customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()), customerio.WithMiddleware(pass)})
	if err != nil {
		b.Fatal(err)
	}
	c := New(s, settings.TrackAPI, Basic("site", "key"))
	req := &Request{Op: "track.Identify", Method: http.MethodPut, Path: Path("/api/v1/customers", "person-1"), Body: benchAttrs, MaxBodyBytes: customerio.MaxEntityBytes}
	var meta customerio.Response
	ctx := customerio.WithResponse(b.Context(), &meta)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Do(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
