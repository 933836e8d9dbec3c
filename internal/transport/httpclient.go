package transport

import (
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/net/http2"
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
	}
	if h2, err := http2.ConfigureTransports(t); err == nil {
		// Health checks: ping a connection that has been silent for ReadIdleTimeout
		// and drop it if no answer comes within PingTimeout.
		h2.ReadIdleTimeout = 30 * time.Second
		h2.PingTimeout = 10 * time.Second
	}
	return &http.Client{
		Transport: t,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
