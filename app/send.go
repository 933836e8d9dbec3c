package app

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Limits Customer.io sets on transactional sends, checked before sending. A
// megabyte is read as 1,000,000 bytes, the stricter reading of Customer.io's "MB".
const (
	// MaxSendBytes caps a send's JSON body, not counting email attachments.
	MaxSendBytes = 1_000_000
	// MaxAttachmentBytes caps the decoded size of all attachments of one email.
	MaxAttachmentBytes = 2_000_000
	// MaxRecipients caps the addresses across an email's to, cc and bcc.
	MaxRecipients = 15
)

// SendResponse is Customer.io's receipt for a transactional send: the delivery it
// queued and when.
type SendResponse struct {
	// DeliveryID identifies the delivery in message lists, exports and reporting
	// webhooks.
	DeliveryID string `json:"delivery_id"`
	// QueuedAt is when Customer.io queued the delivery.
	QueuedAt time.Time `json:"queued_at"`
}

// UnmarshalJSON reads queued_at as Unix seconds.
func (r *SendResponse) UnmarshalJSON(b []byte) error {
	type fields SendResponse
	var w struct {
		fields
		QueuedAt unixTime `json:"queued_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = SendResponse(w.fields)
	r.QueuedAt = time.Time(w.QueuedAt)
	return nil
}

// send posts an encoded body to /v1/send/{kind}. A send is not idempotent: a
// repeat could deliver the message twice, so retry strategies repeat it only when
// the failure proves nothing was delivered, or when the caller opted in with
// retry.RetryNonIdempotent.
func (c *Client) send(ctx context.Context, op, kind string, body []byte) (*SendResponse, error) {
	req := &transport.Request{
		Method:  http.MethodPost,
		Path:    transport.Path("/v1/send", kind),
		RawBody: body,
	}
	if c.workspaceID != "" {
		req.Header = http.Header{"X-Workspace-Id": {c.workspaceID}}
	}
	out, err := fetch[SendResponse](ctx, c.api, newProblems(op), req, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// encodeSend encodes a send's wire body once p has found no problem, and holds it
// to MaxSendBytes.
func encodeSend(p *problems, wire any) ([]byte, error) {
	if err := p.err(); err != nil {
		return nil, err
	}
	body, err := transport.Encode(p.op, wire)
	if err != nil {
		return nil, err
	}
	if len(body) > MaxSendBytes {
		p.add("", "the request body is %d bytes; Customer.io accepts at most %d", len(body), MaxSendBytes)
		return nil, p.err()
	}
	return body, nil
}

// defaultTrue resolves an optional boolean whose wire default is true.
func defaultTrue(b *bool) bool { return b == nil || *b }
