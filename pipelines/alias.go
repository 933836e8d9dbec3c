package pipelines

import "time"

// Alias tells destinations that PreviousID and UserID name the same user, for
// those that need ids reconciled (Customer.io itself merges anonymous activity
// on Identify). PreviousID and UserID are required.
//
// Endpoint: POST /v1/alias (https://docs.customer.io/integrations/api/cdp/).
type Alias struct {
	UserID     string
	PreviousID string
	// Context, Integrations, Timestamp and MessageID are described on Track.
	Context      Context
	Integrations Integrations
	Timestamp    time.Time
	MessageID    string
}

func (m Alias) wire(op string, w *wireMessage) (common, error) {
	p := problems{op: op}
	p.blank("previousId", m.PreviousID)
	p.blank("userId", m.UserID)
	p.ids("previousId", m.PreviousID, "userId", m.UserID)
	p.timestamp(m.Timestamp)
	*w = wireMessage{Type: typeAlias, UserID: m.UserID, PreviousID: m.PreviousID}
	return common{m.Context, m.Integrations, m.Timestamp, m.MessageID}, p.err()
}
