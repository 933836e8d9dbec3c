package app

import (
	"encoding/json"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Delivery is one message sent (or drafted) to one person, as the message lists
// of people, transactional templates, broadcasts and campaigns return it. Ids of
// the campaign, broadcast, newsletter or action that produced it are 0 when they
// do not apply.
type Delivery struct {
	// ID is the delivery id, as in SendResponse.DeliveryID.
	ID            string `json:"id"`
	DeduplicateID string `json:"deduplicate_id"`
	// MessageTemplateID is the template the message was built from.
	MessageTemplateID int `json:"message_template_id"`
	// CustomerID is the person's id; empty when the person has only an email.
	CustomerID          string                 `json:"customer_id"`
	CustomerIdentifiers customerio.Identifiers `json:"customer_identifiers"`
	// Recipient is the address, phone number or device the message went to.
	Recipient string `json:"recipient"`
	// Subject is the subject line of an email.
	Subject string `json:"subject"`
	// Type is the channel, such as "email", "push", "twilio" or "in_app".
	Type string `json:"type"`
	// Created is when the delivery was created.
	Created time.Time `json:"created"`
	// Metrics maps each metric reached ("sent", "delivered", "opened", …) to when.
	Metrics map[string]time.Time `json:"metrics"`
	// FailureMessage says why the delivery failed, if it did.
	FailureMessage string `json:"failure_message"`
	CampaignID     int    `json:"campaign_id"`
	ActionID       int    `json:"action_id"`
	ParentActionID int    `json:"parent_action_id"`
	NewsletterID   int    `json:"newsletter_id"`
	ContentID      int    `json:"content_id"`
	BroadcastID    int    `json:"broadcast_id"`
	// Forgotten reports that Customer.io did not keep the message's content.
	Forgotten bool `json:"forgotten"`
	// TrackedResponses holds in-app survey answers, when asked for with
	// GetTrackedResponses; its shape is not documented, so it is kept as received.
	TrackedResponses json.RawMessage `json:"tracked_responses,omitempty"`
}

// UnmarshalJSON reads created and metrics as Unix seconds.
func (d *Delivery) UnmarshalJSON(b []byte) error {
	type fields Delivery
	var w struct {
		fields
		Created unixTime            `json:"created"`
		Metrics map[string]unixTime `json:"metrics"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = Delivery(w.fields)
	d.Created = time.Time(w.Created)
	d.Metrics = timeMap(w.Metrics)
	return nil
}
