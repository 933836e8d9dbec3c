package app

import (
	"context"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Push targets and sounds with a meaning of their own; any other To is a device
// token.
const (
	// PushToAll sends to every device of the person (the default).
	PushToAll = "all"
	// PushToLastUsed sends to the device the person used last.
	PushToLastUsed = "last_used"
	// SoundDefault plays the device's default sound on iOS (the default).
	SoundDefault = "default"
	// SoundNone plays no sound on iOS.
	SoundNone = "none"
)

// SendPushRequest is one transactional push notification. Fields left at their
// zero value are not sent, except the defaulted ones, which are always sent: To as
// PushToAll and Sound as SoundDefault when empty, DisableMessageRetention and
// QueueDraft as given, SendToUnsubscribed as true unless set otherwise.
type SendPushRequest struct {
	// TransactionalMessageID picks the template (TemplateID or TriggerName);
	// required.
	TransactionalMessageID MessageID `json:"transactional_message_id,omitzero"`
	// Identifiers names the person to notify; exactly one of ID, Email and
	// CIOID.
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

	// To is PushToAll (when empty), PushToLastUsed or one device token.
	To string `json:"to"`
	// Title, Message, ImageURL and Link override the template's content.
	Title    string `json:"title,omitempty"`
	Message  string `json:"message,omitempty"`
	ImageURL string `json:"image_url,omitempty"`
	Link     string `json:"link,omitempty"`
	// Sound is SoundDefault (when empty) or SoundNone; iOS only.
	Sound string `json:"sound"`
	// CustomData is delivered with the notification to the app.
	CustomData map[string]any `json:"custom_data,omitempty"`
	// CustomDevice adds or updates a device of the person at send time: its
	// Token and Platform are required, LastUsed is sent as Unix seconds (left
	// out when zero) and Attributes describe the device for segmentation.
	CustomDevice *customerio.Device `json:"-"`
	// CustomPayload replaces the generated per-platform payload (APNs or FCM);
	// it is passed through as given.
	CustomPayload map[string]any `json:"custom_payload,omitempty"`
}

// SendPush sends a transactional push notification (POST /v1/send/push) and
// returns the queued delivery. A missing template, identifiers that are not exactly one, an unknown
// Sound or device platform, a device without a token, NaN or infinity in any data
// map, or a body over MaxSendBytes is a *customerio.ValidationError and nothing is
// sent. A send is not idempotent; see SendEmail.
func (c *Client) SendPush(ctx context.Context, req SendPushRequest) (*SendResponse, error) {
	body, err := req.encode()
	if err != nil {
		return nil, err
	}
	return c.send(ctx, "app.SendPush", "push", body)
}

type pushWire struct {
	pushFields
	SendAt             int64       `json:"send_at,omitempty"`
	SendToUnsubscribed bool        `json:"send_to_unsubscribed"`
	CustomDevice       *deviceWire `json:"custom_device,omitempty"`
}

type pushFields SendPushRequest

// deviceWire is custom_device as Customer.io reads it.
type deviceWire struct {
	Token      string         `json:"token"`
	Platform   string         `json:"platform"`
	LastUsed   int64          `json:"last_used,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

func (r SendPushRequest) encode() ([]byte, error) {
	p := newProblems("app.SendPush")
	switch r.Sound {
	case "", SoundDefault, SoundNone:
	default:
		p.add("sound", "must be one of: default none")
	}
	r.TransactionalMessageID.check(p, true)
	checkIdentifiers(p, r.Identifiers, true)
	w := pushWire{
		pushFields:         pushFields(r),
		SendAt:             unixSeconds(r.SendAt),
		SendToUnsubscribed: defaultTrue(r.SendToUnsubscribed),
	}
	if w.To == "" {
		w.To = PushToAll
	}
	if w.Sound == "" {
		w.Sound = SoundDefault
	}
	w.MessageData = p.data("message_data", r.MessageData)
	w.CustomData = p.data("custom_data", r.CustomData)
	w.CustomPayload = p.data("custom_payload", r.CustomPayload)
	if d := r.CustomDevice; d != nil {
		if d.Token == "" {
			p.add("custom_device.token", "is required")
		}
		switch d.Platform {
		case customerio.PlatformIOS, customerio.PlatformAndroid:
		case "":
			p.add("custom_device.platform", "is required")
		default:
			p.add("custom_device.platform", "must be one of: ios android")
		}
		w.CustomDevice = &deviceWire{
			Token:      d.Token,
			Platform:   string(d.Platform),
			LastUsed:   unixSeconds(d.LastUsed),
			Attributes: p.data("custom_device.attributes", d.Attributes),
		}
	}
	return encodeSend(p, w)
}
