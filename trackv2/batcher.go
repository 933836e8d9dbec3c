package trackv2

import (
	"bytes"
	"context"
	"encoding/json"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Batcher sends ops to POST /api/v2/batch
// (https://docs.customer.io/api/track/#operation/batch) in the background, so
// that a service can record people and events on its request path without
// waiting for Customer.io. Enqueue validates and encodes an op at once, on the
// caller's goroutine, and queues its bytes; uploader goroutines send them in
// batches filled up to MaxBatchBytes (Customer.io's 500,000-byte limit), or
// whatever has arrived after FlushInterval, with as many requests in flight
// as the round trip needs (up to MaxInFlight, adapting to the server's
// answers).
//
// Every op Enqueue accepts gets exactly one outcome: Customer.io accepted it,
// or it is passed to customerio.QueueConfig.OnFailure as a customerio.Failure
// with its JSON and the reason (a *RejectedError for an op Customer.io
// rejected in a 207 answer; the batch's *customerio.APIError or
// *customerio.TransportError when the request failed; an error wrapping
// customerio.ErrClosed when Close gave up).
// Nothing is dropped silently. What each answer does to a batch:
//   - 200: every op is delivered.
//   - 207: an op Customer.io rejects is reported alone, with its reason
//     (*RejectedError), while the rest of its batch is delivered.
//   - 400 and 413: the batch is split in halves, sent again, down to single
//     ops, so that only the bad ops fail.
//   - 408, 429, every 5xx, and network failures (no answer, or a connection
//     reset while the answer was read): the batch is sent again with backoff,
//     after the server's Retry-After when it sent one, until
//     MaxRetryElapsed. Resending is safe: every event carries its
//     de-duplication id, and the other actions change nothing when applied
//     twice.
//   - 401 and 403: every op of the batch fails at once, neither retried nor
//     split, since no request with these credentials can succeed.
//   - any other status: every op of the batch fails.
//   - on Close, ops that could not be delivered before its context ended are
//     reported with an error wrapping customerio.ErrClosed.
//
// Failures go to OnFailure; without one, each is logged at error level
// (through customerio.WithLogger's logger, or slog.Default()) and Close
// returns an error wrapping customerio.ErrUndelivered. A Failure's Seq is the
// op's enqueue sequence number (EnqueueRaw included), and its Data can be
// stored and replayed with EnqueueRaw.
//
// Memory is bounded by MaxQueueBytes; when it is full, Enqueue waits or
// returns customerio.ErrQueueFull, as OnFull says. Close must be called to deliver what is
// queued and stop the goroutines. A Batcher is safe for concurrent use.
type Batcher struct {
	client *Client
	engine *batch.Engine
}

// batcherOp names NewBatcher in validation errors.
const batcherOp = "trackv2.NewBatcher"

// NewBatcher starts a Batcher that sends through c: its credentials, base URL,
// HTTP client, retry strategy and logger. cfg's zero fields take their
// defaults (see customerio.QueueConfig); MaxBatchBytes, when set, must also
// leave room for one op of customerio.MaxEntityBytes in its {"batch":[…]}
// envelope. Each attempt of a batch already goes through the client's retry
// strategy; MaxRetryElapsed bounds the Batcher's own resending on top. An
// invalid cfg is a *customerio.ValidationError naming each bad field.
func NewBatcher(c *Client, cfg customerio.QueueConfig) (*Batcher, error) {
	if c == nil {
		return nil, validate.Field(batcherOp, "client", "is required")
	}
	b := &Batcher{client: c}
	engine, err := batch.NewQueue(batcherOp, "", cfg, len(batchOpen)+len(batchClose), b.send, c.logger)
	if err != nil {
		return nil, err
	}
	b.engine = engine
	return b, nil
}

// enqueueOp names Enqueue in validation errors.
const enqueueOp = "trackv2.Batcher.Enqueue"

// Enqueue validates op and encodes it, exactly as Client.Send would (an event
// gets its de-duplication id now), and queues the bytes for a later batch. The
// caller may change or reuse op and its maps as soon as Enqueue returns.
// Enqueue never does network I/O.
//
// It returns a *customerio.ValidationError for an op Client.Send would refuse
// (such as one larger than customerio.MaxEntityBytes), customerio.ErrClosed
// once Close has begun, and, when the queue is full, customerio.ErrQueueFull
// under the Drop policy or
// ctx's error if ctx ends while Block waits for room. An op it accepted (nil
// error) is delivered or reported to OnFailure.
func (b *Batcher) Enqueue(ctx context.Context, op Op) error {
	// The engine copies the item, so it is encoded into a pooled buffer.
	e := getEncoder(enqueueOp)
	item, err := e.encode(&op, -1)
	if err == nil {
		err = b.engine.Enqueue(ctx, item)
	}
	putEncoder(e)
	return err
}

// enqueueRawOp names EnqueueRaw in validation errors.
const enqueueRawOp = "trackv2.Batcher.EnqueueRaw"

// EnqueueRaw queues an op already encoded as JSON, such as the Data of a
// customerio.Failure stored earlier, so that failed ops can be replayed as they were
// first sent: an event keeps its de-duplication id, and Customer.io drops it if
// the first attempt did land after all. data is copied; it must be one JSON
// object of at most customerio.MaxEntityBytes, or EnqueueRaw returns a
// *customerio.ValidationError. Its content is not checked further: Customer.io
// judges it, and a rejection is reported to OnFailure like any other. The
// other errors are those of Enqueue.
func (b *Batcher) EnqueueRaw(ctx context.Context, data []byte) error {
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) > customerio.MaxEntityBytes:
		return validate.Field(enqueueRawOp, "", "the operation is %d bytes; Customer.io accepts at most %d per operation",
			len(trimmed), customerio.MaxEntityBytes)
	case len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed):
		return validate.Field(enqueueRawOp, "", "must be one JSON object")
	}
	return b.engine.Enqueue(ctx, trimmed)
}

// Flush sends the ops waiting for their batch to fill at once, and returns
// when every op enqueued before the call has its outcome, delivered or passed
// to OnFailure (and OnFailure has returned), including ops being retried. If
// ctx ends first it returns ctx's error; the ops keep being sent.
func (b *Batcher) Flush(ctx context.Context) error { return b.engine.Flush(ctx) }

// Close stops intake (Enqueue returns customerio.ErrClosed from then on), sends every op
// still queued at once, MaxInFlight requests at a time, and waits until each
// has its outcome, retries included (until ctx's deadline, when that is later
// than MaxRetryElapsed); then it returns nil, or, without an OnFailure, an
// error wrapping customerio.ErrUndelivered if any op failed. If ctx ends first, Close
// cancels the requests in progress and the backoff waits, reports every op
// still without an outcome to OnFailure with an error wrapping
// customerio.ErrClosed and ctx's error (with a SpoolDir it leaves them in the
// spool for the next Batcher instead), and returns ctx's error. Either way no
// goroutine of the Batcher is left when Close returns, and OnFailure is not
// called again. A second Close waits for the
// first to end and returns nil, or ctx's error if ctx ends first.
func (b *Batcher) Close(ctx context.Context) error { return b.engine.Close(ctx) }

// String names the Batcher by its client's site id; the API key is never
// shown.
func (b *Batcher) String() string { return "trackv2.Batcher{site: " + b.client.siteID + "}" }

// GoString is String, so that %#v cannot show more.
func (b *Batcher) GoString() string { return b.String() }
