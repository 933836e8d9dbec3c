package batch

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/spool"
)

// Defaults applied to the zero fields of a Config.
const (
	// DefaultMaxItems is no cap: Customer.io limits a batch by bytes only, so
	// batches fill up to MaxBatchBytes.
	DefaultMaxItems      = 0
	DefaultMaxBatchBytes = customerio.MaxBatchBytes
	DefaultFlushInterval = time.Second
	// InitialWindow is the number of Sends at once the adaptive window starts
	// from; it grows towards MaxInFlight as batches succeed. Eight batches in
	// flight from the first round trip keep a client 20 to 100 ms from
	// Customer.io from spending its first rounds ramping up, and a 429 or 5xx
	// halves it at once.
	InitialWindow = 8
	// DefaultMaxInFlight caps the adaptive window: enough requests at once to
	// hide a 100 ms round trip at full batch size, few enough to share one
	// HTTP/2 connection politely.
	DefaultMaxInFlight     = 32
	DefaultMaxQueueBytes   = 16 << 20
	DefaultMaxRetryElapsed = 30 * time.Second
	DefaultRetryBaseDelay  = 200 * time.Millisecond
	DefaultRetryMaxDelay   = 10 * time.Second
)

// ItemOverhead is the memory the engine counts for each queued item on top of its
// length: the slice header and sequence number it keeps, with some slack for the
// batch slices' spare capacity.
const ItemOverhead = 64

// FullPolicy is customerio.FullPolicy: what Enqueue does when the queue holds
// MaxQueueBytes already.
type FullPolicy = customerio.FullPolicy

const (
	// Block makes Enqueue wait until delivered or failed items free enough room,
	// or its context ends. It is the default.
	Block = customerio.Block
	// Drop makes Enqueue return ErrQueueFull at once; the refusal is counted in
	// Stats.Dropped.
	Drop = customerio.Drop
)

