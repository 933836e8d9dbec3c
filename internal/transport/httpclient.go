package transport

import (
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"time"
)

// DefaultHTTPClient returns the client every Customer.io client shares unless
// customerio.WithHTTPClient says otherwise: one pooled transport that speaks
// HTTP/2 where the server offers it, pings idle HTTP/2 connections so a dead one is
// noticed before a request is lost on it, and never follows redirects (a 3xx
// becomes an *APIError: an EU workspace must call the EU host directly, and a
// redirected POST could arrive as a body-less GET).
func DefaultHTTPClient() *http.Client { return defaultHTTPClient() }

var defaultHTTPClient = sync.OnceValue(func() *http.Client { return newHTTPClient(nil) })

// newHTTPClient builds the default client; tlsConfig, when not nil, replaces the
// system roots (benchmarks use it to trust a test server).
func newHTTPClient(tlsConfig *tls.Config) *http.Client {
	t := &http.Transport{
		TLSClientConfig: tlsConfig,
		Proxy:           http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   10 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   20,
		MaxConnsPerHost:       100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// The standard library's HTTP/2, with health checks: ping a connection
		// that has been silent for 30 s and drop it if no answer comes within
		// 10 s, so a dead connection is noticed before a request is lost on it.
		// It measured as fast as golang.org/x/net/http2 configured the same way
		// (BenchmarkRoundTripDefaultClient against BenchmarkRoundTripXNetHTTP2),
		// so the module needs no HTTP/2 dependency.
		HTTP2: &http.HTTP2Config{SendPingTimeout: 30 * time.Second, PingTimeout: 10 * time.Second},
	}
	return &http.Client{
		Transport: t,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
