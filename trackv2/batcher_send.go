package trackv2

import (
	"context"
	"errors"
	"fmt"

	"github.com/gocustomerio/customerio/internal/batch"
	"github.com/gocustomerio/customerio/internal/transport"
)

// sendOp names the Batcher's requests in errors.
const sendOp = "trackv2.Batcher"

// send posts one batch of encoded ops through the client, and so through its
// retry strategy, and tells the engine what became of them: nil when
// Customer.io accepted every op, a *batch.ItemErrors naming the ops it
// rejected in a 207 answer, or the request's error, which the engine reads to
// retry, split or fail the batch.
//
// The body's buffer is reused for a later batch once the HTTP client has
// closed it, which may be after the request returned.
func (b *Batcher) send(ctx context.Context, items [][]byte) error {
	size := 0
	for _, item := range items {
		size += len(item)
	}
	buf := transport.GetBuffer(batchBodySize(len(items), size))
	*buf = appendBatchBody(*buf, items)
	failures, err := b.client.postBatch(ctx, sendOp, *buf, func() { transport.PutBuffer(buf) })
	if err != nil {
		return err
	}
	return itemErrors(failures, len(items))
}

// itemErrors turns the entries of a 207 answer for a batch of n ops into the
// engine's *batch.ItemErrors, or nil when there are none.
//
// An op named more than once fails with all its reasons joined. An entry that
// names no op of the batch (batch_index missing or out of range, or an answer
// that could not be read) says an op was rejected without saying which: every
// op no entry names is then reported too, with ErrUnattributed, rather than
// taken as delivered, because one of them was not.
func itemErrors(failures []itemFailure, n int) error {
	if len(failures) == 0 {
		return nil
	}
	reasons := make([]error, n)
	var unattributed error
	for _, f := range failures {
		rejected := &RejectedError{Reason: f.Reason, Field: f.Field, Message: f.Message}
		if f.BatchIndex < 0 || f.BatchIndex >= n {
			if unattributed == nil {
				unattributed = fmt.Errorf("%w: %w", ErrUnattributed, rejected)
			}
			continue
		}
		if prev := reasons[f.BatchIndex]; prev != nil {
			reasons[f.BatchIndex] = errors.Join(prev, rejected)
		} else {
			reasons[f.BatchIndex] = rejected
		}
	}
	out := &batch.ItemErrors{}
	for i, err := range reasons {
		if err == nil {
			if unattributed == nil {
				continue
			}
			err = unattributed
		}
		out.Errors = append(out.Errors, batch.ItemError{Index: i, Err: err})
	}
	return out
}