// Config tunes an Engine. Zero fields take the defaults above; negative sizes and
// durations are refused by New, except MaxRetryElapsed.
type Config struct {
	// Op names the public constructor in New's validation errors, such as
	// "trackv2.NewBatcher"; empty means "batch.New".
	Op string

	// MaxItems caps the items of one batch; zero means no cap (the default):
	// batches fill by bytes up to MaxBatchBytes.
	MaxItems int
	// MaxBatchBytes caps the request body of one batch, envelope included
	// (default 500,000, Customer.io's limit).
	MaxBatchBytes int
	// EnvelopeBytes is the fixed part of the body Send builds around the items,
	// such as len(`{"batch":[`)+len(`]}`) = 12 for Track v2. A batch's body is
	// EnvelopeBytes + the items' lengths + one comma between consecutive items.
	EnvelopeBytes int
	// FlushInterval is the longest an item waits for its batch to fill: the
	// batch is sent this long after its oldest item arrived (default 1 s).
	FlushInterval time.Duration
	// Uploaders, when set, fixes the number of batches sent at once and turns
	// the adaptive window off. With 1, batches are sent one after another in
	// enqueue order. Zero (the default) means adaptive: see MaxInFlight.
	Uploaders int
	// MaxInFlight caps the adaptive number of Sends at once (default 32). The
	// window starts at InitialWindow, grows by one each time a batch
	// succeeds while sealed batches wait for an uploader, and halves (at
	// least 1) on a failure worth retrying: 408, 429, 5xx, transport errors.
	// Close sends with MaxInFlight at once whatever the window. It cannot be
	// set together with Uploaders.
	MaxInFlight int

	// MaxQueueBytes bounds the memory of every item accepted and not yet given
	// an outcome (queued, being sent, waiting to be retried), each counted as its
	// length plus ItemOverhead (default 16 MiB). It must hold at least one item
	// of the largest size a batch accepts.
	MaxQueueBytes int64
	// OnFull says what Enqueue does when MaxQueueBytes is reached (default Block).
	OnFull FullPolicy

	// MaxRetryElapsed bounds how long a batch is retried after retryable
	// failures, from its first attempt (default 30 s); a retry whose wait would
	// end later is not made. Negative means never retry.
	MaxRetryElapsed time.Duration
	// RetryBaseDelay and RetryMaxDelay shape the backoff: the wait after the
	// n-th failed attempt is drawn from [0, min(RetryMaxDelay, RetryBaseDelay·2ⁿ⁻¹)),
	// unless Customer.io sent a Retry-After (defaults 200 ms and 10 s).
	RetryBaseDelay, RetryMaxDelay time.Duration
	// Random returns values in [0, 1) for the jitter; it is called from several
	// uploaders at once. Nil means math/rand/v2.
	Random func() float64

	// Send posts one batch and is required. It is called from the uploader
	// goroutines, up to MaxInFlight (or Uploaders) calls at a time, with the
	// items in enqueue order.
	// items is valid only during the call: Send must not keep or modify it or
	// the bytes it holds. Send must return soon after ctx ends; ctx ends when
	// Close gives up waiting. See the package documentation for how its error
	// is read.
	Send func(ctx context.Context, items [][]byte) error
	// SplitOn reports whether an error of Send means the request as a whole was
	// refused for something in it, so that each half of the batch should be sent
	// on its own. Nil means an *customerio.APIError with status 400 (Customer.io
	// rejects a whole batch for one bad item) or 413 (the body was too large after
	// all). It is asked only about errors the engine will not retry.
	SplitOn func(error) bool

	// OnFailure receives the items that failed for good. Calls are never
	// concurrent and are made without holding the engine's lock; each Failure
	// belongs to the callee. It must not call Flush or Close, and an Enqueue
	// from it should not block (use Drop or a context with a deadline). Nil
	// logs every failure at error level, through Logger or slog.Default() when
	// Logger is nil, and makes Close return an error wrapping ErrUndelivered;
	// failures are counted in Stats either way.
	OnFailure func(failed []Failure)
	// SpoolDir, when set, keeps every accepted item on disk in this directory
	// until it has its outcome, and New first queues what an earlier engine
	// left there; see customerio.QueueConfig.SpoolDir. Empty keeps items in
	// memory only.
	SpoolDir string
	// MaxSpoolBytes bounds the spool's disk (default DefaultSpoolFactor times
	// MaxQueueBytes, at least 8 times MaxBatchBytes); it requires SpoolDir.
	MaxSpoolBytes int64
	// SpoolSync says when an item counts as on disk: after a group commit
	// (the default) or its own fsync. It requires SpoolDir.
	SpoolSync customerio.SpoolSync

	// Logger receives counts, statuses and errors, never item bytes; nil keeps
	// the debug and warning records silent (failures without OnFailure still
	// go to slog.Default()).
	Logger *slog.Logger
}

