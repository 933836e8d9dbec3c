package trackv2

import (
	"context"

	customerio "github.com/gocustomerio/customerio"
)

// IdentifyObject returns the op that creates an object, or updates an existing
// one, with attrs as its attributes. An Object given by TypeID and ID is created
// when missing; one given by CIOObjectID is only ever updated.
// WithRelationships relates people to the object, each relationship naming
// its Person (customerio.RelatedPerson).
func IdentifyObject(o customerio.Object, attrs map[string]any, opts ...OpOption) Op {
	return Op{Type: TypeObject, Action: ActionIdentify, Identifiers: o, Attributes: attrs}.with(opts)
}

// IdentifyObject creates or updates an object: it sends IdentifyObject(o,
// attrs, opts...) with Send.
func (c *Client) IdentifyObject(ctx context.Context, o customerio.Object, attrs map[string]any, opts ...OpOption) error {
	return c.send(ctx, "trackv2.IdentifyObject", IdentifyObject(o, attrs, opts...))
}

// IdentifyAnonymousObject returns the op that creates or updates an object and
// relates it to visitors who have not identified themselves yet, each given with
// WithRelationships by its AnonymousID (customerio.RelatedAnonymous), sent as
// {"anonymous_id": …}, the only identifier Customer.io takes on this action.
// When a visitor is identified later, the relationship moves to the person.
func IdentifyAnonymousObject(o customerio.Object, attrs map[string]any, opts ...OpOption) Op {
	return Op{Type: TypeObject, Action: ActionIdentifyAnonymous, Identifiers: o, Attributes: attrs}.with(opts)
}

// IdentifyAnonymousObject creates or updates an object related to an anonymous
// visitor: it sends IdentifyAnonymousObject(o, attrs, opts...) with Send.
func (c *Client) IdentifyAnonymousObject(ctx context.Context, o customerio.Object, attrs map[string]any, opts ...OpOption) error {
	return c.send(ctx, "trackv2.IdentifyAnonymousObject", IdentifyAnonymousObject(o, attrs, opts...))
}

// DeleteObject returns the op that deletes an object and its relationships.
func DeleteObject(o customerio.Object, opts ...OpOption) Op {
	return Op{Type: TypeObject, Action: ActionDelete, Identifiers: o}.with(opts)
}

// DeleteObject deletes an object: it sends DeleteObject(o, opts...) with Send.
func (c *Client) DeleteObject(ctx context.Context, o customerio.Object, opts ...OpOption) error {
	return c.send(ctx, "trackv2.DeleteObject", DeleteObject(o, opts...))
}

// AddObjectRelationships returns the op that relates people to an object; each
// relationship names its Person (customerio.RelatedPerson). rels must not be
// empty.
func AddObjectRelationships(o customerio.Object, rels []customerio.Relationship, opts ...OpOption) Op {
	return Op{Type: TypeObject, Action: ActionAddRelationships, Identifiers: o, Relationships: rels}.with(opts)
}

// AddObjectRelationships relates people to an object: it sends
// AddObjectRelationships(o, rels, opts...) with Send.
func (c *Client) AddObjectRelationships(ctx context.Context, o customerio.Object, rels []customerio.Relationship, opts ...OpOption) error {
	return c.send(ctx, "trackv2.AddObjectRelationships", AddObjectRelationships(o, rels, opts...))
}

// DeleteObjectRelationships returns the op that removes the relationships
// between an object and the people in rels, each naming its Person. rels must
// not be empty.
func DeleteObjectRelationships(o customerio.Object, rels []customerio.Relationship, opts ...OpOption) Op {
	return Op{Type: TypeObject, Action: ActionDeleteRelationships, Identifiers: o, Relationships: rels}.with(opts)
}

// DeleteObjectRelationships removes relationships between an object and people:
// it sends DeleteObjectRelationships(o, rels, opts...) with Send.
func (c *Client) DeleteObjectRelationships(ctx context.Context, o customerio.Object, rels []customerio.Relationship, opts ...OpOption) error {
	return c.send(ctx, "trackv2.DeleteObjectRelationships", DeleteObjectRelationships(o, rels, opts...))
}
