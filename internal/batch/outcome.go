package batch

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"

	customerio "github.com/gocustomerio/customerio"
)

// verdict is what the engine does with a batch after one Send.
type verdict int

const (
	// delivered: every item was accepted.
	delivered verdict = iota
	// partial: the items an *ItemErrors lists failed, the others were accepted.
	partial
	// retry: nothing was accepted, and sending the same batch again may work.
	retry
	// split: the request was refused as a whole for something in it; each half
	// is sent on its own.
	split
	// failed: every item fails with the error.
	failed
)

// classify reads the error of one Send of n items. Its order matters: a 207 is
// a final answer even if its entries look retryable, a retryable error is
// retried before SplitOn is asked, and bad credentials are never split.
//
// Every item the engine carries has a de-duplication id (Track v2 event ids,
// Data Pipelines messageId), so resending a batch that may have been applied
// is safe: the engine retries far more than customerio.IsRetryable, which
// stays narrow for single calls without such ids.
func (e *Engine) classify(err error, n int) (verdict, *ItemErrors) {
	if err == nil {
		return delivered, nil
	}
	var itemErrs *ItemErrors
	if errors.As(err, &itemErrs) {
		return partial, itemErrs
	}
	switch {
	case retryable(err):
		return retry, nil
	case unauthorized(err):
		return failed, nil
	case n > 1 && e.cfg.SplitOn(err):
		return split, nil
	}
	return failed, nil
}

// retryable reports whether a batch that failed with err may succeed if sent
// again: HTTP 408, 429 or any 5xx, or no answer at all (a
// *customerio.TransportError, which covers a connection reset while the
// response body was read, or a bare network error from a custom Send). A
// context error on its own is not: it is the caller's or Close's decision.
func retryable(err error) bool {
	var apiErr *customerio.APIError
	if errors.As(err, &apiErr) {
		s := apiErr.StatusCode
		return s == http.StatusRequestTimeout || s == http.StatusTooManyRequests || (s >= 500 && s <= 599)
	}
	var te *customerio.TransportError
	if errors.As(err, &te) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, io.ErrUnexpectedEOF)
}

// unauthorized reports an HTTP 401 or 403: the credentials are refused, so no
// retry and no half of the batch can do better.
func unauthorized(err error) bool {
	var apiErr *customerio.APIError
	return errors.As(err, &apiErr) &&
		(apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden)
}

// abandonedError is the error of items Close gave up on: it wraps the abort cause
// (ErrClosed and Close's ctx error) and the last Send error, if any.
func (e *Engine) abandonedError(last error) error {
	cause := context.Cause(e.sendCtx)
	if last == nil || errors.Is(last, context.Canceled) {
		return cause
	}
	return &closedError{cause: cause, last: last}
}

// closedError reports an item abandoned by Close after a failed attempt.
type closedError struct {
	cause, last error
}

func (e *closedError) Error() string {
	return e.cause.Error() + " (last attempt: " + e.last.Error() + ")"
}

func (e *closedError) Unwrap() []error { return []error{e.cause, e.last} }
