package batch

import (
	"bytes"
	"errors"
	"log/slog"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// deliver sends b.items[lo:hi] until each item has an outcome, retrying and
// splitting as classify says, and returns failures with the items that failed
// appended. Once Close has given up (sendCtx ended), nothing more is sent and
// the items not yet settled fail with abandonedError.
func (e *Engine) deliver(b *batch, lo, hi int, failures []Failure) []Failure {
	var first time.Time
	var last error
	for attempt := 1; ; attempt++ {
		if e.sendCtx.Err() != nil {
			return failRange(failures, b, lo, hi, e.abandonedError(last))
		}
		if attempt == 1 {
			first = time.Now()
		} else {
			e.retried.Add(1)
		}
		e.sent.Add(1)
		epoch := e.flight()
		err := e.cfg.Send(e.sendCtx, b.items[lo:hi:hi])
		v, itemErrs := e.classify(err, hi-lo)
		switch v {
		case delivered:
			e.grow()
			return failures
		case partial:
			e.grow()
			return e.failListed(failures, b, lo, hi, itemErrs)
		case retry:
			e.shrink(epoch)
			last = err
			wait := e.backoff(attempt, err)
			if e.cfg.MaxRetryElapsed < 0 || time.Now().Add(wait).After(e.retryUntil(first)) {
				e.cfg.Logger.Warn("customerio batch: giving up retrying",
					"items", hi-lo, "attempts", attempt, "error", err.Error())
				return failRange(failures, b, lo, hi, err)
			}
			e.cfg.Logger.Debug("customerio batch: retrying",
				"items", hi-lo, "attempt", attempt, "wait", wait, "error", err.Error())
			e.waitToRetry(wait)
		case split:
			if e.sendCtx.Err() != nil {
				return failRange(failures, b, lo, hi, e.abandonedError(err))
			}
			e.splits.Add(1)
			e.cfg.Logger.Debug("customerio batch: splitting a refused batch",
				"items", hi-lo, "error", err.Error())
			mid := lo + (hi-lo)/2
			failures = e.deliver(b, lo, mid, failures)
			return e.deliver(b, mid, hi, failures)
		default:
			if e.sendCtx.Err() != nil {
				err = e.abandonedError(err)
			}
			return failRange(failures, b, lo, hi, err)
		}
	}
}

// retryUntil is the latest time a retry of a batch first sent at first may
// start: MaxRetryElapsed after first, or, once Close has begun with a
// deadline, that deadline if it is later, so that an outage shorter than
// Close's context never costs an item.
func (e *Engine) retryUntil(first time.Time) time.Time {
	until := first.Add(e.cfg.MaxRetryElapsed)
	e.mu.Lock()
	by := e.closeBy
	e.mu.Unlock()
	if by.After(until) {
		return by
	}
	return until
}

// backoff is the wait after the n-th failed attempt: the server's Retry-After
// when it sent one, or else full jitter over min(RetryMaxDelay, RetryBaseDelay·2ⁿ⁻¹).
func (e *Engine) backoff(n int, err error) time.Duration {
	var apiErr *customerio.APIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
		return apiErr.RetryAfter
	}
	ceiling := e.cfg.RetryBaseDelay
	for range n - 1 {
		if ceiling > e.cfg.RetryMaxDelay/2 {
			ceiling = e.cfg.RetryMaxDelay
			break
		}
		ceiling *= 2
	}
	return time.Duration(e.cfg.Random() * float64(ceiling))
}

// waitToRetry waits d, or less if Close gives up meanwhile.
func (e *Engine) waitToRetry(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-e.sendCtx.Done():
	}
}

// failRange appends a failure with err for each item of b.items[lo:hi].
func failRange(failures []Failure, b *batch, lo, hi int, err error) []Failure {
	for i := lo; i < hi; i++ {
		failures = append(failures, failure(b, i, err))
	}
	return failures
}

// failure is the report of item i of b. Its Data is a copy: the item's bytes
// share a chunk with other items (see Slab), which a caller keeping its
// failures must not keep in memory.
func failure(b *batch, i int, err error) Failure {
	return Failure{Seq: b.seqs[i], Data: bytes.Clone(b.items[i]), Err: err}
}

// failListed appends a failure for each item an *ItemErrors names, once per
// item; an index that does not name an item of this Send is logged and ignored.
func (e *Engine) failListed(failures []Failure, b *batch, lo, hi int, itemErrs *ItemErrors) []Failure {
	seen := make([]bool, hi-lo)
	ignored := 0
	for _, ie := range itemErrs.Errors {
		if ie.Index < 0 || ie.Index >= hi-lo || seen[ie.Index] {
			ignored++
			continue
		}
		seen[ie.Index] = true
		err := ie.Err
		if err == nil {
			err = itemErrs
		}
		i := lo + ie.Index
		failures = append(failures, failure(b, i, err))
	}
	if ignored > 0 {
		e.cfg.Logger.Warn("customerio batch: ignoring item errors that name no item of the batch",
			slog.Int("ignored", ignored), slog.Int("items", hi-lo))
	}
	return failures
}
