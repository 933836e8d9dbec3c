package retry

import (
	"context"
	"errors"
	"net"
	"net/http"

	customerio "github.com/gocustomerio/customerio"
)

// None returns the default strategy: every call is tried exactly once, and a
// retryable failure is returned for the caller to handle (customerio.IsRetryable
// tells which ones are).
func None() customerio.RetryStrategy { return none{} }

type none struct{}

func (none) Do(ctx context.Context, _ customerio.Call, attempt func(context.Context) error) error {
	return attempt(ctx)
}

// mayRepeat reports whether a failed attempt may be tried again: the error is
// retryable, and repeating cannot duplicate a side effect.
func mayRepeat(call customerio.Call, err error, nonIdempotent bool) bool {
	return customerio.IsRetryable(err) && safeToRepeat(call, err, nonIdempotent)
}

// safeToRepeat reports whether repeating call cannot duplicate a side effect.
func safeToRepeat(call customerio.Call, err error, nonIdempotent bool) bool {
	return call.Idempotent || nonIdempotent || neverActedOn(err)
}

// neverActedOn reports whether err proves Customer.io did not act on the request:
// the connection could not be made (nothing was sent), or Customer.io refused it
// with 429 before processing it.
func neverActedOn(err error) bool {
	var apiErr *customerio.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusTooManyRequests
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}
