package trackv2

import (
	"context"

	customerio "github.com/gocustomerio/customerio"
)

// IdentifyPerson returns the op that creates a person, or updates an existing
// one, with attrs as profile attributes; attributes not named keep their
// values. attrs may hold cio_subscription_preferences to set topic
// subscriptions. WithRelationships relates the person to objects at the same
// time, and WithTimestamp orders updates that may arrive out of order.
func IdentifyPerson(p customerio.Identifiers, attrs map[string]any, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionIdentify, Identifiers: p, Attributes: attrs}.with(opts)
}

// IdentifyPerson creates or updates a person: it sends IdentifyPerson(p, attrs,
// opts...) with Send.
func (c *Client) IdentifyPerson(ctx context.Context, p customerio.Identifiers, attrs map[string]any, opts ...OpOption) error {
	return c.send(ctx, "trackv2.IdentifyPerson", IdentifyPerson(p, attrs, opts...))
}

// DeletePerson returns the op that deletes a person and their data. A deleted
// person can be identified again later; to keep them from coming back, suppress
// them instead.
func DeletePerson(p customerio.Identifiers, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionDelete, Identifiers: p}.with(opts)
}

// DeletePerson deletes a person: it sends DeletePerson(p, opts...) with Send.
func (c *Client) DeletePerson(ctx context.Context, p customerio.Identifiers, opts ...OpOption) error {
	return c.send(ctx, "trackv2.DeletePerson", DeletePerson(p, opts...))
}

// TrackPersonEvent returns the op that records the event name for a person,
// with attrs as event data. Events trigger campaigns and build segments. The op
// carries a de-duplication id (generated unless set with WithID) and may be
// backdated with WithTimestamp.
func TrackPersonEvent(p customerio.Identifiers, name string, attrs map[string]any, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionEvent, Identifiers: p, Name: name, Attributes: attrs}.with(opts)
}

// TrackPersonEvent records an event for a person: it sends TrackPersonEvent(p,
// name, attrs, opts...) with Send.
func (c *Client) TrackPersonEvent(ctx context.Context, p customerio.Identifiers, name string, attrs map[string]any, opts ...OpOption) error {
	return c.send(ctx, "trackv2.TrackPersonEvent", TrackPersonEvent(p, name, attrs, opts...))
}

// PersonPageview returns the op that records a page view for a person; page is
// the page's URL or name, attrs the event data. Like every event it carries a
// de-duplication id.
func PersonPageview(p customerio.Identifiers, page string, attrs map[string]any, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionPage, Identifiers: p, Name: page, Attributes: attrs}.with(opts)
}

// PersonPageview records a page view for a person: it sends PersonPageview(p,
// page, attrs, opts...) with Send.
func (c *Client) PersonPageview(ctx context.Context, p customerio.Identifiers, page string, attrs map[string]any, opts ...OpOption) error {
	return c.send(ctx, "trackv2.PersonPageview", PersonPageview(p, page, attrs, opts...))
}

// PersonScreen returns the op that records a mobile screen view for a person;
// screen is the screen's name, attrs the event data. Like every event it carries
// a de-duplication id.
func PersonScreen(p customerio.Identifiers, screen string, attrs map[string]any, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionScreen, Identifiers: p, Name: screen, Attributes: attrs}.with(opts)
}

// PersonScreen records a screen view for a person: it sends PersonScreen(p,
// screen, attrs, opts...) with Send.
func (c *Client) PersonScreen(ctx context.Context, p customerio.Identifiers, screen string, attrs map[string]any, opts ...OpOption) error {
	return c.send(ctx, "trackv2.PersonScreen", PersonScreen(p, screen, attrs, opts...))
}

// AddPersonRelationships returns the op that relates a person to objects; each
// relationship names its Object (customerio.RelatedObject). rels must not be
// empty.
func AddPersonRelationships(p customerio.Identifiers, rels []customerio.Relationship, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionAddRelationships, Identifiers: p, Relationships: rels}.with(opts)
}

// AddPersonRelationships relates a person to objects: it sends
// AddPersonRelationships(p, rels, opts...) with Send.
func (c *Client) AddPersonRelationships(ctx context.Context, p customerio.Identifiers, rels []customerio.Relationship, opts ...OpOption) error {
	return c.send(ctx, "trackv2.AddPersonRelationships", AddPersonRelationships(p, rels, opts...))
}

