package pipelines

import "time"

// Page records that a user viewed a web page; Customer.io stores it as a page
// view, usable in segments and campaign triggers. Name is the page's name;
// Properties usually hold url, path, title and referrer. A UserID or an
// AnonymousID is required.
//
// Endpoint: POST /v1/page (https://docs.customer.io/integrations/api/cdp/).
type Page struct {
	UserID      string
	AnonymousID string
	Name        string
	Properties  Properties
	// Context, Integrations, Timestamp and MessageID are described on Track.
	Context      Context
	Integrations Integrations
	Timestamp    time.Time
	MessageID    string
}

func (m Page) wire(op string, w *wireMessage) (common, error) {
	p := problems{op: op}
	p.who(m.UserID, m.AnonymousID)
	p.ids("userId", m.UserID, "anonymousId", m.AnonymousID)
	p.timestamp(m.Timestamp)
	*w = wireMessage{Type: typePage, UserID: m.UserID, AnonymousID: m.AnonymousID, Name: m.Name, Properties: m.Properties}
	return common{m.Context, m.Integrations, m.Timestamp, m.MessageID}, p.err()
}

// Screen records that a user viewed a screen of a mobile app; Customer.io
// stores it as a screen view. Name is the screen's name. A UserID or an
// AnonymousID is required.
//
// Endpoint: POST /v1/screen (https://docs.customer.io/integrations/api/cdp/).
type Screen struct {
	UserID      string
	AnonymousID string
	Name        string
	Properties  Properties
	// Context, Integrations, Timestamp and MessageID are described on Track.
	Context      Context
	Integrations Integrations
	Timestamp    time.Time
	MessageID    string
}

func (m Screen) wire(op string, w *wireMessage) (common, error) {
	p := problems{op: op}
	p.who(m.UserID, m.AnonymousID)
	p.ids("userId", m.UserID, "anonymousId", m.AnonymousID)
	p.timestamp(m.Timestamp)
	*w = wireMessage{Type: typeScreen, UserID: m.UserID, AnonymousID: m.AnonymousID, Name: m.Name, Properties: m.Properties}
	return common{m.Context, m.Integrations, m.Timestamp, m.MessageID}, p.err()
}
