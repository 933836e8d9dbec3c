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
// A batch leaves the queue when it holds [Config.MaxItems] items, when the next
// item would push its body past [Config.MaxBatchBytes], when
// [Config.FlushInterval] has passed since its oldest item arrived, or on
// [Engine.Flush] and [Engine.Close]. What Send returns decides each item's fate:
//
//   - nil: every item was accepted.
//   - an error wrapping *[ItemErrors] (HTTP 207): the listed items were refused and
//     reported, every other item was accepted.
//   - an error customerio.IsRetryable accepts (transport failure, 429, 502, 503,
//     504): the whole batch is sent again after an exponential backoff with full
//     jitter, or after the server's Retry-After, until [Config.MaxRetryElapsed]
//     has passed since its first attempt; then every item fails with the last error.
//   - an error [Config.SplitOn] accepts (by default HTTP 400, where Customer.io
//     rejects the whole request for one bad item, and 413): the batch is split in
//     halves, each sent on its own, down to single items, so the good items still
//     land and only the bad ones fail.
//   - any other error: every item of the batch fails with it.
//
// Nothing is dropped silently. Items that fail reach [Config.OnFailure] with their
// sequence number and bytes, so they can be stored and replayed. Memory is
// bounded by [Config.MaxQueueBytes]; when it is full, Enqueue waits for room or
// returns [ErrQueueFull], as [Config.OnFull] says. Close gives the queue until its
// context ends to drain, then reports every item still unsent.
package batch
