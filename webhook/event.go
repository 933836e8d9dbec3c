package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// ErrInvalidEvent is returned by [ParseEvent] for a body that is not a
// reporting-webhook event: malformed JSON, or an envelope field missing or of the
// wrong type.
var ErrInvalidEvent = errors.New("webhook: invalid event")

// maxEventUnix is the last second of year 9999, the latest timestamp accepted in
// an event.
const maxEventUnix = 253402300799

// Event is one reporting-webhook delivery: Customer.io posts one such JSON object
// each time a person subscribes or unsubscribes, or a message is drafted, sent,
// delivered, opened, clicked, bounced and so on, as selected in the webhook's
// settings.
type Event struct {
	// EventID identifies the event (a ULID). A retried delivery carries the same
	// id, so it is the key to de-duplicate on.
	EventID string
	// ObjectType is what the event is about: a person or a message channel.
	ObjectType ObjectType
	// Metric is what happened to it. Customer.io may add metrics; an
	// unknown one is kept as it is.
	Metric customerio.Metric
	// Timestamp is when it happened, in whole seconds, in UTC.
	Timestamp time.Time
	// Data holds the details; which fields are set depends on ObjectType and Metric.
	Data Data
}

// Data is the "data" object of an event. The common fields are decoded into the
// typed fields below; Raw keeps the whole object, so fields without a typed
// counterpart (names and tags of the source, message content of "sent" events,
// fields Customer.io adds later) can be read from it.
//
// Decoding is lenient: an id may arrive as a JSON number or string, and a field
// whose value does not fit its Go type is left zero rather than failing the event;
// its value is still in Raw.
type Data struct {
	// Identifiers names the person the event is about: every identifier
	// Customer.io reports for them (id, email, cio_id, and phone where it
	// reports one).
	Identifiers customerio.Identifiers
	// CustomerID is the person's id. Customer.io deprecates it in favour of
	// Identifiers.
	CustomerID string
	// EmailAddress is the person's email address on customer events.
	EmailAddress string

	// DeliveryID identifies the message. It is the CIO-Delivery-ID used to report
	// metrics for the message back to Customer.io.
	DeliveryID string
	// ActionID is the campaign or broadcast step that produced the message.
	ActionID int64
	// ParentActionID is the step that contains ActionID, such as a test group.
	ParentActionID int64
	// TemplateID is the message template.
	TemplateID int64

	// The message comes from exactly one source: a campaign; a broadcast and its
	// trigger; a newsletter and its content variant; or a transactional message.
	CampaignID             int64
	BroadcastID            int64
	TriggerID              int64
	NewsletterID           int64
	ContentID              int64
	TransactionalMessageID int64
	// JourneyID identifies the person's journey through a campaign.
	JourneyID string

	// Recipient is where the message went: an email address, a phone number, a
	// device token or a URL, depending on the channel.
	Recipient string
	// Subject is the email subject.
	Subject string
	// FailureMessage explains a bounced, dropped, failed or undeliverable message.
	FailureMessage string
	// Href is the URL of a clicked link.
	Href string
	// LinkID identifies a clicked tracked link.
	LinkID int64
	// Link is the link value some channels report instead of Href.
	Link string

	// Raw is the whole "data" object as received, or nil when the event had none.
	Raw json.RawMessage
}

// envelope is the top level of an event as sent.
type envelope struct {
	EventID    string     `json:"event_id"`
	ObjectType ObjectType `json:"object_type"`
	// ObjectTypeType is the spelling of object_type in the reference's schema of
	// the cio_subscription_preferences_changed event; it is read when
	// object_type is absent.
	ObjectTypeType ObjectType        `json:"object_type_type"`
	Metric         customerio.Metric `json:"metric"`
	Timestamp      json.RawMessage   `json:"timestamp"`
	Data           json.RawMessage   `json:"data"`
}

