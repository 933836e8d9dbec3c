package pipelines

import (
	"errors"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// options are the settings only this package reads. They travel inside
// the client settings under optionsKey, so that they are customerio.Option values
// like every other option and can be mixed with them in any order.
type options struct {
	queue          customerio.QueueConfig
	gzip           bool
	strict         bool
	dryRun         bool
	defaultContext Context
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

// WithQueue tunes the client's queue: how the messages of Identify, Track,
// Page, Screen, Group and Alias are gathered into /v1/batch requests, how many
// requests are in flight, how much memory the queue may hold and what a
// queueing call does when it is full, how a failed batch is retried, and who
// hears of the messages that will not be delivered. The fields mean what they
// mean for trackv2.NewBatcher; every zero field takes its default, so
// WithQueue(customerio.QueueConfig{}) changes nothing. An invalid field is a
// *customerio.ValidationError from New naming it (as "QueueConfig.<field>").
// When WithQueue is given more than once, the last one wins whole.
//
// Each message carries its messageId, so a batch sent again after a retryable
// failure is de-duplicated by Customer.io. MaxBatchBytes must leave room for
// one message of customerio.MaxEntityBytes with the batch envelope, and may
// not exceed customerio.MaxBatchBytes. The client's own retry strategy
// (customerio.WithRetry) still applies to each request.
func WithQueue(cfg customerio.QueueConfig) customerio.Option {
	return update(func(o *options) { o.queue = cfg })
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
// QueueConfig.OnFailure, and Send returns a *customerio.APIError.
func WithStrictMode() customerio.Option {
	return update(func(o *options) { o.strict = true })
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
