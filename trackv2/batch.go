package trackv2

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// BatchResult reports what Customer.io did with a batch.
type BatchResult struct {
	// Requests is the number of requests Customer.io accepted. A batch whose
	// body would exceed customerio.MaxBatchBytes is split into several.
	Requests int
	// Errors lists the operations Customer.io rejected one by one (HTTP 207);
	// every other operation of an accepted request was applied.
	Errors []ItemError
}

// Batch sends ops to POST /api/v2/batch
// (https://docs.customer.io/api/track/#operation/batch) and reports which of them
// Customer.io rejected. Operations of any type and action may be mixed; they are
// applied in order.
//
// Before anything is sent, every op is validated and encoded as Send would; if
// any is invalid or larger than customerio.MaxEntityBytes, Batch returns one
// *customerio.ValidationError naming each problem by index ("batch[3].name"),
// with a nil result, and sends nothing.
//
// A body larger than customerio.MaxBatchBytes, counting the {"batch":[…]}
// envelope and the commas, is split into consecutive requests that each fit,
// sent one after another in order. An empty ops is sent as {"batch":[]}, so
// that the call still checks the credentials.
//
// The answer:
//   - every request answered 200: a nil error;
//   - some ops rejected (207): the result's Errors, with the index of each op in
//     ops and the op itself, and a *PartialError listing the same entries;
//   - a request failed as a whole (400, 401, 429 after retries, no answer…): a
//     *BatchError wrapping that error, telling which ops were sent before it and
//     which were not. The result, never nil once a request was attempted,
//     holds the Errors of the requests accepted before.
//
// Every batch request is marked safe to repeat for the retry strategy: events
// carry a de-duplication id, generated once when the batch is encoded so that a
// retry sends identical bytes, and the other actions change nothing when applied
// twice.
func (c *Client) Batch(ctx context.Context, ops []Op) (*BatchResult, error) {
	const opName = "trackv2.Batch"
	body, items, err := encodeBatch(opName, ops)
	if err != nil {
		return nil, err
	}
	spans := splitBatch(items)
	res := &BatchResult{}
	for k, s := range spans {
		if len(spans) > 1 {
			body = appendBatchBody(make([]byte, 0, s.size), items[s.lo:s.hi])
		}
		failures, err := c.postBatch(ctx, opName, body, nil)
		if err != nil {
			return res, &BatchError{
				Sent:     indexRange(0, s.lo),
				NotSent:  indexRange(s.lo, len(ops)),
				Request:  k + 1,
				Requests: len(spans),
				Err:      err,
			}
		}
		res.Requests++
		for _, f := range failures {
			res.Errors = append(res.Errors, s.itemError(f, ops))
		}
	}
	if len(res.Errors) > 0 {
		return res, &PartialError{Errors: res.Errors}
	}
	return res, nil
}

// postBatch sends one batch body and returns the items Customer.io rejected,
// numbered by their position in body, when it answered 207. Any error is the
// request's: nothing in body was applied, or, after a transport failure, it is
// unknown whether it was. release, when not nil, gives body's buffer back once
// nothing reads it (transport.Request.Release).
func (c *Client) postBatch(ctx context.Context, opName string, body []byte, release func()) ([]itemFailure, error) {
	resp, err := c.t.Do(ctx, &transport.Request{
		Op:         opName,
		Method:     http.MethodPost,
		Path:       batchPath,
		RawBody:    body,
		Release:    release,
		Idempotent: true,
	})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusMultiStatus {
		return nil, nil
	}
	return parseItemFailures(resp.Body), nil
}

// itemError maps a failure reported for the request carrying s back to ops.
func (s span) itemError(f itemFailure, ops []Op) ItemError {
	e := ItemError{Index: -1, Reason: f.Reason, Field: f.Field, Message: f.Message}
	if f.BatchIndex >= 0 && f.BatchIndex < s.hi-s.lo {
		e.Index = s.lo + f.BatchIndex
		e.Op = ops[e.Index]
	}
	return e
}

func indexRange(lo, hi int) []int {
	out := make([]int, hi-lo)
	for i := range out {
		out[i] = lo + i
	}
	return out
}
