package pipelines

import "time"

// Identify tells Customer.io who a user is and records their traits: it
// creates or updates the person with the id UserID, whose attributes become
// Traits. With only an AnonymousID, the traits are kept for the anonymous
// user and attach to the person once an Identify names both ids.
//
// A UserID or an AnonymousID is required, except that a message whose Traits
// hold a non-blank "email" string may have neither: Customer.io then
// identifies the person by email address. Such a message is sent with an
// empty "userId", as the Data Pipelines API asks, since the Segment spec
// requires a userId or an anonymousId on every identify. Other
// Segment-compatible collectors may refuse it.
//
// Endpoint: POST /v1/identify (https://docs.customer.io/integrations/api/cdp/).
type Identify struct {
	UserID      string
	AnonymousID string
	// Traits are the person's attributes (Segment's reserved traits include
	// email, name, firstName, lastName, phone and createdAt; see Traits).
	Traits Traits
	// Context, Integrations, Timestamp and MessageID are described on Track.
	Context      Context
	Integrations Integrations
	Timestamp    time.Time
	MessageID    string
}

func (m Identify) wire(op string, w *wireMessage) (common, error) {
	p := problems{op: op}
	byEmail := false
	if m.UserID == "" && m.AnonymousID == "" {
		email, _ := m.Traits["email"].(string)
		byEmail = !isSpace(email)
	}
	if !byEmail {
		p.who(m.UserID, m.AnonymousID)
	}
	p.ids("userId", m.UserID, "anonymousId", m.AnonymousID)
	p.timestamp(m.Timestamp)
	*w = wireMessage{Type: typeIdentify, UserID: m.UserID, AnonymousID: m.AnonymousID, Traits: m.Traits, keepUserID: byEmail}
	return common{m.Context, m.Integrations, m.Timestamp, m.MessageID}, p.err()
}
