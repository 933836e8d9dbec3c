package trackv2

import (
	"slices"
	"time"

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
	// Identifiers is a Person for TypePerson, an Object for TypeObject and a
	// Delivery for TypeDelivery. A merge has none: it uses Primary and Secondary.
	Identifiers Identifiers
	// Name is the event name (event), the page URL or name (page) or the screen
	// name (screen); for a delivery event, one of the DeliveryMetric values.
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
	// Device is the device of add_device and delete_device; delete_device sends
	// only its Token.
	Device *Device
	// Relationships are the cio_relationships of the relationship actions, and
	// optionally of identify.
	Relationships []Relationship
	// Primary and Secondary are a merge's two people: Customer.io moves the
	// secondary's data onto the primary and deletes the secondary. Each takes
	// only ID, Email or CIOID.
	Primary, Secondary Person
}

// Platform is a device's operating system.
type Platform string

// The device platforms Customer.io accepts.
const (
	PlatformIOS     Platform = "ios"
	PlatformAndroid Platform = "android"
)

// Device is a mobile device that receives push notifications for a person. Its
// JSON names are those of the wire format, which the encoder writes itself (with
// LastUsed as Unix seconds).
type Device struct {
	// Token is the push token (APNs or FCM) that identifies the device.
	Token string `json:"token" validate:"required"`
	// Platform is PlatformIOS or PlatformAndroid.
	Platform Platform `json:"platform" validate:"required,oneof=ios android"`
	// LastUsed, when not zero, is sent as Unix seconds.
	LastUsed time.Time `json:"last_used"`
	// Attributes are device attributes (app_version, device_model, …);
	// time.Time values are sent as Unix seconds.
	Attributes map[string]any `json:"attributes"`
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
func WithRelationships(rels ...Relationship) OpOption {
	return func(op *Op) { op.Relationships = append(slices.Clip(op.Relationships), rels...) }
}

// NewEventID returns a new ULID for Op.ID. Set it yourself when the same event may
// be sent again in a later call (after a failed Batch, say), so that Customer.io
// recognises the repeat.
func NewEventID() string { return ids.ULID() }

// with applies opts to op.
func (op Op) with(opts []OpOption) Op {
	for _, o := range opts {
		if o != nil {
			o(&op)
		}
	}
	return op
}
