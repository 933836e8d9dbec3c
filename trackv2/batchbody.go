package trackv2

import (
	"encoding/json"

	customerio "github.com/gocustomerio/customerio"
)

// The envelope of a batch body: {"batch":[item,item,…]}.
const (
	batchOpen  = `{"batch":[`
	batchClose = `]}`
)

// batchBodySize is the exact size in bytes of a batch body holding count items
// whose encodings add up to itemBytes: the envelope, the items and the commas
// between them.
func batchBodySize(count, itemBytes int) int {
	n := len(batchOpen) + itemBytes + len(batchClose)
	if count > 1 {
		n += count - 1
	}
	return n
}

// appendBatchBody appends the batch body holding items to dst.
func appendBatchBody(dst []byte, items [][]byte) []byte {
	dst = append(dst, batchOpen...)
	for i, item := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, item...)
	}
	return append(dst, batchClose...)
}

// span is the items [lo, hi) of a batch, sent as one request whose body is size
// bytes.
type span struct {
	lo, hi, size int
}

// splitBatch cuts items into consecutive spans whose bodies are each at most
// customerio.MaxBatchBytes, filling each span as far as it goes. Every item is
// at most customerio.MaxEntityBytes, so each fits. No items make one empty span.
func splitBatch(items [][]byte) []span {
	var spans []span
	cur, itemBytes := span{}, 0
	for i, item := range items {
		if cur.hi > cur.lo && batchBodySize(cur.hi-cur.lo+1, itemBytes+len(item)) > customerio.MaxBatchBytes {
			cur.size = batchBodySize(cur.hi-cur.lo, itemBytes)
			spans = append(spans, cur)
			cur, itemBytes = span{lo: i, hi: i}, 0
		}
		cur.hi = i + 1
		itemBytes += len(item)
	}
	cur.size = batchBodySize(cur.hi-cur.lo, itemBytes)
	return append(spans, cur)
}

// itemFailure is one entry of a 207 answer. BatchIndex is the item's position in
// the request's body, or -1 when the answer did not give a usable one.
type itemFailure struct {
	BatchIndex int
	Reason     string
	Field      string
	Message    string
}

// parseItemFailures reads the body of a 207 answer,
// {"errors":[{"batch_index":0,"reason":…,"field":…,"message":…}]}. A body that
// cannot be read still reports one failure, at index -1: a 207 means something
// was rejected.
func parseItemFailures(body []byte) []itemFailure {
	var answer struct {
		Errors []struct {
			BatchIndex *int   `json:"batch_index"`
			Reason     string `json:"reason"`
			Field      string `json:"field"`
			Message    string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return []itemFailure{{BatchIndex: -1, Message: "the 207 answer could not be read: " + err.Error()}}
	}
	out := make([]itemFailure, 0, len(answer.Errors))
	for _, e := range answer.Errors {
		f := itemFailure{BatchIndex: -1, Reason: e.Reason, Field: e.Field, Message: e.Message}
		if e.BatchIndex != nil {
			f.BatchIndex = *e.BatchIndex
		}
		out = append(out, f)
	}
	return out
}
