package pipelines

import "github.com/gocustomerio/customerio/internal/batch"

// Errors of the queueing calls. They are the batch engine's own values, so
// errors.Is matches them whichever package's name is used.
var (
	// ErrQueueFull is returned under the Drop policy (WithOnFull) when the
	// queue is full. The message was not taken.
	ErrQueueFull = batch.ErrQueueFull
	// ErrClosed is returned once Close has begun. Messages Close had to give
	// up on reach WithOnFailure with an error wrapping it.
	ErrClosed = batch.ErrClosed
)

// FailedMessage is a queued message that will not be delivered: Customer.io
// refused it (strict mode), its batch failed for good, or Close gave up on it.
type FailedMessage struct {
	// Seq is the message's queue sequence number: 0 for the first message the
	// client accepted, then one more for each.
	Seq uint64
	// Data is the message as queued: its JSON, "type" and "messageId"
	// included, so it can be stored and sent again later.
	Data []byte
	// Err says why.
	Err error
}

// failedMessages converts the engine's failures; their bytes already belong to
// the receiver.
func failedMessages(failures []batch.Failure) []FailedMessage {
	out := make([]FailedMessage, len(failures))
	for i, f := range failures {
		out[i] = FailedMessage{Seq: f.Seq, Data: f.Data, Err: f.Err}
	}
	return out
}
