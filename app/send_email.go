package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// SendEmailRequest is one transactional email. Pick a template with
// TransactionalMessageID and override any of its parts here, or leave the template
// out and give Subject, Body and From. Fields left at their zero value are not
// sent, except the defaulted booleans, which are always sent: DisableMessageRetention,
// QueueDraft and DisableCSSPreprocessing as given, SendToUnsubscribed and Tracked
// as true unless set otherwise.
type SendEmailRequest struct {
	// TransactionalMessageID picks the template (TemplateID or TriggerName).
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

	// From is the sender address, e.g. "Support <help@example.com>".
	From string `json:"from,omitempty"`
	// To is the recipient address, or several separated by commas.
	To string `json:"to,omitempty"`
	// CC and BCC are further recipients, comma-separated. To, CC and BCC together
	// hold at most MaxRecipients addresses.
	CC  string `json:"cc,omitempty"`
	BCC string `json:"bcc,omitempty"`
	// ReplyTo is the address replies go to.
	ReplyTo string `json:"reply_to,omitempty"`
	// Headers adds email headers, name to value; names are ASCII without spaces,
	// and Customer.io's reserved headers cannot be overridden.
	Headers map[string]string `json:"headers,omitempty"`
	// Preheader is the preview text shown after the subject in inboxes.
	Preheader string `json:"preheader,omitempty"`
	// Subject, Body, BodyAMP and BodyPlain override the template's content.
	Subject   string `json:"subject,omitempty"`
	Body      string `json:"body,omitempty"`
	BodyAMP   string `json:"body_amp,omitempty"`
	BodyPlain string `json:"body_plain,omitempty"`
	// FakeBCC sends BCC recipients a copy addressed to To instead of a true BCC;
	// nil leaves the template's setting.
	FakeBCC *bool `json:"fake_bcc,omitempty"`
	// DisableCSSPreprocessing sends the body's CSS as written.
	DisableCSSPreprocessing bool `json:"disable_css_preprocessing"`
	// Tracked turns open and click tracking on or off; nil means on.
	Tracked *bool `json:"tracked"`
	// Attachments maps file names to their Base64 content (standard alphabet,
	// padded); add files with Attach. Their decoded size totals at most
	// MaxAttachmentBytes.
	Attachments map[string]string `json:"attachments,omitempty"`
}

// Attach adds a file to the email under name, Base64-encoding content. A blank
// name, or one already attached, is a *customerio.ValidationError. Attach modifies
// r's Attachments map in place; a copy of r made before shares it.
func (r *SendEmailRequest) Attach(name string, content []byte) error {
	p := newProblems("app.SendEmailRequest.Attach")
	if _, dup := r.Attachments[name]; dup {
		p.add("name", "attachment %q already exists", name)
	}
	p.blank("name", name)
	if err := p.err(); err != nil {
		return err
	}
	if r.Attachments == nil {
		r.Attachments = make(map[string]string)
	}
	r.Attachments[name] = base64.StdEncoding.EncodeToString(content)
	return nil
}

// SendEmail sends a transactional email (POST /v1/send/email) and returns the
// queued delivery. The request is checked first: exactly one identifier, at most
// MaxRecipients addresses across To, CC and BCC, attachments of at most
// MaxAttachmentBytes decoded, a body of at most MaxSendBytes without the
// attachments, and no NaN or infinity in MessageData; a failure is a
// *customerio.ValidationError and nothing is sent.
//
// A send is not idempotent (see package retry): it is repeated after a failure
// only when Customer.io cannot have acted on it, or with retry.RetryNonIdempotent.
func (c *Client) SendEmail(ctx context.Context, req SendEmailRequest) (*SendResponse, error) {
	body, err := req.encode()
	if err != nil {
		return nil, err
	}
	return c.send(ctx, "app.SendEmail", "email", body)
}

// emailWire is SendEmailRequest as sent: the defaulted booleans resolved and
// send_at in Unix seconds.
type emailWire struct {
	emailFields
	SendAt             int64 `json:"send_at,omitempty"`
	SendToUnsubscribed bool  `json:"send_to_unsubscribed"`
	Tracked            bool  `json:"tracked"`
}

type emailFields SendEmailRequest

// encode checks r and returns its body. The size limit applies to the body without
// attachments, so it is measured before they are spliced in.
func (r SendEmailRequest) encode() ([]byte, error) {
	p := newProblems("app.SendEmail")
	r.TransactionalMessageID.check(p, false)
	checkIdentifiers(p, r.Identifiers, true)
	if n := countAddresses(r.To) + countAddresses(r.CC) + countAddresses(r.BCC); n > MaxRecipients {
		p.add("to", "%d recipients across to, cc and bcc; Customer.io accepts at most %d", n, MaxRecipients)
	}
	for name := range r.Headers {
		if name == "" || strings.ContainsFunc(name, func(c rune) bool { return c <= ' ' || c > '~' || c == ':' }) {
			p.add("headers", "header name %q must be printable ASCII without spaces or ':'", name)
		}
	}
	attached := 0
	for name, content := range r.Attachments {
		if name == "" {
			p.add("attachments", "a file name must not be blank")
		}
		attached += decodedLen(content)
	}
	if attached > MaxAttachmentBytes {
		p.add("attachments", "attachments total %d bytes; Customer.io accepts at most %d", attached, MaxAttachmentBytes)
	}
	w := emailWire{
		emailFields:        emailFields(r),
		SendAt:             unixSeconds(r.SendAt),
		SendToUnsubscribed: defaultTrue(r.SendToUnsubscribed),
		Tracked:            defaultTrue(r.Tracked),
	}
	w.MessageData = p.data("message_data", r.MessageData)
	w.Attachments = nil
	body, err := encodeSend(p, w)
	if err != nil || len(r.Attachments) == 0 {
		return body, err
	}
	files, err := json.Marshal(r.Attachments)
	if err != nil {
		return nil, err
	}
	// body is a JSON object with at least the defaulted keys: reopen it.
	out := make([]byte, 0, len(body)+len(`,"attachments":`)+len(files))
	out = append(out, body[:len(body)-1]...)
	out = append(out, `,"attachments":`...)
	out = append(out, files...)
	return append(out, '}'), nil
}

// decodedLen is the number of bytes Base64 text s decodes to.
func decodedLen(s string) int {
	n := len(s) * 3 / 4
	if strings.HasSuffix(s, "==") {
		return n - 2
	}
	if strings.HasSuffix(s, "=") {
		return n - 1
	}
	return n
}

// countAddresses counts the addresses in a comma-separated list, ignoring commas
// inside quoted display names ("Doe, Jane" <jane@example.com>) and angle brackets.
func countAddresses(list string) int {
	n := 0
	quoted, angle, content := false, false, false
	for i := 0; i < len(list); i++ {
		c := list[i]
		switch {
		case quoted && c == '\\':
			i++ // the escaped character belongs to the name
		case c == '"':
			quoted = !quoted
		case !quoted && c == '<':
			angle = true
		case !quoted && c == '>':
			angle = false
		case !quoted && !angle && c == ',':
			if content {
				n++
			}
			content = false
			continue
		}
		if c != ' ' && c != '\t' {
			content = true
		}
	}
	if content {
		n++
	}
	return n
}
