package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	customerio "github.com/gocustomerio/customerio"
)

// MarshalJSON encodes e as Customer.io sends it: event_id, object_type, metric,
// timestamp in Unix seconds and the data object, so that [ParseEvent] reads the
// result back as e. A zero Timestamp encodes as 0; data is left out when e.Data
// is the zero Data, as ParseEvent leaves it for an event without one.
//
// Use it to build request bodies for handler tests, together with [Sign] or
// [NewSignedRequest].
func (e Event) MarshalJSON() ([]byte, error) {
	env := struct {
		EventID    string            `json:"event_id"`
		ObjectType ObjectType        `json:"object_type"`
		Metric     customerio.Metric `json:"metric"`
		Timestamp  int64             `json:"timestamp"`
		Data       *Data             `json:"data,omitempty"`
	}{EventID: e.EventID, ObjectType: e.ObjectType, Metric: e.Metric}
	if !e.Timestamp.IsZero() {
		env.Timestamp = e.Timestamp.Unix()
	}
	if !e.Data.isZero() {
		env.Data = &e.Data
	}
	return json.Marshal(env)
}

// UnmarshalJSON decodes a reporting-webhook event as [ParseEvent] does, so an
// Event can sit in a larger JSON document such as a fixture file.
func (e *Event) UnmarshalJSON(b []byte) error {
	ev, err := ParseEvent(bytes.Clone(b))
	if err != nil {
		return err
	}
	*e = ev
	return nil
}

// MarshalJSON encodes the data object. When Raw is set it is the encoding,
// byte for byte up to white space, so fields without a typed counterpart
// survive a decode and encode; the typed fields are then ignored. Clear Raw to
// encode the typed fields instead: each one that is set, under Customer.io's
// name for it, ids as JSON numbers.
func (d Data) MarshalJSON() ([]byte, error) {
	if d.Raw != nil {
		if !json.Valid(d.Raw) {
			return nil, fmt.Errorf("%w: Data.Raw is not valid JSON", ErrInvalidEvent)
		}
		return d.Raw, nil
	}
	out := dataJSON{
		CustomerID:             d.CustomerID,
		EmailAddress:           d.EmailAddress,
		DeliveryID:             d.DeliveryID,
		ActionID:               d.ActionID,
		ParentActionID:         d.ParentActionID,
		TemplateID:             d.TemplateID,
		CampaignID:             d.CampaignID,
		BroadcastID:            d.BroadcastID,
		TriggerID:              d.TriggerID,
		NewsletterID:           d.NewsletterID,
		ContentID:              d.ContentID,
		TransactionalMessageID: d.TransactionalMessageID,
		JourneyID:              d.JourneyID,
		Recipient:              d.Recipient,
		Subject:                d.Subject,
		FailureMessage:         d.FailureMessage,
		Href:                   d.Href,
		LinkID:                 d.LinkID,
		Link:                   d.Link,
	}
	if d.Identifiers != (customerio.Identifiers{}) {
		out.Identifiers = &d.Identifiers
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes a data object as [ParseEvent] does.
func (d *Data) UnmarshalJSON(b []byte) error {
	data, err := parseData(bytes.Clone(b))
	if err != nil {
		return err
	}
	*d = data
	return nil
}

// dataJSON is the typed part of the data object, in the order Customer.io
// sends it.
type dataJSON struct {
	// Identifiers encodes through the JSON tags of customerio.Identifiers: the
	// identifiers that are set, under Customer.io's names.
	Identifiers            *customerio.Identifiers `json:"identifiers,omitempty"`
	CustomerID             string                  `json:"customer_id,omitempty"`
	EmailAddress           string                  `json:"email_address,omitempty"`
	DeliveryID             string                  `json:"delivery_id,omitempty"`
	ActionID               int64                   `json:"action_id,omitempty"`
	ParentActionID         int64                   `json:"parent_action_id,omitempty"`
	TemplateID             int64                   `json:"template_id,omitempty"`
	CampaignID             int64                   `json:"campaign_id,omitempty"`
	BroadcastID            int64                   `json:"broadcast_id,omitempty"`
	TriggerID              int64                   `json:"trigger_id,omitempty"`
	NewsletterID           int64                   `json:"newsletter_id,omitempty"`
	ContentID              int64                   `json:"content_id,omitempty"`
	TransactionalMessageID int64                   `json:"transactional_message_id,omitempty"`
	JourneyID              string                  `json:"journey_id,omitempty"`
	Recipient              string                  `json:"recipient,omitempty"`
	Subject                string                  `json:"subject,omitempty"`
	FailureMessage         string                  `json:"failure_message,omitempty"`
	Href                   string                  `json:"href,omitempty"`
	LinkID                 int64                   `json:"link_id,omitempty"`
	Link                   string                  `json:"link,omitempty"`
}

// isZero reports whether d is the Data of an event without a data object.
func (d Data) isZero() bool {
	return d.Raw == nil && reflect.ValueOf(d).IsZero()
}
