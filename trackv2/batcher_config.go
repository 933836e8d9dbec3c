package trackv2

import (
	"errors"
	"strconv"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
)

// Defaults of a BatcherConfig's zero fields.
const (
	// DefaultMaxBatchOps is 0, no cap: Customer.io limits a batch by bytes
	// only, so batches fill up to MaxBatchBytes.
	DefaultMaxBatchOps   = batch.DefaultMaxItems
	DefaultFlushInterval = batch.DefaultFlushInterval
	// DefaultUploaders is where the adaptive number of requests in flight
	// starts.
	DefaultUploaders = batch.DefaultUploaders
	// DefaultMaxInFlight caps the adaptive number of requests in flight.
	DefaultMaxInFlight     = batch.DefaultMaxInFlight
	DefaultMaxQueueBytes   = batch.DefaultMaxQueueBytes
	DefaultMaxRetryElapsed = batch.DefaultMaxRetryElapsed
	DefaultRetryBaseDelay  = batch.DefaultRetryBaseDelay
	DefaultRetryMaxDelay   = batch.DefaultRetryMaxDelay
)

// FullPolicy says what Batcher.Enqueue does when the queue already holds
// BatcherConfig.MaxQueueBytes.
type FullPolicy int

const (
	// Block makes Enqueue wait until sent ops free enough room, or until its
	// context ends (it then returns the context's error). It is the default.
	Block FullPolicy = iota
	// Drop makes Enqueue return ErrQueueFull at once; the op is not taken and
	// the refusal is counted in BatcherStats.Dropped.
	Drop
)

// BatcherConfig tunes a Batcher. Every zero field takes its default; negative
// sizes and durations are refused, except MaxRetryElapsed.
type BatcherConfig struct {
	// MaxBatchOps caps the ops of one request; zero (the default) means no
	// cap, since Customer.io limits a batch by bytes only. A batch is sent as
	// soon as it holds this many.
	MaxBatchOps int
	// MaxBatchBytes caps the body of one request, {"batch":[…]} envelope and
	// commas included (default and maximum customerio.MaxBatchBytes, 500,000
	// bytes, Customer.io's limit). It must leave room for one op of
	// customerio.MaxEntityBytes. A batch is sent as soon as the next op would
	// take it past this size.
	MaxBatchBytes int
	// FlushInterval is the longest an op waits for its batch to fill: a batch
	// is sent this long after its first op was enqueued (default 1 s). A batch
	// of at least an eighth of MaxBatchBytes also leaves early when a request
	// slot would otherwise sit idle.
	FlushInterval time.Duration
	// Uploaders, when set, fixes the number of requests sent at once and turns
	// the adaptive window off. With 1, requests are sent one after another
	// and ops reach Customer.io in the order they were enqueued. Zero (the
	// default) means adaptive; see MaxInFlight.
	Uploaders int
	// MaxInFlight caps the number of requests sent at once (default 32),
	// which adapts to the network: it starts at 2, grows by one each time a
	// batch succeeds while full batches wait, and halves on 408, 429, 5xx and
	// network errors, so that enough requests are in flight to hide the round
	// trip to Customer.io without pressing a struggling server. Over HTTP/2
	// they share one connection. Close sends with MaxInFlight requests at once.
	// It cannot be set together with Uploaders.
	MaxInFlight int

	// MaxQueueBytes bounds the memory of the ops enqueued and not yet
	// delivered or failed, each counted as its JSON size plus a fixed overhead
	// of 64 bytes (default 16 MiB). It must hold at least one full batch.
	MaxQueueBytes int64
	// OnFull says what Enqueue does when MaxQueueBytes is reached (default
	// Block).
	OnFull FullPolicy

	// MaxRetryElapsed bounds how long the Batcher keeps sending a batch again
	// after retryable failures (network errors, a connection reset while the
	// answer was read included, 408, 429 and every 5xx; each attempt already
	// goes through the client's retry strategy), from its first attempt
	// (default 30 s); during Close, retries go on until Close's context
	// deadline if that is later. Negative means never resend a batch.
	MaxRetryElapsed time.Duration
	// RetryBaseDelay and RetryMaxDelay shape the backoff between attempts of a
	// batch: the wait after the n-th failed attempt is drawn at random from
	// [0, min(RetryMaxDelay, RetryBaseDelay·2ⁿ⁻¹)), unless Customer.io sent a
	// Retry-After, which is honoured (defaults 200 ms and 10 s).
	RetryBaseDelay, RetryMaxDelay time.Duration

	// OnFailure receives the ops that will not be delivered, with their exact
	// JSON and why, so that they can be stored and replayed (EnqueueRaw). Each
	// op an Enqueue accepted is either delivered or passed here, once. Calls
	// are never concurrent; the slice and the bytes belong to the callee.
	// OnFailure must not call Flush or Close, and should not block on an
	// Enqueue of the same Batcher (use Drop or a context with a deadline).
	// Nil logs every failure at error level through the client's logger
	// (customerio.WithLogger), or slog.Default() when it has none, and makes
	// Close return an error wrapping ErrUndelivered; failures are counted in
	// BatcherStats.Failed either way.
	OnFailure func(failed []FailedOp)
}

