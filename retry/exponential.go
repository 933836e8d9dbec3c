package retry

import (
	"context"
	"errors"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Exponential returns a strategy that retries with exponential backoff and full
// jitter: the n-th wait is drawn uniformly from [0, min(maxDelay, baseDelay·2ⁿ⁻¹)),
// or is the server's Retry-After when it sent one. It gives up after MaxAttempts,
// when the next wait would outlast the caller's deadline, or at once when the
// caller's context ends.
func Exponential(opts ...Option) customerio.RetryStrategy {
	return &exponential{cfg: newConfig(opts)}
}

type exponential struct{ cfg config }

func (e *exponential) Do(ctx context.Context, call customerio.Call, attempt func(context.Context) error) error {
	return loop(ctx, call, e.cfg, attempt, func(n int, err error) time.Duration {
		if d := retryAfter(err); d > 0 {
			return d
		}
		ceiling := e.cfg.baseDelay << (n - 1)
		if ceiling <= 0 || ceiling > e.cfg.maxDelay {
			ceiling = e.cfg.maxDelay
		}
		return time.Duration(e.cfg.random() * float64(ceiling))
	})
}

// loop runs attempt until it succeeds or may not be repeated, waiting
// wait(n, err) after the n-th failure.
func loop(ctx context.Context, call customerio.Call, cfg config, attempt func(context.Context) error, wait func(n int, err error) time.Duration) error {
	for n := 1; ; n++ {
		err := attempt(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || n >= cfg.maxAttempts || !mayRepeat(call, err, cfg.nonIdempotent) {
			return err
		}
		d := wait(n, err)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
			return err
		}
		if !sleep(ctx, d) {
			return err
		}
	}
}

func retryAfter(err error) time.Duration {
	var apiErr *customerio.APIError
	if errors.As(err, &apiErr) {
		return apiErr.RetryAfter
	}
	return 0
}

// sleep waits d or until ctx ends, reporting whether the full wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
