package app

import (
	"context"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// SendInAppRequest is one transactional in-app message, shown the next time the
// person opens your app. Fields left at their zero value are not sent.
type SendInAppRequest struct {
	// TransactionalMessageID picks the template (TemplateID or TriggerName);
	// required.
	TransactionalMessageID MessageID `json:"transactional_message_id,omitzero"`
	// Identifiers names the person to show the message to; exactly one identifier.
	Identifiers customerio.Identifiers `json:"identifiers,omitzero"`
	// MessageData is exposed to the template's Liquid as {{trigger.…}}; time.Time
	// values inside become Unix seconds.
	MessageData map[string]any `json:"message_data,omitempty"`
	// SendAt schedules the send; the zero time sends now.
	SendAt time.Time `json:"send_at,omitzero"`
	// QueueDraft creates a draft to send from Customer.io instead of sending.
	QueueDraft bool `json:"queue_draft,omitempty"`
	// AutoCreate creates an empty template named by a TriggerName if none exists.
	AutoCreate bool `json:"auto_create,omitempty"`
	// Language picks a translation of the template.
	Language string `json:"language,omitempty"`
}

// SendInApp sends a transactional in-app message (POST /v1/send/in_app) and
// returns the queued delivery. A missing template, identifiers that are not
// exactly one, NaN or infinity in MessageData, or a body over MaxSendBytes is a
// *customerio.ValidationError and nothing is sent. A send is not idempotent; see
// SendEmail.
func (c *Client) SendInApp(ctx context.Context, req SendInAppRequest) (*SendResponse, error) {
	body, err := req.encode()
	if err != nil {
		return nil, err
	}
	return c.send(ctx, "app.SendInApp", "in_app", body)
}

type inAppWire struct {
	inAppFields
	SendAt int64 `json:"send_at,omitempty"`
}

type inAppFields SendInAppRequest

func (r SendInAppRequest) encode() ([]byte, error) {
	p := newProblems("app.SendInApp")
	r.TransactionalMessageID.check(p, true)
	checkIdentifiers(p, r.Identifiers, true)
	w := inAppWire{inAppFields: inAppFields(r), SendAt: unixSeconds(r.SendAt)}
	w.MessageData = p.data("message_data", r.MessageData)
	return encodeSend(p, w)
}
