package transport

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/settings"
)

// benchAttrs is a typical identify payload.
var benchAttrs = map[string]any{
	"email":      "person@example.com",
	"first_name": "Ada",
	"plan":       "enterprise",
	"seats":      42,
	"active":     true,
	"score":      97.5,
}

// newBenchServer is a TLS HTTP/2 server that reads and discards each body.
func newBenchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkRoundTrip is an identify PUT through the library's request path.
// Compare with BenchmarkRoundTripRawNetHTTP.
func BenchmarkRoundTrip(b *testing.B) {
	srv := newBenchServer(b)
	s, err := settings.Resolve("", []customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client())})
	if err != nil {
		b.Fatal(err)
	}
	c := New(s, settings.TrackAPI, Basic("site", "key"))
	req := &Request{Op: "track.Identify", Method: http.MethodPut, Path: Path("/api/v1/customers", "person-1"), Body: benchAttrs, MaxBodyBytes: customerio.MaxEntityBytes}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Do(b.Context(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundTripRawNetHTTP is the same PUT, same body, same headers, same
// server, written by hand with net/http: the baseline for BenchmarkRoundTrip.
func BenchmarkRoundTripRawNetHTTP(b *testing.B) {
	srv := newBenchServer(b)
	hc := srv.Client()
	url := srv.URL + "/api/v1/customers/person-1"
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("site:key"))
	b.ReportAllocs()
	for b.Loop() {
		body, err := json.Marshal(benchAttrs)
		if err != nil {
			b.Fatal(err)
		}
		req, err := http.NewRequestWithContext(b.Context(), http.MethodPut, url, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", auth)
		req.Header.Set("User-Agent", customerio.UserAgent())
		req.Header.Set("X-Request-Id", ids.UUID())
		req.Header.Set("X-Timestamp", time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"))
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
