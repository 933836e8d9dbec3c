package transport

import (
	"crypto/tls"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// stdHTTP2Client is the standard library's bundled HTTP/2 transport set up like
// DefaultHTTPClient: a clone of http.DefaultTransport forced to try HTTP/2, with
// the same health checks through http.HTTP2Config, and no redirects.
func stdHTTP2Client(tlsConfig *tls.Config) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = tlsConfig
	t.ForceAttemptHTTP2 = true
	t.HTTP2 = &http.HTTP2Config{SendPingTimeout: 30 * time.Second, PingTimeout: 10 * time.Second}
	return &http.Client{Transport: t, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func benchRoundTripWith(b *testing.B, hc func(*tls.Config) *http.Client) {
	srv := newBenchServer(b)
	tlsConfig := srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	client := hc(tlsConfig)
	b.Cleanup(client.CloseIdleConnections)
	s, err := settings.Resolve("", []customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(client)})
	if err != nil {
		b.Fatal(err)
	}
	c := New(s, settings.TrackAPI, Basic("site", "key"))
	req := &Request{Op: "track.Identify", Method: http.MethodPut, Path: Path("/api/v1/customers", "person-1"), Body: benchAttrs, MaxBodyBytes: customerio.MaxEntityBytes}
	if resp, err := c.Do(b.Context(), req); err != nil {
		b.Fatal(err)
	} else if resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d", resp.StatusCode)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Do(b.Context(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundTripDefaultClient is BenchmarkRoundTrip over DefaultHTTPClient's
// transport (golang.org/x/net/http2). Compare with
// BenchmarkRoundTripStdHTTP2, the standard library's bundled HTTP/2.
func BenchmarkRoundTripDefaultClient(b *testing.B) { benchRoundTripWith(b, newHTTPClient) }

// BenchmarkRoundTripStdHTTP2 is the baseline for BenchmarkRoundTripDefaultClient.
func BenchmarkRoundTripStdHTTP2(b *testing.B) { benchRoundTripWith(b, stdHTTP2Client) }
