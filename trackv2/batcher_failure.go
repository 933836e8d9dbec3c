package trackv2

import (
	"errors"
	"strings"
)

// ErrUnattributed is wrapped by the error of ops reported because Customer.io
// answered their batch with 207 and rejected an op without naming which (no
// usable batch_index): every op of that batch the answer did not name is
// reported, since the Batcher cannot tell the rejected one from those
// applied. Replaying them is safe: events carry their de-duplication id in
// their bytes, and the other actions change nothing when applied twice.
var ErrUnattributed = errors.New("trackv2: Customer.io rejected an operation of the batch without naming which")

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
