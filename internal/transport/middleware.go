package transport

import "net/http"

// withMiddleware returns the client requests go out on: base (the shared tuned
// client when nil) with its transport wrapped by mw, mw[0] outermost. base itself
// is never changed; with no middleware it is used as it is.
//
// The innermost RoundTripper is base's own transport, so the shared client's
// HTTP/2 and connection health checks apply under any middleware.
func withMiddleware(base *http.Client, mw []func(http.RoundTripper) http.RoundTripper) *http.Client {
	if base == nil {
		base = DefaultHTTPClient()
	}
	if len(mw) == 0 {
		return base
	}
	rt := base.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	for i := len(mw) - 1; i >= 0; i-- {
		rt = mw[i](rt)
	}
	wrapped := *base
	wrapped.Transport = rt
	return &wrapped
}
