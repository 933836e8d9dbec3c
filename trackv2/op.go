package trackv2

import (
	"slices"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
)

// EntityType is the kind of entity an operation acts on.
type EntityType string

// The entity types of Track v2.
const (
	TypePerson   EntityType = "person"
	TypeObject   EntityType = "object"
	TypeDelivery EntityType = "delivery"
)

// Action is what an operation does to its entity. Which actions each entity type
// supports is Customer.io's action matrix; Send and Batch refuse any other pair.
type Action string

// The actions of Track v2.
const (
	ActionIdentify            Action = "identify"
	ActionIdentifyAnonymous   Action = "identify_anonymous"
	ActionDelete              Action = "delete"
	ActionEvent               Action = "event"
	ActionScreen              Action = "screen"
	ActionPage                Action = "page"
	ActionAddRelationships    Action = "add_relationships"
	ActionDeleteRelationships Action = "delete_relationships"
	ActionAddDevice           Action = "add_device"
	ActionDeleteDevice        Action = "delete_device"
	ActionMerge               Action = "merge"
	ActionSuppress            Action = "suppress"
	ActionUnsuppress          Action = "unsuppress"
)

// Op is one Track v2 operation: the body of a POST /api/v2/entity request, or one
// item of a batch. It is a plain value: build it with the functions of this
// package named after each action (IdentifyPerson, TrackPersonEvent, …) or
// directly, inspect it, keep it, send it with Client.Send or Client.Batch.
//
// Which fields an action takes follows Customer.io's documentation; a field set
// on an action that does not take it is refused rather than dropped. Sending
// validates the op, converts time.Time values to Unix seconds and, for events,
// adds a de-duplication id when ID is empty. The caller's Op and maps are never
// modified.
type Op struct {
	Type   EntityType
	Action Action
	// Identifiers names the entity the op acts on. It holds a value of one of
	// three types, and Type decides which one fits:
	//   - customerio.Identifiers for TypePerson: exactly one of ID, Email,
	//     Phone or CIOID (customerio.ByID, ByEmail, ByPhone, ByCIOID).
	//     Customer.io looks the person up by that value; identify creates the
	//     person when none matches.
	//   - customerio.Object for TypeObject: TypeID and ID, which identify
	//     creates when missing, or CIOObjectID alone, which only ever names an
	//     existing object (customerio.ObjectByID, ObjectByCIOID).
	//   - Delivery for TypeDelivery (DeliveryID).
	// Any other value, a pointer to one of these included, is refused with a
	// *customerio.ValidationError naming "identifiers" before any request; the
	// functions named after each action take the right type, so the ops they
	// build cannot hold a wrong one. A merge has none: it uses Primary and
	// Secondary.
	Identifiers any
	// Name is the event name (event), the page URL or name (page) or the screen
	// name (screen); for a delivery event, customerio.MetricDelivered,
	// MetricOpened or MetricConverted.
	Name string
	// ID is the de-duplication id of an event, page, screen or delivery event:
	// Customer.io drops a second event with the same id. When empty, a ULID is
	// generated as the op is encoded, once, so that every retry of that request
	// carries the same id. Set it yourself (NewEventID) when you may send the same
	// op again in a later call.
	ID string
	// Timestamp, when not zero, is sent as Unix seconds: on an event it backdates
	// the event, on identify it orders updates that arrive out of order.
	Timestamp time.Time
	// Attributes are profile attributes (identify) or event data (event, page,
	// screen). time.Time values at any depth are sent as Unix seconds; NaN and
	// infinite numbers are refused. Identify and event actions always send an
	// attributes object, {} when this is empty.
	Attributes map[string]any
	// Device is the device of add_device, which needs its Token and Platform,
	// and of delete_device, which sends only its Token. It is sent as
	// {"token", "platform", "last_used" (Unix seconds), "attributes"}.
	Device *customerio.Device
	// Relationships are the cio_relationships of the relationship actions, and
	// optionally of identify. Each names the side the op relates its entity
	// to: Object on a person's operations (customerio.RelatedObject), Person
	// on an object's (customerio.RelatedPerson), AnonymousID on
	// identify_anonymous (customerio.RelatedAnonymous); any other side set is
	// refused, naming the field.
	Relationships []customerio.Relationship
	// Primary and Secondary are a merge's two people: Customer.io moves the
	// secondary's data onto the primary and deletes the secondary. Each takes
	// only ID, Email or CIOID.
	Primary, Secondary customerio.Identifiers
}

// OpOption sets an optional field of an op built by this package's functions and
// convenience methods.
type OpOption func(*Op)

// WithID sets the de-duplication id of an event, page, screen or delivery event
// instead of the generated one.
func WithID(id string) OpOption { return func(op *Op) { op.ID = id } }

// WithTimestamp sets when the operation happened; it is sent as Unix seconds.
func WithTimestamp(t time.Time) OpOption { return func(op *Op) { op.Timestamp = t } }

// WithRelationships adds relationships to an identify: a person identify relates
// the person to objects, an object identify relates the object to people.
func WithRelationships(rels ...customerio.Relationship) OpOption {
	return func(op *Op) { op.Relationships = append(slices.Clip(op.Relationships), rels...) }
}

// NewEventID returns a new ULID for Op.ID. Set it yourself when the same event may
// be sent again in a later call (after a failed Batch, say), so that Customer.io
// recognises the repeat.
func NewEventID() string { return ids.ULID() }

// with applies opts to op. The options work on a copy, so that op itself
// never escapes: without options the op a constructor builds stays on the
// caller's stack.
func (op Op) with(opts []OpOption) Op {
	if len(opts) == 0 {
		return op
	}
	applied := new(Op)
	*applied = op
	for _, o := range opts {
		if o != nil {
			o(applied)
		}
	}
	return *applied
}
