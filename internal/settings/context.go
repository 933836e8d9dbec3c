package settings

// Context keys under which the root package's per-call helpers store their values
// for the transport: ResponseKey holds a *customerio.Response to fill in,
// AttemptTimeoutKey a time.Duration that replaces the client's per-attempt
// timeout for that call.
type (
	ResponseKey       struct{}
	AttemptTimeoutKey struct{}
)
