package retry

import (
	"math/rand/v2"
	"time"
)

// Defaults of the ready strategies.
const (
	DefaultMaxAttempts = 4
	DefaultBaseDelay   = 200 * time.Millisecond
	DefaultMaxDelay    = 10 * time.Second
)

// Option tunes Exponential and RetryableHTTP.
type Option func(*config)

type config struct {
	maxAttempts   int
	baseDelay     time.Duration
	maxDelay      time.Duration
	random        func() float64
	nonIdempotent bool
}

func newConfig(opts []Option) config {
	c := config{
		maxAttempts: DefaultMaxAttempts,
		baseDelay:   DefaultBaseDelay,
		maxDelay:    DefaultMaxDelay,
		random:      rand.Float64,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// MaxAttempts caps the attempts of one call, the first included. Values below 1
// keep the default.
func MaxAttempts(n int) Option {
	return func(c *config) {
		if n >= 1 {
			c.maxAttempts = n
		}
	}
}

// Delays sets the backoff: the n-th wait is drawn from [0, min(max, base·2ⁿ⁻¹)).
// Non-positive values keep the defaults; max is raised to base if smaller.
func Delays(base, max time.Duration) Option {
	return func(c *config) {
		if base > 0 {
			c.baseDelay = base
		}
		if max > 0 {
			c.maxDelay = max
		}
		if c.maxDelay < c.baseDelay {
			c.maxDelay = c.baseDelay
		}
	}
}

// Random replaces the source of jitter, a function returning values in [0, 1),
// so tests can pin the waits. Nil keeps math/rand/v2.
func Random(f func() float64) Option {
	return func(c *config) {
		if f != nil {
			c.random = f
		}
	}
}

// RetryNonIdempotent lets the strategy repeat requests that are not safe to repeat,
// such as transactional sends and broadcast triggers, after a retryable failure.
// A 502, 503 or 504 may come after Customer.io acted on the request, so a repeat
// can send a message twice: opt in only where that is acceptable.
func RetryNonIdempotent() Option {
	return func(c *config) { c.nonIdempotent = true }
}
