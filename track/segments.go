package track

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// MaxSegmentIDs is the most ids Customer.io accepts in one manual-segment
// request; AddToSegment and RemoveFromSegment split longer lists.
const MaxSegmentIDs = 1000

// AddToSegment adds the people ids to the manual segment segmentID (POST
// /api/v1/segments/{segmentID}/add_customers), where campaigns and broadcasts can
// target them. idType says how the ids name people: customerio.IDTypeID,
// IDTypeEmail or IDTypeCIOID; the zero IDType sends no id_type and Customer.io
// reads them as ids. Segments built from conditions cannot be changed this way.
//
// Lists longer than MaxSegmentIDs, or whose body would exceed
// customerio.MaxEntityBytes, are sent as several requests in order. Adding people
// already in the segment changes nothing, so each request may be retried. When a
// request fails, the error is a *SegmentError listing the ids that were applied
// and those that were not (the failed request's and every later one's), and
// unwrapping to the cause.
//
// A segmentID below 1, an empty ids, a blank entry in ids, an unknown idType,
// customerio.IDTypePhone (Track API v1 documents id_type as id, email or cio_id
// only) or one id too long for a request is a *customerio.ValidationError, and
// nothing is sent.
func (c *Client) AddToSegment(ctx context.Context, segmentID int, ids []string, idType customerio.IDType) error {
	return c.changeSegment(ctx, "track.AddToSegment", "add_customers", segmentID, ids, idType)
}

// RemoveFromSegment removes the people ids from the manual segment segmentID
// (POST /api/v1/segments/{segmentID}/remove_customers). Customer.io documents
// id_type only for adding; it is sent here only when idType is set, so the zero
// IDType makes the documented request.
//
// Splitting, retries, errors and validation work as for AddToSegment.
func (c *Client) RemoveFromSegment(ctx context.Context, segmentID int, ids []string, idType customerio.IDType) error {
	return c.changeSegment(ctx, "track.RemoveFromSegment", "remove_customers", segmentID, ids, idType)
}

func (c *Client) changeSegment(ctx context.Context, op, action string, segmentID int, ids []string, idType customerio.IDType) error {
	if segmentID < 1 {
		return validate.Field(op, "segmentID", "must be a positive segment id, not %d", segmentID)
	}
	if err := checkIDType(op, "idType", idType); err != nil {
		return err
	}
	chunks, err := segmentChunks(op, ids)
	if err != nil {
		return err
	}
	var query url.Values
	if idType != "" {
		query = url.Values{"id_type": {string(idType)}}
	}
	path := transport.Path("/api/v1/segments", strconv.Itoa(segmentID), action)
	for _, ch := range chunks {
		err := c.send(ctx, &transport.Request{
			Op:         op,
			Method:     http.MethodPost,
			Path:       path,
			Query:      query,
			RawBody:    ch.body,
			Idempotent: true,
		})
		if err != nil {
			return &SegmentError{
				Op:         op,
				SegmentID:  segmentID,
				Applied:    slices.Clone(ids[:ch.start]),
				NotApplied: slices.Clone(ids[ch.start:]),
				Err:        err,
			}
		}
	}
	return nil
}

// segmentChunk is one request's worth of ids: the encoded body, the index in the
// caller's list of its first id, and how many ids it holds.
type segmentChunk struct {
	body  []byte
	start int
	count int
}

// segmentChunks checks ids and encodes them into consecutive bodies of at most
// MaxSegmentIDs ids and customerio.MaxEntityBytes bytes each, before anything is
// sent.
func segmentChunks(op string, ids []string) ([]segmentChunk, error) {
	if len(ids) == 0 {
		return nil, validate.Field(op, "ids", "must list at least one id")
	}
	const open, closing = `{"ids":[`, "]}"
	var chunks []segmentChunk
	for i, id := range ids {
		field := "ids[" + strconv.Itoa(i) + "]"
		if validate.IsBlank(id) {
			return nil, validate.Field(op, field, "must not be blank")
		}
		enc, _ := json.Marshal(id) // a string always encodes
		if size := len(open) + len(enc) + len(closing); size > customerio.MaxEntityBytes {
			return nil, validate.Field(op, field, "is too long: its request body would be %d bytes; Customer.io accepts at most %d", size, customerio.MaxEntityBytes)
		}
		if n := len(chunks); n > 0 {
			last := &chunks[n-1]
			if last.count < MaxSegmentIDs && len(last.body)+1+len(enc)+len(closing) <= customerio.MaxEntityBytes {
				last.body = append(append(last.body, ','), enc...)
				last.count++
				continue
			}
		}
		chunks = append(chunks, segmentChunk{body: append([]byte(open), enc...), start: i, count: 1})
	}
	for i := range chunks {
		chunks[i].body = append(chunks[i].body, closing...)
	}
	return chunks, nil
}

// SegmentError is a failed AddToSegment or RemoveFromSegment request after the
// list was split: it tells which ids Customer.io accepted and which it did not,
// so the caller can resend just NotApplied. Err is the cause, an
// *customerio.APIError, *customerio.TransportError or the context's error;
// errors.Is and errors.As see through to it.
//
// When the cause may have come after Customer.io acted on the request (a 502,
// 503 or 504, a timeout), part of NotApplied may in fact be applied; resending is
// harmless, as adding or removing people twice changes nothing.
type SegmentError struct {
	// Op names the call, "track.AddToSegment" or "track.RemoveFromSegment".
	Op string
	// SegmentID is the manual segment the call changed.
	SegmentID int
	// Applied are the ids of the requests that succeeded, in the caller's order.
	Applied []string
	// NotApplied are the ids of the failed request and every one after it.
	NotApplied []string
	// Err is the failed request's error.
	Err error
}

func (e *SegmentError) Error() string {
	return fmt.Sprintf("customerio: %s: segment %d: %d ids applied, %d not applied: %v",
		e.Op, e.SegmentID, len(e.Applied), len(e.NotApplied), e.Err)
}

// Unwrap returns the cause.
func (e *SegmentError) Unwrap() error { return e.Err }