// withDefaults returns c with its zero fields filled in and checks the result.
func (c Config) withDefaults() (Config, error) {
	if c.Op == "" {
		c.Op = "batch.New"
	}
	ve := &customerio.ValidationError{Op: c.Op}
	bad := func(field, msg string) {
		ve.Fields = append(ve.Fields, customerio.FieldError{Field: field, Message: msg})
	}
	if c.MaxItems < 0 {
		bad("MaxItems", "must not be negative")
	}
	defaultInt(&c.MaxBatchBytes, DefaultMaxBatchBytes, "MaxBatchBytes", bad)
	if c.Uploaders < 0 {
		bad("Uploaders", "must not be negative")
	}
	if c.MaxInFlight < 0 {
		bad("MaxInFlight", "must not be negative")
	} else if c.MaxInFlight > 0 && c.Uploaders > 0 {
		bad("MaxInFlight", "cannot be set together with Uploaders")
	}
	defaultInt(&c.MaxQueueBytes, DefaultMaxQueueBytes, "MaxQueueBytes", bad)
	defaultInt(&c.FlushInterval, DefaultFlushInterval, "FlushInterval", bad)
	defaultInt(&c.RetryBaseDelay, DefaultRetryBaseDelay, "RetryBaseDelay", bad)
	defaultInt(&c.RetryMaxDelay, DefaultRetryMaxDelay, "RetryMaxDelay", bad)
	if c.MaxRetryElapsed == 0 {
		c.MaxRetryElapsed = DefaultMaxRetryElapsed
	}
	switch {
	case c.EnvelopeBytes < 0:
		bad("EnvelopeBytes", "must not be negative")
	case c.MaxBatchBytes < 0 || c.MaxQueueBytes < 0:
		// Already refused; the checks below would only repeat it.
	case c.EnvelopeBytes >= c.MaxBatchBytes:
		bad("EnvelopeBytes", "must be smaller than MaxBatchBytes ("+strconv.Itoa(c.MaxBatchBytes)+")")
	case c.MaxQueueBytes < int64(c.MaxBatchBytes-c.EnvelopeBytes)+ItemOverhead:
		need := int64(c.MaxBatchBytes-c.EnvelopeBytes) + ItemOverhead
		bad("MaxQueueBytes", "must hold at least one largest item: "+strconv.FormatInt(need, 10)+" bytes")
	}
	if c.RetryMaxDelay < c.RetryBaseDelay {
		bad("RetryMaxDelay", "must not be smaller than RetryBaseDelay")
	}
	if c.OnFull != Block && c.OnFull != Drop {
		bad("OnFull", "must be customerio.Block or customerio.Drop")
	}
	if c.Send == nil {
		bad("Send", "is required")
	}
	c.checkSpool(bad)
	if len(ve.Fields) > 0 {
		return c, ve
	}
	if c.MaxItems == 0 {
		c.MaxItems = math.MaxInt
	}
	if c.Random == nil {
		c.Random = rand.Float64
	}
	if c.SplitOn == nil {
		c.SplitOn = splitOnRejectedRequest
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// checkSpool checks the spool fields and fills in MaxSpoolBytes. Called from
// withDefaults after MaxBatchBytes and MaxQueueBytes have their defaults.
func (c *Config) checkSpool(bad func(field, msg string)) {
	if c.SpoolSync != customerio.SpoolGroupCommit && c.SpoolSync != customerio.SpoolSyncEveryItem {
		bad("SpoolSync", "must be customerio.SpoolGroupCommit or customerio.SpoolSyncEveryItem")
	}
	if c.SpoolDir == "" {
		if c.MaxSpoolBytes != 0 {
			bad("MaxSpoolBytes", "requires SpoolDir")
		}
		if c.SpoolSync != customerio.SpoolGroupCommit {
			bad("SpoolSync", "requires SpoolDir")
		}
		return
	}
	if !spool.Supported {
		bad("SpoolDir", "is supported on unix systems only")
	}
	least := 8 * int64(c.MaxBatchBytes)
	switch {
	case c.MaxSpoolBytes < 0:
		bad("MaxSpoolBytes", "must not be negative")
	case c.MaxSpoolBytes == 0:
		c.MaxSpoolBytes = max(DefaultSpoolFactor*c.MaxQueueBytes, least)
	case c.MaxSpoolBytes < least:
		bad("MaxSpoolBytes", "must be at least 8 times MaxBatchBytes: "+strconv.FormatInt(least, 10)+" bytes")
	}
}

// defaultInt sets a zero *v to def and refuses a negative one.
func defaultInt[T int | int64 | time.Duration](v *T, def T, field string, bad func(field, msg string)) {
	switch {
	case *v == 0:
		*v = def
	case *v < 0:
		bad(field, "must not be negative")
	}
}

// splitOnRejectedRequest is the default SplitOn: Customer.io refuses a whole
// Track v2 batch with 400 when one item is malformed, and a 413 means the body
// was larger than the server takes after all; both are worth halving.
func splitOnRejectedRequest(err error) bool {
	var apiErr *customerio.APIError
	return errors.As(err, &apiErr) &&
		(apiErr.StatusCode == http.StatusBadRequest || apiErr.StatusCode == http.StatusRequestEntityTooLarge)
}
