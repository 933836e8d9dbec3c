package customerio

import (
	"errors"
	"net/http"

	"github.com/gocustomerio/customerio/internal/settings"
)

// WithMiddleware wraps the transport every request of the client goes out on, for
// tracing, metrics or request logging. mw receives the transport below it and
// returns the RoundTripper to use instead. It is called when a client is built
// (once per constructor call, and once more for the V2 client track.New builds
// alongside), never per request, and must not return nil.
//
// Without WithHTTPClient the transport below is the shared tuned one, so HTTP/2
// and its connection health checks stay in effect; with WithHTTPClient it is that
// client's transport (http.DefaultTransport when it has none), and the client's
// redirect policy and timeout are kept.
//
// Several WithMiddleware options apply in the order given: the first is
// outermost, so it sees each request first and its response last. A middleware
// sees every attempt, retries included, each with its own X-Request-Id. The
// request's Authorization header carries the credential: a middleware that logs
// must leave headers out.
func WithMiddleware(mw func(http.RoundTripper) http.RoundTripper) Option {
	return func(s *settings.Settings) {
		if mw == nil {
			s.Fail(errors.New("customerio: nil middleware"))
			return
		}
		s.Middleware = append(s.Middleware, mw)
	}
}
