package app

import (
	"context"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// SendSMSRequest is one transactional SMS. Fields left at their zero value are not
// sent, except the defaulted booleans, which are always sent:
// DisableMessageRetention and QueueDraft as given, SendToUnsubscribed as true
// unless set otherwise.
type SendSMSRequest struct {
	// TransactionalMessageID picks the template (TemplateID or TriggerName);
	// required.
	TransactionalMessageID MessageID `json:"transactional_message_id,omitzero"`
	// Identifiers names the person the delivery is attributed to, which
	// Customer.io requires: exactly one identifier.
	Identifiers customerio.Identifiers `json:"identifiers,omitzero"`
	// MessageData is exposed to the template's Liquid as {{trigger.…}}; time.Time
	// values inside become Unix seconds.
	MessageData map[string]any `json:"message_data,omitempty"`
	// SendAt schedules the send; the zero time sends now.
	SendAt time.Time `json:"send_at,omitzero"`
	// DisableMessageRetention keeps Customer.io from storing the message body.
	DisableMessageRetention bool `json:"disable_message_retention"`
	// SendToUnsubscribed sends even to an unsubscribed person; nil means true.
	SendToUnsubscribed *bool `json:"send_to_unsubscribed"`
	// QueueDraft creates a draft to send from Customer.io instead of sending.
	QueueDraft bool `json:"queue_draft"`
	// AutoCreate creates an empty template named by a TriggerName if none exists.
	AutoCreate bool `json:"auto_create,omitempty"`
	// Language picks a translation of the template.
	Language string `json:"language,omitempty"`

	// To is the recipient's phone number (E.164); required.
	To string `json:"to"`
	// From is the sending number or sender id; empty uses the template's.
	From string `json:"from,omitempty"`
	// Tracked turns link tracking on or off; nil leaves the template's setting.
	Tracked *bool `json:"tracked,omitempty"`
}

// SendSMS sends a transactional SMS (POST /v1/send/sms) and returns the queued
// delivery. A missing template or To, identifiers that are not exactly one, NaN or infinity in
// MessageData, or a body over MaxSendBytes is a *customerio.ValidationError and
// nothing is sent. A send is not idempotent; see SendEmail.
func (c *Client) SendSMS(ctx context.Context, req SendSMSRequest) (*SendResponse, error) {
	body, err := req.encode()
	if err != nil {
		return nil, err
	}
	return c.send(ctx, "app.SendSMS", "sms", body)
}

type smsWire struct {
	smsFields
	SendAt             int64 `json:"send_at,omitempty"`
	SendToUnsubscribed bool  `json:"send_to_unsubscribed"`
}

type smsFields SendSMSRequest

func (r SendSMSRequest) encode() ([]byte, error) {
	p := newProblems("app.SendSMS")
	p.blank("to", r.To)
	r.TransactionalMessageID.check(p, true)
	checkIdentifiers(p, r.Identifiers, true)
	w := smsWire{
		smsFields:          smsFields(r),
		SendAt:             unixSeconds(r.SendAt),
		SendToUnsubscribed: defaultTrue(r.SendToUnsubscribed),
	}
	w.MessageData = p.data("message_data", r.MessageData)
	return encodeSend(p, w)
}
