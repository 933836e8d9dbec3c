package retry

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	customerio "github.com/gocustomerio/customerio"
)

// RetryableHTTP adapts go-retryablehttp's policy functions to a customerio.RetryStrategy, for
// teams that already tune those: check decides whether to retry (for example
// retryablehttp.DefaultRetryPolicy), backoff how long to wait (for example
// retryablehttp.DefaultBackoff or retryablehttp.LinearJitterBackoff), given the
// Delays bounds as its min and max. Nil arguments select those two defaults.
//
// The policy can only narrow what is retried, never widen it: a failure is
// repeated only when customerio.IsRetryable allows it and check agrees, so a 500,
// which go-retryablehttp's DefaultRetryPolicy would repeat, is returned at once as
// with every other strategy here. The policy sees a response carrying only the
// status and Retry-After of an *customerio.APIError, or the transport error of a
// failed exchange. Whatever it says, a request that is not safe to repeat is
// repeated only after a failure that proves it was never acted on, unless
// RetryNonIdempotent is given.
func RetryableHTTP(check retryablehttp.CheckRetry, backoff retryablehttp.Backoff, opts ...Option) customerio.RetryStrategy {
	if check == nil {
		check = retryablehttp.DefaultRetryPolicy
	}
	if backoff == nil {
		backoff = retryablehttp.DefaultBackoff
	}
	return &adapter{cfg: newConfig(opts), check: check, backoff: backoff}
}

type adapter struct {
	cfg     config
	check   retryablehttp.CheckRetry
	backoff retryablehttp.Backoff
}

func (a *adapter) Do(ctx context.Context, call customerio.Call, attempt func(context.Context) error) error {
	for n := 1; ; n++ {
		err := attempt(ctx)
		if err == nil || ctx.Err() != nil || n >= a.cfg.maxAttempts || !mayRepeat(call, err, a.cfg.nonIdempotent) {
			return err
		}
		resp, cause := policyInputs(err)
		if retry, checkErr := a.check(ctx, resp, cause); !retry || checkErr != nil {
			return err
		}
		d := a.backoff(a.cfg.baseDelay, a.cfg.maxDelay, n-1, resp)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
			return err
		}
		if !sleep(ctx, d) {
			return err
		}
	}
}

// policyInputs presents err the way go-retryablehttp's policies expect: an
// *http.Response for an HTTP status, or the underlying transport error.
func policyInputs(err error) (*http.Response, error) {
	var apiErr *customerio.APIError
	if errors.As(err, &apiErr) {
		h := http.Header{}
		if apiErr.RetryAfter > 0 {
			h.Set("Retry-After", strconv.Itoa(int((apiErr.RetryAfter+time.Second-1)/time.Second)))
		}
		return &http.Response{StatusCode: apiErr.StatusCode, Header: h, Body: http.NoBody}, nil
	}
	var te *customerio.TransportError
	if errors.As(err, &te) {
		return nil, te.Err
	}
	return nil, err
}
