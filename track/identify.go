package track

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Keys of the attribute map that Customer.io reads specially on Identify. Every
// other key is stored as a profile attribute.
const (
	// AttrID sets or changes the person's id when the path names them another way
	// (by email or cio_id).
	AttrID = "id"
	// AttrEmail is the person's email address, an identifier as well as an
	// attribute.
	AttrEmail = "email"
	// AttrAnonymousID links the person to the anonymous events sent with this
	// anonymous id; give a string.
	AttrAnonymousID = "anonymous_id"
	// AttrCreatedAt is when the person was created; give a time.Time, it is sent
	// as Unix seconds.
	AttrCreatedAt = "created_at"
	// AttrTimestamp orders concurrent updates: Customer.io ignores an update
	// older than one it already applied. Give a time.Time.
	AttrTimestamp = "_timestamp"
	// AttrUpdateOnly set to true updates an existing person and never creates
	// one.
	AttrUpdateOnly = "_update"
	// AttrUnsubscribed set to true unsubscribes the person from all messages.
	AttrUnsubscribed = "unsubscribed"
	// AttrSubscriptionPreferences sets topic subscriptions; give a
	// SubscriptionPreferences.
	AttrSubscriptionPreferences = "cio_subscription_preferences"
	// AttrRelationships adds or removes relationships to objects; give a
	// Relationships, or a []customerio.Relationship (each built with
	// customerio.RelatedObject) to add them. A map in Customer.io's
	// shape ({"action": …, "relationships": [{"identifiers": {…}}, …]}), or a
	// list of relationship maps to add, is checked and sent as it is.
	AttrRelationships = "cio_relationships"
)

// Identify creates the person id names, or updates their attributes (PUT
// /api/v1/customers/{id}). id is the person's id, their email address, or
// "cio_" followed by their Customer.io id: Customer.io tells them apart by shape.
//
// attrs is sent as the request body itself, flat; nil sends {} (touching the
// profile without changing an attribute). See the Attr constants for the keys
// Customer.io treats specially. time.Time values at any depth are sent as Unix
// seconds, Relationships values are expanded to Customer.io's shape, and attrs is
// never modified.
//
// A blank id, a NaN or infinite number, a value of the wrong type under one of
// the Attr keys (a string created_at, a non-bool _update, relationships not in
// Customer.io's shape…), an invalid Relationships value or a body over
// customerio.MaxEntityBytes is a *customerio.ValidationError naming the key, and
// nothing is sent.
func (c *Client) Identify(ctx context.Context, id string, attrs map[string]any) error {
	const op = "track.Identify"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	body, err := identifyBody(op, attrs)
	if err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodPut, Path: customerPath(id), Body: body})
}

// identifyBody expands typed attribute values and normalizes the map, copying
// rather than modifying the caller's.
func identifyBody(op string, attrs map[string]any) (map[string]any, error) {
	if len(attrs) == 0 {
		return map[string]any{}, nil
	}
	if err := checkReserved(op, "attrs", attrs); err != nil {
		return nil, err
	}
	expanded, err := expandRelationships(op, "attrs", attrs)
	if err != nil {
		return nil, err
	}
	return transport.NormalizeMap(op, "attrs", expanded)
}
