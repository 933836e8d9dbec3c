package customerio

import (
	"errors"
	"time"
)

// QueueConfig tunes the background queue of trackv2.Batcher and of the
// pipelines client: both fill batches by bytes, keep enough requests in flight
// to hide the round trip to Customer.io, retry what is safe to retry, and give
// every accepted item exactly one outcome. Every zero field takes its default;
// negative sizes and durations are refused by the constructor, except
// MaxRetryElapsed.
type QueueConfig struct {
	// MaxBatchItems caps the items of one request; zero (the default) means no
	// cap, since Customer.io limits a batch by bytes only.
	MaxBatchItems int
	// MaxBatchBytes caps the body of one request, envelope included (default and
	// maximum MaxBatchBytes, 500,000 bytes, Customer.io's limit).
	MaxBatchBytes int
	// FlushInterval is the longest an item waits for its batch to fill
	// (default 1 s). A batch of at least an eighth of MaxBatchBytes also leaves
	// early when a request slot would otherwise sit idle.
	FlushInterval time.Duration
	// MaxInFlight caps the requests sent at once (default 32). The number in
	// flight adapts to the network: it starts at 8, grows by one each time a
	// batch succeeds while full batches wait, and halves on 408, 429, 5xx and
	// network errors. Over HTTP/2 the requests share one connection. Close sends
	// with MaxInFlight requests at once.
	MaxInFlight int
	// Uploaders, when set, fixes the number of requests sent at once and turns
	// the adaptive window off; with 1, items reach Customer.io in the order they
	// were enqueued. It cannot be set together with MaxInFlight.
	Uploaders int

	// MaxQueueBytes bounds the memory of the items accepted and not yet
	// delivered or failed, each counted as its JSON size plus 64 bytes
	// (default 16 MiB). It must hold at least one full batch.
	MaxQueueBytes int64
	// OnFull says what Enqueue does when MaxQueueBytes is reached (default
	// Block).
	OnFull FullPolicy

	// MaxRetryElapsed bounds how long a batch is sent again after retryable
	// failures (network errors, a reset while the answer was read, 408, 429 and
	// every 5xx), from its first attempt (default 30 s); during Close, retries
	// go on until Close's context deadline if that is later. Negative means
	// never resend a batch. 400 and 413 split the batch in halves; 401, 403 and
	// other 4xx fail it at once.
	MaxRetryElapsed time.Duration
	// RetryBaseDelay and RetryMaxDelay shape the backoff between attempts: the
	// wait after the n-th failed attempt is drawn from
	// [0, min(RetryMaxDelay, RetryBaseDelay·2ⁿ⁻¹)), unless Customer.io sent a
	// Retry-After, which is honoured (defaults 200 ms and 10 s).
	RetryBaseDelay, RetryMaxDelay time.Duration

	// OnFailure receives the items that will not be delivered, with their exact
	// JSON and why, so that they can be stored and replayed. Calls are never
	// concurrent; the slice and the bytes belong to the callee. It must not call
	// Flush or Close. Nil logs every failure at error level (through the
	// client's logger, or slog.Default() when it has none) and makes Close
	// return an error wrapping ErrUndelivered.
	OnFailure func(failed []Failure)

	// SpoolDir, when set, keeps every accepted item in an on-disk spool in this
	// directory until it has its outcome, so that a process killed with items
	// queued (a deploy, an OOM kill, a crash) loses none: the next queue
	// opened on the directory delivers them first, with their original
	// de-duplication ids, so a batch that was sent but not yet recorded as
	// delivered is repeated and Customer.io drops the repeat. Enqueue then
	// returns nil only once the item is on disk (see SpoolSync). The directory
	// is created if needed, must be on a local disk that survives restarts,
	// and may be used by one queue at a time: another live process (or queue)
	// holding it is refused with an error wrapping ErrSpoolLocked. Items left
	// by an earlier process are counted as enqueued and sent before any new
	// one, even beyond MaxQueueBytes; a damaged record is skipped, logged and,
	// when its bytes are readable, passed to OnFailure with an error wrapping
	// ErrSpoolCorrupt. An item leaves the spool once delivered, or once
	// OnFailure (or the failure log) has taken it; a Close whose context ends
	// leaves the items it could not deliver in the spool for the next queue,
	// counted in QueueStats.Spooled, instead of failing them. Supported on unix systems;
	// empty (the default) keeps the queue in memory only.
	SpoolDir string
	// MaxSpoolBytes bounds the disk the spool uses, records of delivered items
	// not yet reclaimed included (default four times MaxQueueBytes; at least
	// eight times MaxBatchBytes). When it is reached, Enqueue waits or returns
	// ErrQueueFull, as OnFull says. It requires SpoolDir.
	MaxSpoolBytes int64
	// SpoolSync says when an item counts as on disk (default SpoolGroupCommit).
	// It requires SpoolDir.
	SpoolSync SpoolSync
}

