// Package batch is the background queue engine behind trackv2.Batcher and the
// Data Pipelines client: callers hand it items already encoded as JSON, and it
// sends them to Customer.io in batches from a few uploader goroutines, giving
// every item exactly one outcome.
//
// The engine knows nothing about the API it feeds. An item is opaque bytes; a
// batch is sent by calling [Config.Send] with the items in enqueue order, and the
// caller's Send builds the request body (for Track v2, {"batch":[item,item,…]})
// and posts it through its client. Customer.io caps a batch body at 500,000
// bytes, so the engine counts the exact body size of every batch from
// [Config.EnvelopeBytes], the items and one comma between consecutive items.
//
// A batch leaves the queue when the next item would push its body past
// [Config.MaxBatchBytes] (batches fill by bytes: Customer.io caps neither Track
// v2 nor Data Pipelines batches by count, so [Config.MaxItems] is unset by
// default), when it holds MaxItems items if that is set, when it holds an
// eighth of MaxBatchBytes and an uploader of the adaptive window would
// otherwise sit idle, when
// [Config.FlushInterval] has passed since its oldest item arrived, or on
// [Engine.Flush] and [Engine.Close].
//
// Up to [Config.MaxInFlight] batches are sent at once (32 by default); how
// many is an adaptive window, so that enough requests are in flight to hide
// the round trip to Customer.io without pressing a struggling server. It
// starts at 8, grows by one each time a batch succeeds while sealed batches
// wait for an uploader, and halves (to no less than 1) when a batch fails with
// 408, 429, 5xx or a transport error, once per flight of requests. Close sends
// with MaxInFlight at once, whatever the window. [Config.Uploaders] fixes the
// number instead.
//
// What Send returns decides each item's fate. Every item the engine carries
// has a de-duplication id (Track v2 event ids, Data Pipelines messageId), so
// a batch that may have been applied is safe to send again, and the engine
// retries far more than customerio.IsRetryable, which stays narrow for
// single calls:
//
//   - nil: every item was accepted.
//   - an error wrapping *[ItemErrors] (HTTP 207): the listed items were refused and
//     reported, every other item was accepted.
//   - HTTP 408, 429 or any 5xx, or a *customerio.TransportError (no answer,
//     or a connection reset while the answer was read): the whole batch is
//     sent again after the server's Retry-After, or else an exponential
//     backoff with full jitter, until [Config.MaxRetryElapsed] has passed
//     since its first attempt (or, once Close has begun, until Close's
//     deadline if that is later, so that an outage shorter than Close's
//     context loses nothing); then every item fails with the last error.
//   - HTTP 401 or 403: every item fails at once, neither retried nor split;
//     no request with these credentials can succeed.
//   - an error [Config.SplitOn] accepts (by default HTTP 400, where Customer.io
//     rejects the whole request for one bad item, and 413): the batch is split in
//     halves, each sent on its own, down to single items, so the good items still
//     land and only the bad ones fail.
//   - any other error (other 4xx included): every item of the batch fails with it.
//
// Nothing is dropped silently. Items that fail reach [Config.OnFailure] with their
// sequence number and bytes, so they can be stored and replayed. Without an
// OnFailure, every failure is logged at error level (through [Config.Logger],
// or slog.Default() when it is nil) and Close returns an error wrapping
// [ErrUndelivered] with the number of failed items and the first cause.
// Memory is bounded by [Config.MaxQueueBytes]; when it is full, Enqueue waits
// for room or returns [ErrQueueFull], as [Config.OnFull] says. Close gives the
// queue until its context ends to drain, then reports every item still unsent.
package batch
