package app

import (
	"context"
	"time"
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
	// Identifiers names the person to notify; at most one identifier.
	Identifiers Identifiers `json:"identifiers,omitzero"`
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
	Sound string `json:"sound" validate:"omitempty,oneof=default none"`
	// CustomData is delivered with the notification to the app.
	CustomData map[string]any `json:"custom_data,omitempty"`
	// CustomDevice adds or updates a device of the person at send time.
	CustomDevice *CustomDevice `json:"custom_device,omitempty"`
	// CustomPayload replaces the generated per-platform payload (APNs or FCM);
	// it is passed through as given.
	CustomPayload map[string]any `json:"custom_payload,omitempty"`
}

// CustomDevice is a device Customer.io adds to the person, or updates, as it
// sends a push.
type CustomDevice struct {
	// Token is the device token; required.
	Token string `json:"token" validate:"required"`
	// Platform is "ios" or "android"; required.
	Platform string `json:"platform" validate:"required,oneof=ios android"`
	// LastUsed is when the device was last used; the zero time is left out.
	LastUsed time.Time `json:"last_used,omitzero"`
	// Attributes describe the device for segmentation.
	Attributes map[string]any `json:"attributes,omitempty"`
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

type deviceWire struct {
	deviceFields
	LastUsed int64 `json:"last_used,omitempty"`
}

type deviceFields CustomDevice

func (r SendPushRequest) encode() ([]byte, error) {
	p := newProblems("app.SendPush")
	p.tags(r)
	r.TransactionalMessageID.check(p, true)
	r.Identifiers.check(p, true)
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
		w.CustomDevice = &deviceWire{deviceFields: deviceFields(*d), LastUsed: unixSeconds(d.LastUsed)}
		w.CustomDevice.Attributes = p.data("custom_device.attributes", d.Attributes)
	}
	return encodeSend(p, w)
}
