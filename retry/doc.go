// Package retry has the strategies that decide whether a failed Customer.io call
// is tried again. Install one on any client with customerio.WithRetry:
//
//	c, err := track.New(siteID, apiKey, customerio.WithRetry(retry.Exponential()))
//
// Every strategy here retries only what customerio.IsRetryable says is worth
// repeating (transport failures, 429, 502, 503, 504); RetryableHTTP's policy can
// narrow that set but not widen it. No strategy ever repeats a request
// that could apply a side effect twice (a transactional send, a broadcast trigger)
// unless the failure proves the request was never acted on (the connection was
// never made, or Customer.io answered 429) or the caller opted in with
// RetryNonIdempotent. Waits end as soon as the caller's context does.
package retry
