package customerio

import (
	"context"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/settings"
)

// Response is what a call's final HTTP exchange answered, for tools that need
// more than the decoded result: the status, the headers (rate-limit headers
// among them, when Customer.io sends any) and the request id to quote to
// Customer.io's support. WithResponse asks a call to fill one in.
type Response struct {
	// StatusCode is the final attempt's HTTP status; 0 when no answer arrived
	// (a transport failure, or the context ended first).
	StatusCode int
	// Header is the final answer's header; nil when no answer arrived.
	Header http.Header
	// RequestID identifies the final attempt: the X-Request-Id the server answered
	// with, or else the X-Request-Id the client sent on it.
	RequestID string
	// Attempts is how many HTTP exchanges the call made, retries included; 0
	// when the call was refused before any I/O (a *ValidationError).
	Attempts int
}

// WithResponse returns a context that makes a call of any client in this module
// fill in *r when it returns, whether it succeeded or failed with an *APIError or
// another error. The values travel in the context, not in an option, so that
// every method keeps a single signature (some already end in options of their
// own) and the capture applies to the one call given the context.
//
// *r is reset when the call starts. One Response serves one call at a time: give
// concurrent calls their own. Calls that only queue work (trackv2.Batcher,
// pipelines' queueing calls) make no request on the caller's context and leave
// *r as it was.
func WithResponse(ctx context.Context, r *Response) context.Context {
	return context.WithValue(ctx, settings.ResponseKey{}, r)
}

// WithAttemptTimeout returns a context that bounds each attempt of a call given
// it by d, in place of the client's WithTimeout, for that call only: an export
// that is known to be slow may have longer than the client's default without
// changing it for every other call. 0 turns the per-attempt timeout off for the
// call; a negative d is a *ValidationError before any I/O.
//
// The context's own deadline, if any, still bounds the whole call, retries and
// waits between them included; d bounds each attempt within it. It travels in
// the context for the same reason as WithResponse.
func WithAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, settings.AttemptTimeoutKey{}, d)
}
