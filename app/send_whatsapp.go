package app

import (
	"context"
	"maps"

	customerio "github.com/gocustomerio/customerio"
)

// SendWhatsAppRequest is one transactional WhatsApp message. Customer.io has not
// published the request schema of this route, so apart from the template and the
// person every field goes in Fields, under its JSON name, and is sent as given
// (time.Time values become Unix seconds).
type SendWhatsAppRequest struct {
	// TransactionalMessageID picks the template (TemplateID or TriggerName);
	// required.
	TransactionalMessageID MessageID
	// Identifiers names the person to message; exactly one identifier.
	Identifiers customerio.Identifiers
	// Fields holds every other field of the body, such as "to" or "message_data".
	// It must not repeat transactional_message_id or identifiers.
	Fields map[string]any
}

// SendWhatsApp sends a transactional WhatsApp message (POST /v1/send/whatsapp) and
// returns the queued delivery. A missing template, identifiers that are not
// exactly one, a Fields key that repeats them, NaN or infinity in Fields, or a
// body over MaxSendBytes is a *customerio.ValidationError and nothing is sent. A
// send is not idempotent; see SendEmail.
func (c *Client) SendWhatsApp(ctx context.Context, req SendWhatsAppRequest) (*SendResponse, error) {
	body, err := req.encode()
	if err != nil {
		return nil, err
	}
	return c.send(ctx, "app.SendWhatsApp", "whatsapp", body)
}

func (r SendWhatsAppRequest) encode() ([]byte, error) {
	p := newProblems("app.SendWhatsApp")
	r.TransactionalMessageID.check(p, true)
	checkIdentifiers(p, r.Identifiers, true)
	for _, key := range [...]string{"transactional_message_id", "identifiers"} {
		if _, ok := r.Fields[key]; ok {
			p.add(key, "is set by the request's own field, not by Fields")
		}
	}
	fields := p.data("", r.Fields)
	body := make(map[string]any, len(fields)+2)
	maps.Copy(body, fields)
	body["transactional_message_id"] = r.TransactionalMessageID
	body["identifiers"] = r.Identifiers
	return encodeSend(p, body)
}
