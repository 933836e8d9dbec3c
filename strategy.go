package customerio

import "context"

// RetryStrategy wraps every call a client makes: it runs the attempt, looks at its
// error and decides whether, and after how long, to run it again. Package retry
// has the ready strategies (retry.None, retry.Exponential, retry.RetryableHTTP);
// WithRetry installs one.
//
// Each run of attempt sends the same body bytes with a fresh X-Request-Id and its own
// timeout. Do must stop waiting as soon as ctx ends and then return the last error
// or ctx.Err().
type RetryStrategy interface {
	Do(ctx context.Context, call Call, attempt func(context.Context) error) error
}

// Call describes the request a RetryStrategy is asked to run.
type Call struct {
	// Method and Path name the request; Path carries no host, query or credentials.
	Method string
	Path   string
	// Idempotent reports whether repeating the request cannot repeat a side effect:
	// the method is idempotent (GET, PUT, DELETE), or the body carries a
	// de-duplication id Customer.io honours. Transactional sends and broadcast
	// triggers are never idempotent.
	Idempotent bool
}
