package pipelines

import "time"

// Track records that a user did something: an event named Event with its
// Properties. In Customer.io the event can trigger campaigns and join
// segments, and Customer.io's semantic events ("Device Created or Updated",
// "User Deleted", "User Suppressed", "Report Delivery Event", …) act on the
// person instead. Event and a UserID or an AnonymousID are required.
//
// Endpoint: POST /v1/track (https://docs.customer.io/integrations/api/cdp/).
type Track struct {
	UserID      string
	AnonymousID string
	Event       string
	Properties  Properties
	// Context describes the user's environment; it is merged over the
	// client's default context (see Context).
	Context Context
	// Integrations turns destinations on or off for this message.
	Integrations Integrations
	// Timestamp is when the event happened; zero means now. Set it when
	// backfilling.
	Timestamp time.Time
	// MessageID identifies the message for de-duplication; when empty, a UUID
	// is generated as the message is accepted, so that every retry of the
	// request carrying it repeats the same id.
	MessageID string
}

func (m Track) wire(op string, w *wireMessage) (common, error) {
	p := problems{op: op}
	p.blank("event", m.Event)
	p.who(m.UserID, m.AnonymousID)
	p.ids("userId", m.UserID, "anonymousId", m.AnonymousID)
	p.timestamp(m.Timestamp)
	*w = wireMessage{Type: typeTrack, UserID: m.UserID, AnonymousID: m.AnonymousID, Event: m.Event, Properties: m.Properties}
	return common{m.Context, m.Integrations, m.Timestamp, m.MessageID}, p.err()
}
