package customeriotest

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"

	customerio "github.com/gocustomerio/customerio"
)

// Server is a running fake Customer.io: one HTTPS test server (HTTP/2 enabled)
// serving the Track, App and Data Pipelines routes from one base URL, with the
// state those calls build. All its methods are safe for concurrent use, also
// while requests are being served.
type Server struct {
	cfg      config
	ts       *httptest.Server
	table    []route
	state    *store
	faults   faults
	log      requestLog
	webhooks webhookSink
	closing  chan struct{}
	close    sync.Once
}

// NewServer starts a fake Customer.io on a loopback address. Close it when the
// test ends.
func NewServer(opts ...ServerOption) *Server {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	s := &Server{
		cfg:     cfg,
		state:   newStore(cfg.now),
		closing: make(chan struct{}),
	}
	s.table = s.routes()
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.ts.EnableHTTP2 = true
	// Connections a client abandons mid-handshake are normal in tests; keep
	// them out of the test output.
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.ts.StartTLS()
	return s
}

// URL is the base URL of every API the server fakes, such as
// "https://127.0.0.1:38421".
func (s *Server) URL() string { return s.ts.URL }

// Client returns an *http.Client that trusts the server's certificate and speaks
// HTTP/2 to it. It is the same client on every call.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Option points a client of this module at the server: it applies
// customerio.WithBaseURL(s.URL()) and customerio.WithHTTPClient(s.Client()).
func (s *Server) Option() customerio.Option {
	base := customerio.WithBaseURL(s.URL())
	client := customerio.WithHTTPClient(s.Client())
	return joinOptions(base, client)
}

// joinOptions returns one option that applies opts in order. The settings type
// options act on is internal to the module, so the function is written over any
// option-shaped type.
func joinOptions[O ~func(S), S any](opts ...O) O {
	return func(s S) {
		for _, o := range opts {
			o(s)
		}
	}
}

// SiteID is the Track site ID the server accepts.
func (s *Server) SiteID() string { return s.cfg.siteID }

// APIKey is the Track API key the server accepts.
func (s *Server) APIKey() string { return s.cfg.apiKey }

// AppKey is the App API key the server accepts as a Bearer token.
func (s *Server) AppKey() string { return s.cfg.appKey }

// WriteKey is the Data Pipelines write key the server accepts.
func (s *Server) WriteKey() string { return s.cfg.writeKey }

// Close ends every pending delay, stops posting reporting-webhook events
// (see SendWebhooks), shuts the server down, waits for requests in
// flight and closes the idle connections of Client, so no goroutine of the
// server outlives it. Calling it again does nothing. The state and request log
// stay readable after Close.
func (s *Server) Close() {
	s.close.Do(func() {
		close(s.closing)
		s.webhooks.stop()
		s.ts.Close()
		s.ts.Client().CloseIdleConnections()
	})
}
