package app

// CallOption changes how one call that creates or changes something in the
// workspace is sent. The methods that take one say so.
type CallOption struct{ repeat bool }

// AllowRepeat lets the client's retry strategy send this one call again after
// any retryable failure (a 5xx, a timeout, a dropped connection), although
// Customer.io may have acted on the attempt that failed: pass it where a
// duplicate (a second export, a second publish of the same content) is better
// than a failed call. Without it such a call is repeated only when the failure
// proves Customer.io never acted on it (a 429, a refused connection), or when
// the strategy itself is built with retry.RetryNonIdempotent.
func AllowRepeat() CallOption { return CallOption{repeat: true} }

// repeatable reports whether opts allow the call to be repeated.
func repeatable(opts []CallOption) bool {
	for _, o := range opts {
		if o.repeat {
			return true
		}
	}
	return false
}
