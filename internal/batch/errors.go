package batch

import (
	"errors"
	"strconv"
	"strings"

	customerio "github.com/gocustomerio/customerio"
)

// Errors Enqueue returns. ErrQueueFull, ErrClosed and ErrUndelivered are the
// root package's values, so that errors.Is matches them by the public names
// whichever queue (trackv2.Batcher, the Data Pipelines client) returned them.
var (
	// ErrQueueFull is customerio.ErrQueueFull: Enqueue returns it under the
	// Drop policy when the queue holds MaxQueueBytes already. The item was not
	// taken.
	ErrQueueFull = customerio.ErrQueueFull
	// ErrClosed is customerio.ErrClosed: Enqueue returns it once Close has
	// begun. Items that Close had to give up on are reported with an error
	// wrapping it.
	ErrClosed = customerio.ErrClosed
	// ErrItemTooLarge is returned by Enqueue for an item that cannot fit in a
	// batch even alone: longer than MaxBatchBytes − EnvelopeBytes.
	ErrItemTooLarge = errors.New("customerio: item too large for a batch")
	// ErrEmptyItem is returned by Enqueue for a zero-length item, which can never
	// be valid JSON.
	ErrEmptyItem = errors.New("customerio: empty batch item")
	// ErrUndelivered is customerio.ErrUndelivered: Close returns an error
	// wrapping it when items failed and there was no OnFailure to take them.
	ErrUndelivered = customerio.ErrUndelivered
)

// ItemErrors is what Send returns, possibly wrapped, when Customer.io accepted a
// batch but refused some of its items (HTTP 207 Multi-Status): the listed items
// failed for good and every other item was delivered.
type ItemErrors struct {
	// Errors lists the refused items. An Index outside the items given to Send,
	// or repeated, is ignored (and logged).
	Errors []ItemError
}

// ItemError is one refused item of a batch.
type ItemError struct {
	// Index is the item's position in the items slice passed to Send.
	Index int
	// Err says why; nil reports the item with the *ItemErrors itself.
	Err error
}

func (e *ItemErrors) Error() string {
	var b strings.Builder
	b.WriteString("customerio: ")
	b.WriteString(strconv.Itoa(len(e.Errors)))
	b.WriteString(" batch item(s) refused")
	if len(e.Errors) > 0 && e.Errors[0].Err != nil {
		b.WriteString("; item ")
		b.WriteString(strconv.Itoa(e.Errors[0].Index))
		b.WriteString(": ")
		b.WriteString(e.Errors[0].Err.Error())
	}
	return b.String()
}