// DeletePersonRelationships returns the op that removes a person's relationships
// to the objects in rels, each naming its Object. rels must not be empty.
func DeletePersonRelationships(p customerio.Identifiers, rels []customerio.Relationship, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionDeleteRelationships, Identifiers: p, Relationships: rels}.with(opts)
}

// DeletePersonRelationships removes relationships between a person and objects:
// it sends DeletePersonRelationships(p, rels, opts...) with Send.
func (c *Client) DeletePersonRelationships(ctx context.Context, p customerio.Identifiers, rels []customerio.Relationship, opts ...OpOption) error {
	return c.send(ctx, "trackv2.DeletePersonRelationships", DeletePersonRelationships(p, rels, opts...))
}

// AddPersonDevice returns the op that adds a device to a person, or updates it,
// so that Customer.io can send it push notifications. d needs a Token and a
// Platform.
func AddPersonDevice(p customerio.Identifiers, d customerio.Device, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionAddDevice, Identifiers: p, Device: &d}.with(opts)
}

// AddPersonDevice adds or updates a person's push device: it sends
// AddPersonDevice(p, d, opts...) with Send.
func (c *Client) AddPersonDevice(ctx context.Context, p customerio.Identifiers, d customerio.Device, opts ...OpOption) error {
	return c.send(ctx, "trackv2.AddPersonDevice", AddPersonDevice(p, d, opts...))
}

// DeletePersonDevice returns the op that removes the device with this push token
// from a person; Customer.io stops sending pushes to it.
func DeletePersonDevice(p customerio.Identifiers, token string, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionDeleteDevice, Identifiers: p, Device: &customerio.Device{Token: token}}.with(opts)
}

// DeletePersonDevice removes a person's push device: it sends
// DeletePersonDevice(p, token, opts...) with Send.
func (c *Client) DeletePersonDevice(ctx context.Context, p customerio.Identifiers, token string, opts ...OpOption) error {
	return c.send(ctx, "trackv2.DeletePersonDevice", DeletePersonDevice(p, token, opts...))
}

// MergePeople returns the op that merges secondary into primary: Customer.io
// moves the secondary person's attributes, events and devices onto the primary
// person and deletes the secondary. Each person is identified by ID, Email or
// CIOID (not Phone).
func MergePeople(primary, secondary customerio.Identifiers, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionMerge, Primary: primary, Secondary: secondary}.with(opts)
}

// MergePeople merges secondary into primary: it sends MergePeople(primary,
// secondary, opts...) with Send.
func (c *Client) MergePeople(ctx context.Context, primary, secondary customerio.Identifiers, opts ...OpOption) error {
	return c.send(ctx, "trackv2.MergePeople", MergePeople(primary, secondary, opts...))
}

// SuppressPerson returns the op that deletes a person and keeps their
// identifier from being used again: later identify calls for it are ignored
// until UnsuppressPerson.
func SuppressPerson(p customerio.Identifiers, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionSuppress, Identifiers: p}.with(opts)
}

// SuppressPerson deletes a person and blocks their identifier: it sends
// SuppressPerson(p, opts...) with Send.
func (c *Client) SuppressPerson(ctx context.Context, p customerio.Identifiers, opts ...OpOption) error {
	return c.send(ctx, "trackv2.SuppressPerson", SuppressPerson(p, opts...))
}

// UnsuppressPerson returns the op that lifts a suppression, so that the
// identifier can be identified again. The deleted data does not come back.
func UnsuppressPerson(p customerio.Identifiers, opts ...OpOption) Op {
	return Op{Type: TypePerson, Action: ActionUnsuppress, Identifiers: p}.with(opts)
}

// UnsuppressPerson lifts a suppression: it sends UnsuppressPerson(p, opts...)
// with Send.
func (c *Client) UnsuppressPerson(ctx context.Context, p customerio.Identifiers, opts ...OpOption) error {
	return c.send(ctx, "trackv2.UnsuppressPerson", UnsuppressPerson(p, opts...))
}
