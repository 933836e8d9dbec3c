package pipelines

import (
	"errors"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// FullPolicy says what the queueing calls (Client.Identify, Client.Track, …) do
// when the queue already holds its memory bound (WithMaxQueueBytes).
type FullPolicy int

const (
	// Block makes the call wait until sent messages free enough room, or its
	// context ends (the call then returns the context's error). It is the
	// default: a burst slows the caller down rather than losing data.
	Block FullPolicy = iota
	// Drop makes the call return ErrQueueFull at once; the message is not
	// taken, and the refusal is counted in Stats.Dropped.
	Drop
)

// options are the settings only this package reads. They travel inside
// the client settings under optionsKey, so that they are customerio.Option values
// like every other option and can be mixed with them in any order.
type options struct {
	batchSize      int
	flushInterval  time.Duration
	maxQueueBytes  int64
	onFull         FullPolicy
	uploaders      int
	maxInFlight    int
	gzip           bool
	strict         bool
	dryRun         bool
	onFailure      func([]FailedMessage)
	defaultContext Context
	retrySet       bool
	retryElapsed   time.Duration
	retryBase      time.Duration
	retryMax       time.Duration
	errs           []error
}

// optionsKey is the Settings.SetExtra key of this package's options.
type optionsKey struct{}

// update applies change to the options stored in s. The option is marked as
// this package's, under the name of the function that built it, so that another
// package's constructor refuses it.
func update(change func(*options)) customerio.Option {
	name := callerName()
	return func(s *settings.Settings) {
		s.OwnedBy("pipelines", name)
		o, _ := s.Extra(optionsKey{}).(options)
		change(&o)
		s.SetExtra(optionsKey{}, o)
	}
}

// optionsOf returns the options stored in s, and their first errors joined.
func optionsOf(s settings.Settings) (options, error) {
	o, _ := s.Extra(optionsKey{}).(options)
	return o, errors.Join(o.errs...)
}

func (o *options) refuse(option, message string) {
	o.errs = append(o.errs, errors.New("pipelines: "+option+": "+message))
}

// WithBatchSize caps the messages of one /v1/batch request. By default there
// is no cap, as Customer.io limits a batch by bytes only: a batch is sent when
// the next message would take its body past customerio.MaxBatchBytes,
// Customer.io's 500 KB limit, which is never exceeded.
func WithBatchSize(n int) customerio.Option {
	return update(func(o *options) {
		if n < 1 {
			o.refuse("WithBatchSize", "must be at least 1")
			return
		}
		o.batchSize = n
	})
}

// WithFlushInterval is the longest a queued message waits for its batch to fill
// (default 1 s): a batch is sent this long after its oldest message was queued.
func WithFlushInterval(d time.Duration) customerio.Option {
	return update(func(o *options) {
		if d <= 0 {
			o.refuse("WithFlushInterval", "must be positive")
			return
		}
		o.flushInterval = d
	})
}

// WithMaxQueueBytes bounds the memory of the messages queued and not yet
// delivered or failed: their encoded length plus a small per-message overhead
// (default 16 MiB). It must hold at least one full batch (about 500 KB). What
// happens when it is reached is WithOnFull's choice.
func WithMaxQueueBytes(n int64) customerio.Option {
	return update(func(o *options) {
		if n < 1 {
			o.refuse("WithMaxQueueBytes", "must be positive")
			return
		}
		o.maxQueueBytes = n
	})
}

// WithOnFull says what a queueing call does when the queue is full: Block
// (the default) or Drop.
func WithOnFull(p FullPolicy) customerio.Option {
	return update(func(o *options) {
		if p != Block && p != Drop {
			o.refuse("WithOnFull", "must be pipelines.Block or pipelines.Drop")
			return
		}
		o.onFull = p
	})
}

// WithUploaders fixes the number of batch requests in flight at once and
// turns the adaptive window off (see WithMaxInFlight). With 1, batches reach
// Customer.io one after another in the order their messages were queued.
func WithUploaders(n int) customerio.Option {
	return update(func(o *options) {
		if n < 1 {
			o.refuse("WithUploaders", "must be at least 1")
			return
		}
		o.uploaders = n
	})
}

// WithMaxInFlight caps the number of batch requests in flight at once
// (default 32), which adapts to the network: it starts at 2, grows by one each
// time a batch succeeds while full batches wait, and halves on 408, 429, 5xx
// and network errors, so that enough requests are in flight to hide the round
// trip without pressing a struggling server. Over HTTP/2 they share one
// connection. Close sends with n requests at once. It cannot be combined with
// WithUploaders.
func WithMaxInFlight(n int) customerio.Option {
	return update(func(o *options) {
		if n < 1 {
			o.refuse("WithMaxInFlight", "must be at least 1")
			return
		}
		o.maxInFlight = n
	})
}

// WithQueueRetry tunes how the queue retries a batch that failed with a
// retryable error (a transport failure, a connection reset while the answer
// was read included, 408, 429 or any 5xx; every message carries its messageId,
// so a repeat is de-duplicated): waits drawn with full jitter between 0 and
// baseDelay·2ⁿ, capped at maxDelay (or the server's Retry-After, which comes
// first), for at most maxElapsed after the batch's first attempt, or until
// Close's context deadline if that is later; then its messages go to
// WithOnFailure. A negative maxElapsed turns these retries off;
// zero values keep the defaults (30 s, 200 ms, 10 s). The client's own retry
// strategy (customerio.WithRetry) still applies to each request.
func WithQueueRetry(maxElapsed, baseDelay, maxDelay time.Duration) customerio.Option {
	return update(func(o *options) {
		if baseDelay < 0 || maxDelay < 0 {
			o.refuse("WithQueueRetry", "delays must not be negative")
			return
		}
		o.retrySet = true
		o.retryElapsed, o.retryBase, o.retryMax = maxElapsed, baseDelay, maxDelay
	})
}

// WithGzip compresses every request body with gzip and sends it with
// Content-Encoding: gzip. Size limits still apply to the uncompressed JSON.
// Customer.io does not document whether the Data Pipelines API accepts
// compressed bodies, so it is off by default; turn it on for a collector known
// to accept them, or after checking with your workspace.
func WithGzip() customerio.Option {
	return update(func(o *options) { o.gzip = true })
}

// WithStrictMode sends X-Strict-Mode: 1 with every request. Without it, Data
// Pipelines answers 200 even to payloads it drops (too large, invalid); with it
// the API validates each request and answers with an HTTP error, so a refused
// batch is split until the messages at fault are found and reported to
// WithOnFailure, and Send returns a *customerio.APIError.
func WithStrictMode() customerio.Option {
	return update(func(o *options) { o.strict = true })
}

// WithOnFailure receives the queued messages that will not be delivered: those
// Customer.io refused, those whose batch failed for good, and those Close had to
// give up on. Calls are never concurrent; f must not call Flush or Close. Without
// it, failures are logged at error level (customerio.WithLogger's logger, or
// slog.Default() when there is none), counted in Stats.Failed, and Close
// returns an error wrapping ErrUndelivered.
func WithOnFailure(f func([]FailedMessage)) customerio.Option {
	return update(func(o *options) { o.onFailure = f })
}

// WithDryRun makes the client validate and encode every message, and count the
// queued ones as delivered, without ever sending a request: for development and
// tests, where the messages should be checked but must not reach a workspace.
// Send returns nil after validating and encoding its message.
func WithDryRun() customerio.Option {
	return update(func(o *options) { o.dryRun = true })
}

// WithDefaultContext sets the context every message starts from; a message's
// own Context is merged over it key by key (the message wins on each top-level
// key). A plain map[string]any may be passed. context.library is always this
// library's name and version, whatever ctx says. The map is read once, by New.
func WithDefaultContext(ctx Context) customerio.Option {
	return update(func(o *options) { o.defaultContext = ctx })
}
