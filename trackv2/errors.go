package trackv2

import (
	"fmt"
	"strconv"
	"strings"
)

// ItemError is one operation of a batch that Customer.io rejected while
// accepting the others (HTTP 207).
type ItemError struct {
	// Index is the op's position in the slice given to Batch, whatever request
	// of a split batch carried it; -1 when Customer.io named no valid position.
	Index int
	// Op is the rejected op as the caller gave it (zero when Index is -1).
	Op Op
	// Reason, Field and Message are Customer.io's explanation.
	Reason  string
	Field   string
	Message string
}

// String describes the rejection as "batch[3] field: reason: message".
func (e ItemError) String() string {
	var b strings.Builder
	b.WriteString("batch[")
	b.WriteString(strconv.Itoa(e.Index))
	b.WriteString("]")
	if e.Field != "" {
		b.WriteString(" ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	switch {
	case e.Reason != "" && e.Message != "":
		b.WriteString(e.Reason + ": " + e.Message)
	case e.Message != "":
		b.WriteString(e.Message)
	default:
		b.WriteString(e.Reason)
	}
	return b.String()
}

// PartialError is the error Batch returns when every request of the batch was
// accepted (HTTP 200 or 207) but Customer.io rejected some operations. All
// other operations were applied. Match it with errors.As:
//
//	var partial *trackv2.PartialError
//	if errors.As(err, &partial) {
//		for _, item := range partial.Errors { … item.Index, item.Op … }
//	}
type PartialError struct {
	// Errors lists the rejected operations in the order Customer.io reported
	// them, request after request.
	Errors []ItemError
}

// maxListed caps how many item errors an error message spells out.
const maxListed = 5

// Error names the rejected operations by index, the first few in full.
func (e *PartialError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "trackv2: Customer.io rejected %d operation(s) of the batch", len(e.Errors))
	for i, item := range e.Errors {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Errors)-maxListed)
			break
		}
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(item.String())
	}
	return b.String()
}

// BatchError is the error Batch returns when a request failed as a whole: the
// API refused it (a *customerio.APIError, such as a 400 or 401), it got no
// answer (*customerio.TransportError), or the context ended. When the batch was
// split, the requests before the failed one were applied and are not sent again;
// the failed request and all later ones are listed in NotSent.
//
// Err is available to errors.As and errors.Is, so customerio.IsRetryable(err)
// and errors.Is(err, customerio.ErrRateLimited) work on a BatchError too.
type BatchError struct {
	// Sent holds the indices, in the slice given to Batch, of the ops in the
	// requests Customer.io accepted; any of them it rejected one by one are in
	// BatchResult.Errors.
	Sent []int
	// NotSent holds the indices of the ops of the failed request and of every
	// request after it, which were not sent at all. After a 4xx answer none of
	// them was applied; after a transport error or timeout, Customer.io may have
	// applied the failed request anyway. Events keep their de-duplication id
	// only if Op.ID was set, so set it (NewEventID) before sending such ops
	// again.
	NotSent []int
	// Request is the 1-based number of the request that failed, of Requests.
	Request, Requests int
	// Err is the failed request's error.
	Err error
}

// Error says which request failed, how many ops it left unapplied, and why.
func (e *BatchError) Error() string {
	return fmt.Sprintf("trackv2: batch request %d of %d failed; %d operation(s) sent before it, %d not applied or not confirmed: %v",
		e.Request, e.Requests, len(e.Sent), len(e.NotSent), e.Err)
}

// Unwrap returns the failed request's error.
func (e *BatchError) Unwrap() error { return e.Err }