// ParseEvent decodes one reporting-webhook delivery. Pass the raw body only after
// checking its signature, for example inside [Verifier.Middleware].
//
// event_id, object_type, metric and timestamp (Unix seconds, as a JSON integer or
// a string of digits) are required; object_type may also be spelled
// object_type_type, as Customer.io's reference spells it on
// cio_subscription_preferences_changed events. data must be a JSON object when
// present. Any other defect in the envelope, and malformed JSON, yields an error
// matching ErrInvalidEvent. Unknown object types, metrics and data fields are not errors.
func ParseEvent(body []byte) (Event, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return Event{}, fmt.Errorf("%w: %w", ErrInvalidEvent, err)
	}
	if env.ObjectType == "" {
		env.ObjectType = env.ObjectTypeType
	}
	switch {
	case env.EventID == "":
		return Event{}, fmt.Errorf("%w: missing event_id", ErrInvalidEvent)
	case env.ObjectType == "":
		return Event{}, fmt.Errorf("%w: missing object_type", ErrInvalidEvent)
	case env.Metric == "":
		return Event{}, fmt.Errorf("%w: missing metric", ErrInvalidEvent)
	}
	sec, err := eventTimestamp(env.Timestamp)
	if err != nil {
		return Event{}, err
	}
	data, err := parseData(env.Data)
	if err != nil {
		return Event{}, err
	}
	return Event{
		EventID:    env.EventID,
		ObjectType: env.ObjectType,
		Metric:     env.Metric,
		Timestamp:  time.Unix(sec, 0).UTC(),
		Data:       data,
	}, nil
}

// eventTimestamp reads the envelope's timestamp: Unix seconds between 1970 and
// the end of year 9999.
func eventTimestamp(raw json.RawMessage) (int64, error) {
	if isAbsent(raw) {
		return 0, fmt.Errorf("%w: missing timestamp", ErrInvalidEvent)
	}
	sec, ok := integer(raw)
	if !ok || sec < 0 || sec > maxEventUnix {
		return 0, fmt.Errorf("%w: timestamp is not Unix seconds", ErrInvalidEvent)
	}
	return sec, nil
}

// parseData decodes the data object; only a value that is not an object fails.
func parseData(raw json.RawMessage) (Data, error) {
	if isAbsent(raw) {
		return Data{}, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return Data{}, fmt.Errorf("%w: data is not a JSON object", ErrInvalidEvent)
	}
	var ids map[string]json.RawMessage
	// A malformed identifiers value leaves Identifiers empty; it stays in Raw.
	_ = json.Unmarshal(fields["identifiers"], &ids)
	return Data{
		Identifiers: customerio.Identifiers{
			ID:    text(ids["id"]),
			Email: text(ids["email"]),
			Phone: text(ids["phone"]),
			CIOID: text(ids["cio_id"]),
		},
		CustomerID:             text(fields["customer_id"]),
		EmailAddress:           text(fields["email_address"]),
		DeliveryID:             text(fields["delivery_id"]),
		ActionID:               numericID(fields["action_id"]),
		ParentActionID:         numericID(fields["parent_action_id"]),
		TemplateID:             numericID(fields["template_id"]),
		CampaignID:             numericID(fields["campaign_id"]),
		BroadcastID:            numericID(fields["broadcast_id"]),
		TriggerID:              numericID(fields["trigger_id"]),
		NewsletterID:           numericID(fields["newsletter_id"]),
		ContentID:              numericID(fields["content_id"]),
		TransactionalMessageID: numericID(fields["transactional_message_id"]),
		JourneyID:              text(fields["journey_id"]),
		Recipient:              text(fields["recipient"]),
		Subject:                text(fields["subject"]),
		FailureMessage:         text(fields["failure_message"]),
		Href:                   text(fields["href"]),
		LinkID:                 numericID(fields["link_id"]),
		Link:                   text(fields["link"]),
		Raw:                    raw,
	}, nil
}

func isAbsent(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// text is a JSON string's value, or a JSON number's literal text; anything else
// is "".
func text(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		// raw is a value of a document already parsed, so it is a valid string.
		_ = json.Unmarshal(raw, &s)
		return s
	case c == '-' || '0' <= c && c <= '9':
		return string(raw)
	default:
		return ""
	}
}

// numericID is a numeric id given as a JSON integer or a string of one; anything else is
// 0.
func numericID(raw json.RawMessage) int64 {
	n, _ := integer(raw)
	return n
}

// integer reads a JSON integer, or a JSON string holding one.
func integer(raw json.RawMessage) (int64, bool) {
	n, err := strconv.ParseInt(text(raw), 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}
