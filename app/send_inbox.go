package app

import (
	"context"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// SendInboxMessageRequest is one transactional message for the person's in-app
// inbox. Fields left at their zero value are not sent, except
// DisableMessageRetention and QueueDraft, which are always sent.
type SendInboxMessageRequest struct {
	// TransactionalMessageID picks the template (TemplateID or TriggerName);
	// required.
	TransactionalMessageID MessageID `json:"transactional_message_id,omitzero"`
	// Identifiers names the person whose inbox receives the message; exactly one
	// identifier.
	Identifiers customerio.Identifiers `json:"identifiers,omitzero"`
	// MessageData is exposed to the template's Liquid as {{trigger.…}}; time.Time
	// values inside become Unix seconds.
	MessageData map[string]any `json:"message_data,omitempty"`
	// SendAt schedules the send; the zero time sends now.
	SendAt time.Time `json:"send_at,omitzero"`
	// DisableMessageRetention keeps Customer.io from storing the message body.
	DisableMessageRetention bool `json:"disable_message_retention"`
	// QueueDraft creates a draft to send from Customer.io instead of sending.
	QueueDraft bool `json:"queue_draft"`
	// AutoCreate creates an empty template named by a TriggerName if none exists.
	AutoCreate bool `json:"auto_create,omitempty"`
	// Language picks a translation of the template.
	Language string `json:"language,omitempty"`
	// To narrows the recipient, as Customer.io accepts for inbox messages.
	To string `json:"to,omitempty"`
}

// SendInboxMessage sends a transactional inbox message (POST
// /v1/send/inbox_message) and returns the queued delivery. A missing template,
// identifiers that are not exactly one, NaN or infinity in MessageData, or a body
// over MaxSendBytes is a *customerio.ValidationError and nothing is sent. A send
// is not idempotent; see SendEmail.
func (c *Client) SendInboxMessage(ctx context.Context, req SendInboxMessageRequest) (*SendResponse, error) {
	body, err := req.encode()
	if err != nil {
		return nil, err
	}
	return c.send(ctx, "app.SendInboxMessage", "inbox_message", body)
}

type inboxWire struct {
	inboxFields
	SendAt int64 `json:"send_at,omitempty"`
}

type inboxFields SendInboxMessageRequest

func (r SendInboxMessageRequest) encode() ([]byte, error) {
	p := newProblems("app.SendInboxMessage")
	r.TransactionalMessageID.check(p, true)
	checkIdentifiers(p, r.Identifiers, true)
	w := inboxWire{inboxFields: inboxFields(r), SendAt: unixSeconds(r.SendAt)}
	w.MessageData = p.data("message_data", r.MessageData)
	return encodeSend(p, w)
}
