package batch

import (
	"context"
	"errors"

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
// a final answer even if its entries look retryable, and a retryable error is
// retried before SplitOn is asked.
func (e *Engine) classify(err error, n int) (verdict, *ItemErrors) {
	if err == nil {
		return delivered, nil
	}
	var itemErrs *ItemErrors
	if errors.As(err, &itemErrs) {
		return partial, itemErrs
	}
	if customerio.IsRetryable(err) && e.cfg.MaxRetryElapsed > 0 {
		return retry, nil
	}
	if n > 1 && e.cfg.SplitOn(err) {
		return split, nil
	}
	return failed, nil
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