// SpoolSync says how the spool makes items durable before Enqueue returns.
type SpoolSync int

const (
	// SpoolGroupCommit writes the items enqueued within a window of 2 ms
	// together and makes them durable with one fsync, after which each of
	// their Enqueue calls returns: an Enqueue waits up to 2 ms plus one fsync,
	// and concurrent callers share the cost, so throughput stays high. It is
	// the default.
	SpoolGroupCommit SpoolSync = iota
	// SpoolSyncEveryItem writes and fsyncs each item on its own before its
	// Enqueue returns: no wait for a window, but one fsync per item, taken one
	// at a time, which bounds throughput by the disk's fsync rate.
	SpoolSyncEveryItem
)

// FullPolicy says what Enqueue does when the queue holds MaxQueueBytes already.
type FullPolicy int

const (
	// Block makes Enqueue wait until delivered or failed items free enough
	// room, or its context ends. It is the default.
	Block FullPolicy = iota
	// Drop makes Enqueue return ErrQueueFull at once; the refusal is counted
	// in QueueStats.Dropped.
	Drop
)

// Failure is an item a background queue will not deliver: Customer.io refused
// it, its batch failed for good, or Close gave up on it.
type Failure struct {
	// Seq is the item's enqueue sequence number: 0 for the first item the
	// queue accepted, then one more for each.
	Seq uint64
	// Data is the item's JSON exactly as it was queued, its de-duplication id
	// included, so it can be stored and sent again.
	Data []byte
	// Err says why.
	Err error
}

// QueueStats is a snapshot of a background queue's counters. At any snapshot
// Enqueued == Delivered + Failed + Spooled + Queued; after Close, Queued is 0.
type QueueStats struct {
	// Enqueued counts the items accepted.
	Enqueued int64
	// Delivered counts the items Customer.io accepted.
	Delivered int64
	// Failed counts the items passed to OnFailure (or logged without one).
	Failed int64
	// Dropped counts the Enqueue calls refused with ErrQueueFull.
	Dropped int64
	// Spooled counts the items a Close whose context ended left in the spool
	// (SpoolDir) for the next process to deliver, rather than failing them.
	Spooled int64

	// BatchesSent counts batch requests: first attempts, retries and the halves
	// of split batches alike.
	BatchesSent int64
	// Retried counts the requests that repeated a batch after a retryable
	// failure; they are included in BatchesSent.
	Retried int64
	// Splits counts the batches split in halves after Customer.io refused the
	// whole request (400 or 413).
	Splits int64

	// Queued is the number of items accepted and still without an outcome:
	// waiting, being sent or waiting to be retried.
	Queued int64
	// QueuedBytes is the memory they count against MaxQueueBytes.
	QueuedBytes int64
	// InFlight is the part of Queued being sent or waiting to be retried.
	InFlight int64
}

// Errors of the background queues.
var (
	// ErrQueueFull is returned by Enqueue under the Drop policy when the queue
	// holds MaxQueueBytes already. The item was not taken.
	ErrQueueFull = errors.New("customerio: queue full")
	// ErrClosed is returned by Enqueue once Close has begun. Items that Close
	// had to give up on are reported with an error wrapping it.
	ErrClosed = errors.New("customerio: queue closed")
	// ErrUndelivered is matched (errors.Is) by the error Close returns when
	// there is no OnFailure and some of the items accepted were not delivered.
	// Such failures are also logged at error level, so they are never
	// invisible; with an OnFailure, the callback is the report and Close does
	// not return this error.
	ErrUndelivered = errors.New("customerio: accepted items were not delivered")
	// ErrSpoolLocked is matched by the error of a constructor whose
	// QueueConfig.SpoolDir is held by another live queue, in this process or
	// another one.
	ErrSpoolLocked = errors.New("customerio: spool directory is in use")
	// ErrSpoolCorrupt is matched by the error of a failure reported for a
	// spool record whose checksum did not match when the spool was opened:
	// its Data are the bytes as read, which may be damaged.
	ErrSpoolCorrupt = errors.New("customerio: damaged spool record")
)
