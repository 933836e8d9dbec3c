// Package customerio is a Go client for Customer.io: the Track API (v1 and v2), the
// App API, the Data Pipelines API and reporting webhooks.
//
// This root package holds what every client shares: regions (RegionUS, RegionEU),
// options (WithRegion, WithBaseURL, WithHTTPClient, WithMiddleware, WithRetry,
// WithUserAgent, WithLogger, WithTimeout), per-call context helpers
// (WithResponse, WithAttemptTimeout) and errors (*APIError with the ErrUnauthorized,
// ErrForbidden, ErrNotFound, ErrRateLimited and ErrServerError sentinels,
// *TransportError, *ValidationError, IsRetryable). The clients live in their own
// packages:
//
//   - track: Track API v1, every endpoint (identify, events, devices, segments, …).
//   - trackv2: Track API v2 entity operations, batches with per-item errors, and a
//     background Batcher that never drops an event silently.
//   - app: App API (transactional sends, customers, segments, broadcasts).
//   - pipelines: Data Pipelines (Segment-spec) client on the same batch engine.
//   - webhook: signature checks and HTTP middleware for reporting webhooks.
//   - retry: retry strategies (None, Exponential, RetryableHTTP).
//   - customeriotest: an in-memory fake Customer.io for your own tests.
//
// Every call takes a context first and goes through one request path over one
// shared HTTP/2 transport. Bad input is a *ValidationError before any I/O, and no
// API key ever appears in an error, a log record or a formatted client.
//
// What concerns a single call rather than the client travels in that call's
// context, so that every method keeps one signature: WithResponse captures the
// final status, headers and request id, and WithAttemptTimeout replaces the
// client's per-attempt timeout for that call.
package customerio
