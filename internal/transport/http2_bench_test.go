package transport

import (
	"crypto/tls"
	"net/http"
	"testing"
	"time"

	"golang.org/x/net/http2"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// stdHTTP2Client is the standard library's bundled HTTP/2 transport as anyone
// would set it up: a clone of http.DefaultTransport forced to try HTTP/2, with
// the same health checks through http.HTTP2Config, and no redirects.
func stdHTTP2Client(tlsConfig *tls.Config) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = tlsConfig
	t.ForceAttemptHTTP2 = true
	t.HTTP2 = &http.HTTP2Config{SendPingTimeout: 30 * time.Second, PingTimeout: 10 * time.Second}
	return &http.Client{Transport: t, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// xnetHTTP2Client is DefaultHTTPClient's transport with golang.org/x/net/http2
// in place of the bundled HTTP/2, configured with the same health checks: the
// alternative the default was measured against.
func xnetHTTP2Client(tlsConfig *tls.Config) *http.Client {
	c := newHTTPClient(tlsConfig)
	t := c.Transport.(*http.Transport)
	t.HTTP2 = nil
	if h2, err := http2.ConfigureTransports(t); err == nil {
		h2.ReadIdleTimeout = 30 * time.Second
		h2.PingTimeout = 10 * time.Second
	}
	return c
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
// transport. Compare with BenchmarkRoundTripStdHTTP2, a plain clone of the
// standard library's transport, and BenchmarkRoundTripXNetHTTP2, the same
// transport on golang.org/x/net/http2.
func BenchmarkRoundTripDefaultClient(b *testing.B) { benchRoundTripWith(b, newHTTPClient) }

// BenchmarkRoundTripStdHTTP2 is a baseline for BenchmarkRoundTripDefaultClient.
func BenchmarkRoundTripStdHTTP2(b *testing.B) { benchRoundTripWith(b, stdHTTP2Client) }

// BenchmarkRoundTripXNetHTTP2 is a baseline for BenchmarkRoundTripDefaultClient.
func BenchmarkRoundTripXNetHTTP2(b *testing.B) { benchRoundTripWith(b, xnetHTTP2Client) }
