package trackv2

import (
	"errors"
	"strings"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
)

// Errors of a Batcher. ErrQueueFull, ErrClosed and ErrUndelivered are the same
// values the Data Pipelines client returns, so errors.Is works with either
// package's name.
var (
	// ErrQueueFull is returned by Enqueue under the Drop policy when the queue
	// already holds MaxQueueBytes. The op was not taken.
	ErrQueueFull = batch.ErrQueueFull
	// ErrClosed is returned by Enqueue once Close has begun. Ops that Close
	// could not deliver before its context ended are reported to OnFailure
	// with an error wrapping it.
	ErrClosed = batch.ErrClosed
	// ErrUndelivered is customerio.ErrUndelivered: without an OnFailure,
	// Close returns an error wrapping it, with how many accepted ops failed and
	// the first cause, when any did.
	ErrUndelivered = customerio.ErrUndelivered
	// ErrUnattributed is wrapped by the error of ops reported because
	// Customer.io answered their batch with 207 and rejected an op without
	// naming which (no usable batch_index): every op of that batch the answer
	// did not name is reported, since the Batcher cannot tell the rejected one
	// from those applied. Replaying them is safe: events carry their
	// de-duplication id in their bytes, and the other actions change nothing
	// when applied twice.
	ErrUnattributed = errors.New("trackv2: Customer.io rejected an operation of the batch without naming which")
)

// FailedOp is an op a Batcher will not deliver: Customer.io rejected it, its
// batch failed for good, or Close gave up on it.
type FailedOp struct {
	// Index is the op's enqueue sequence number: 0 for the first op the
	// Batcher accepted, then one more for each (EnqueueRaw included).
	Index uint64
	// Data is the op's JSON exactly as it was sent, event id included, so it
	// can be stored and replayed with EnqueueRaw (or Client.Batch after
	// decoding).
	Data []byte
	// Err says why: a *RejectedError for an op Customer.io rejected in a 207
	// answer; the batch's *customerio.APIError or *customerio.TransportError
	// when the request failed; an error wrapping ErrClosed when Close gave up.
	Err error
}

// RejectedError is the error of an op Customer.io rejected in a 207
// Multi-Status answer while accepting the rest of its batch.
type RejectedError struct {
	// Reason, Field and Message are Customer.io's explanation.
	Reason  string
	Field   string
	Message string
}

// Error describes the rejection as "trackv2: Customer.io rejected the
// operation: field: reason: message".
func (e *RejectedError) Error() string {
	var b strings.Builder
	b.WriteString("trackv2: Customer.io rejected the operation")
	for _, part := range [...]string{e.Field, e.Reason, e.Message} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(part)
		}
	}
	return b.String()
}

// report hands the engine's failures to OnFailure as FailedOps.
func (b *Batcher) report(failed []batch.Failure) {
	ops := make([]FailedOp, len(failed))
	for i, f := range failed {
		ops[i] = FailedOp{Index: f.Seq, Data: f.Data, Err: f.Err}
	}
	b.onFailure(ops)
}
