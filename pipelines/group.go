package pipelines

import (
	"maps"
	"time"
)

// Group relates a user to a group, which Customer.io stores as an object (a
// company, an account, a school…): it creates or updates the object with id
// GroupID and type ObjectTypeID, sets its attributes from Traits, and relates
// the person to it, with RelationshipAttributes describing the relationship.
// GroupID and a UserID or an AnonymousID are required.
//
// Customer.io reads the object type and the relationship attributes from
// inside traits, as traits.object_type_id (a string; "1", the first object type
// of the workspace, when absent) and traits.relationshipAttributes. The fields
// ObjectTypeID and RelationshipAttributes are written there, and win over keys
// of the same name in Traits.
//
// Endpoint: POST /v1/group (https://docs.customer.io/integrations/api/cdp/).
type Group struct {
	UserID      string
	AnonymousID string
	GroupID     string
	// ObjectTypeID is the object type's id, such as "1"; empty sends none,
	// which Customer.io reads as "1".
	ObjectTypeID string
	// Traits are the object's attributes.
	Traits Traits
	// RelationshipAttributes describe the person's relationship to the object
	// (a role, a start date…).
	RelationshipAttributes map[string]any
	// Context, Integrations, Timestamp and MessageID are described on Track.
	Context      Context
	Integrations Integrations
	Timestamp    time.Time
	MessageID    string
}

// Keys of Group's fields inside traits, as Customer.io reads them.
const (
	traitObjectTypeID           = "object_type_id"
	traitRelationshipAttributes = "relationshipAttributes"
)

func (m Group) wire(op string, w *wireMessage) (common, error) {
	p := problems{op: op}
	p.blank("groupId", m.GroupID)
	p.who(m.UserID, m.AnonymousID)
	p.ids("userId", m.UserID, "anonymousId", m.AnonymousID, "groupId", m.GroupID)
	p.timestamp(m.Timestamp)
	traits := map[string]any(m.Traits)
	if m.ObjectTypeID != "" || m.RelationshipAttributes != nil {
		// A copy, so that the caller's map is never modified.
		traits = maps.Clone(traits)
		if traits == nil {
			traits = make(map[string]any, 2)
		}
		if m.ObjectTypeID != "" {
			traits[traitObjectTypeID] = m.ObjectTypeID
		}
		if m.RelationshipAttributes != nil {
			traits[traitRelationshipAttributes] = m.RelationshipAttributes
		}
	}
	*w = wireMessage{Type: typeGroup, UserID: m.UserID, AnonymousID: m.AnonymousID, GroupID: m.GroupID, Traits: traits}
	return common{m.Context, m.Integrations, m.Timestamp, m.MessageID}, p.err()
}