// batcherOp names NewBatcher in validation errors.
const batcherOp = "trackv2.NewBatcher"

// engineConfig returns the engine configuration for cfg, without Send,
// OnFailure and Logger, and the problems of the fields the engine does not
// check itself. A refused field is left to its default in the result, so that
// the engine can still check the others.
func (cfg BatcherConfig) engineConfig() (batch.Config, []customerio.FieldError) {
	ec := batch.Config{
		Op:              batcherOp,
		MaxItems:        cfg.MaxBatchOps,
		MaxBatchBytes:   cfg.MaxBatchBytes,
		EnvelopeBytes:   len(batchOpen) + len(batchClose),
		FlushInterval:   cfg.FlushInterval,
		Uploaders:       cfg.Uploaders,
		MaxInFlight:     cfg.MaxInFlight,
		MaxQueueBytes:   cfg.MaxQueueBytes,
		MaxRetryElapsed: cfg.MaxRetryElapsed,
		RetryBaseDelay:  cfg.RetryBaseDelay,
		RetryMaxDelay:   cfg.RetryMaxDelay,
	}
	var problems []customerio.FieldError
	// Every op Enqueue accepts must fit in a batch alone.
	const smallest = customerio.MaxEntityBytes + len(batchOpen) + len(batchClose)
	if cfg.MaxBatchBytes != 0 && (cfg.MaxBatchBytes < smallest || cfg.MaxBatchBytes > customerio.MaxBatchBytes) {
		problems = append(problems, customerio.FieldError{Field: "MaxBatchBytes",
			Message: "must be between " + strconv.Itoa(smallest) + " and " + strconv.Itoa(customerio.MaxBatchBytes)})
		ec.MaxBatchBytes = 0
	}
	switch cfg.OnFull {
	case Block:
		ec.OnFull = batch.Block
	case Drop:
		ec.OnFull = batch.Drop
	default:
		problems = append(problems, customerio.FieldError{Field: "OnFull", Message: "must be trackv2.Block or trackv2.Drop"})
	}
	return ec, problems
}

// engineFields maps the names the engine gives fields in its validation
// errors to BatcherConfig's, where they differ.
var engineFields = map[string]string{"MaxItems": "MaxBatchOps"}

// configError merges the problems engineConfig found with those of the
// engine's error, named after BatcherConfig's fields; nil when there are none.
func configError(problems []customerio.FieldError, engineErr error) error {
	var ve *customerio.ValidationError
	if errors.As(engineErr, &ve) {
		for _, f := range ve.Fields {
			if name, ok := engineFields[f.Field]; ok {
				f.Field = name
			}
			problems = append(problems, f)
		}
	} else if engineErr != nil {
		return engineErr
	}
	if len(problems) == 0 {
		return nil
	}
	return &customerio.ValidationError{Op: batcherOp, Fields: problems}
}
