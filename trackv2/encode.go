package trackv2

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"sync"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// wireOp is an Op as Customer.io reads it, with keys in the order of its
// documentation: the fields of identify, event, page, screen, delete, suppress
// and unsuppress, which are most of the traffic. Pointers refer to fields of the
// opEncoder that fills it, so filling one allocates nothing.
type wireOp struct {
	Type        EntityType       `json:"type"`
	Action      Action           `json:"action"`
	Identifiers *wireIdentifiers `json:"identifiers,omitempty"`
	Name        string           `json:"name,omitempty"`
	ID          string           `json:"id,omitempty"`
	Timestamp   *int64           `json:"timestamp,omitempty"`
	Attributes  map[string]any   `json:"attributes,omitzero"` // {} is kept, nil is not
}

// wireOpFull adds the fields of the device, relationship and merge actions.
// Ops without them are encoded as the embedded wireOp alone: every field
// encoding/json has to skip costs time on each op of a batch.
type wireOpFull struct {
	wireOp
	Device        *wireDevice    `json:"device,omitempty"`
	Relationships []Relationship `json:"cio_relationships,omitempty"`
	Primary       *Person        `json:"primary,omitempty"`
	Secondary     *Person        `json:"secondary,omitempty"`
}

// wireIdentifiers holds the fields of every identifier type, in their own
// order, so that the identifiers of an op are encoded as a plain struct rather
// than through an interface. Only the fields of one type are ever set.
type wireIdentifiers struct {
	ID           string `json:"id,omitempty"`
	Email        string `json:"email,omitempty"`
	Phone        string `json:"phone,omitempty"`
	CIOID        string `json:"cio_id,omitempty"`
	ObjectTypeID string `json:"object_type_id,omitempty"`
	ObjectID     string `json:"object_id,omitempty"`
	CIOObjectID  string `json:"cio_object_id,omitempty"`
}

func (w *wireIdentifiers) set(id Identifiers) {
	switch v := id.(type) {
	case Person:
		*w = wireIdentifiers{ID: v.ID, Email: v.Email, Phone: v.Phone, CIOID: v.CIOID}
	case Object:
		*w = wireIdentifiers{ObjectTypeID: v.TypeID, ObjectID: v.ID, CIOObjectID: v.CIOObjectID}
	case Delivery:
		*w = wireIdentifiers{ID: v.ID}
	}
}

type wireDevice struct {
	Token      string         `json:"token"`
	Platform   Platform       `json:"platform,omitempty"`
	LastUsed   *int64         `json:"last_used,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// emptyAttributes is sent as {} by the actions that always carry attributes. It
// is never modified.
var emptyAttributes = map[string]any{}

// opEncoder turns ops into their exact JSON bytes, one after another, appending
// to one buffer. It reuses its JSON encoder and wire value, so the only
// allocations per op are those encoding/json makes for maps and a generated
// event id. An opEncoder is not safe for concurrent use.
type opEncoder struct {
	opName string
	buf    []byte
	json   *json.Encoder

	wire                wireOpFull
	identifiers         wireIdentifiers
	device              wireDevice
	primary, secondary  Person
	timestamp, lastUsed int64
	relationships       []Relationship
}

func newOpEncoder(opName string) *opEncoder {
	e := &opEncoder{opName: opName}
	e.json = json.NewEncoder(e)
	return e
}

// Write appends p to the buffer; it is where e.json writes.
func (e *opEncoder) Write(p []byte) (int, error) {
	e.buf = append(e.buf, p...)
	return len(p), nil
}

// encode validates op, fills in a generated event id when it needs one,
// normalizes its free-form maps, appends its JSON to the buffer and returns those
// bytes, at most customerio.MaxEntityBytes of them. The returned bytes stay valid
// and unchanged after later calls: the buffer only grows past them.
//
// index is the op's position in a batch, for naming fields in errors
// ("batch[3].identifiers"); a negative index names them as in a single-entity
// request ("identifiers"). Errors are *customerio.ValidationError.
func (e *opEncoder) encode(op *Op, index int) ([]byte, error) {
	rule, err := checkOp(e.opName, op)
	if err == nil {
		err = e.fill(op, rule)
	}
	start := len(e.buf)
	if err == nil {
		if e.wire.Device != nil || e.wire.Relationships != nil || e.wire.Primary != nil {
			err = e.json.Encode(&e.wire)
		} else {
			err = e.json.Encode(&e.wire.wireOp)
		}
		if err != nil {
			err = encodeError(e.opName, err)
		}
	}
	e.release()
	if err != nil {
		e.buf = e.buf[:start]
		return nil, atIndex(err, index)
	}
	e.buf = e.buf[:len(e.buf)-1] // json.Encoder ends each value with a newline
	item := e.buf[start:len(e.buf):len(e.buf)]
	if len(item) > customerio.MaxEntityBytes {
		e.buf = e.buf[:start]
		return nil, atIndex(validate.Field(e.opName, "", "the operation encodes to %d bytes; Customer.io accepts at most %d per operation",
			len(item), customerio.MaxEntityBytes), index)
	}
	return item, nil
}

// fill sets e.wire from op, which checkOp accepted under rule.
func (e *opEncoder) fill(op *Op, rule actionRule) error {
	w := &e.wire
	w.Type, w.Action, w.Name = op.Type, op.Action, op.Name
	if rule.merge {
		e.primary, e.secondary = op.Primary, op.Secondary
		w.Primary, w.Secondary = &e.primary, &e.secondary
	} else {
		e.identifiers.set(op.Identifiers)
		w.Identifiers = &e.identifiers
	}
	if rule.event {
		w.ID = op.ID
		if w.ID == "" {
			w.ID = ids.ULID()
		}
	}
	if !op.Timestamp.IsZero() {
		e.timestamp = op.Timestamp.Unix()
		w.Timestamp = &e.timestamp
	}
	if rule.attributes != forbidden {
		attrs, err := transport.NormalizeMap(e.opName, "attributes", op.Attributes)
		if err != nil {
			return err
		}
		if attrs == nil {
			attrs = emptyAttributes
		}
		w.Attributes = attrs
	}
	if len(op.Relationships) > 0 {
		e.relationships = append(e.relationships[:0], op.Relationships...)
		for i := range e.relationships {
			r := &e.relationships[i]
			attrs, err := transport.NormalizeMap(e.opName, "relationship_attributes", r.Attributes)
			if err != nil {
				return prefixed(err, "cio_relationships["+strconv.Itoa(i)+"]")
			}
			r.Attributes = attrs
		}
		w.Relationships = e.relationships
	}
	switch rule.device {
	case deviceAdd:
		d := op.Device
		attrs, err := transport.NormalizeMap(e.opName, "device.attributes", d.Attributes)
		if err != nil {
			return err
		}
		e.device = wireDevice{Token: d.Token, Platform: d.Platform, Attributes: attrs}
		if !d.LastUsed.IsZero() {
			e.lastUsed = d.LastUsed.Unix()
			e.device.LastUsed = &e.lastUsed
		}
		w.Device = &e.device
	case deviceDelete:
		e.device = wireDevice{Token: op.Device.Token}
		w.Device = &e.device
	}
	return nil
}

// release drops the references to the caller's values, so that a pooled
// encoder keeps nothing alive.
func (e *opEncoder) release() {
	e.wire = wireOpFull{}
	e.device = wireDevice{}
	clear(e.relationships)
	e.relationships = e.relationships[:0]
}

// encoderPool holds encoders for encodeOp. Encoders whose buffer grew past
// maxPooledBuffer are dropped rather than kept.
var encoderPool = sync.Pool{New: func() any { return newOpEncoder("") }}

const maxPooledBuffer = 64 << 10

// encodeOp returns the exact JSON bytes of op, in a slice of its own: op is
// validated, its event id generated when empty, its maps normalized, and its size
// checked against customerio.MaxEntityBytes. opName names the public call in
// errors; index is as for opEncoder.encode. This is the encoding of
// POST /api/v2/entity bodies and of batch items encoded one at a time.
func encodeOp(opName string, op Op, index int) ([]byte, error) {
	e := encoderPool.Get().(*opEncoder)
	e.opName = opName
	item, err := e.encode(&op, index)
	if err == nil {
		item = bytes.Clone(item)
	}
	e.buf = e.buf[:0]
	if cap(e.buf) <= maxPooledBuffer {
		encoderPool.Put(e)
	}
	return item, err
}

// encodeBatch encodes ops, in order, into the body of one batch request
// carrying them all, {"batch":[op,op,…]}, and returns that body and each op's
// bytes, which are slices of it. A batch that fits in one request is sent as
// body without another copy; a larger one is cut from items (splitBatch,
// appendBatchBody).
//
// Every op is checked before encodeBatch returns, so that one
// *customerio.ValidationError lists the problems of all of them, each field
// named after its index ("batch[3].name").
func encodeBatch(opName string, ops []Op) (body []byte, items [][]byte, err error) {
	e := newOpEncoder(opName)
	e.buf = make([]byte, 0, batchBodySize(len(ops), opSizeHint*len(ops)))
	e.buf = append(e.buf, batchOpen...)
	items = make([][]byte, len(ops))
	var problems []customerio.FieldError
	for i := range ops {
		mark := len(e.buf)
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		item, err := e.encode(&ops[i], i)
		if err != nil {
			e.buf = e.buf[:mark]
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) {
				return nil, nil, err
			}
			problems = append(problems, ve.Fields...)
			continue
		}
		items[i] = item
	}
	if problems != nil {
		return nil, nil, &customerio.ValidationError{Op: opName, Fields: problems}
	}
	return append(e.buf, batchClose...), items, nil
}

// opSizeHint is the typical size of an encoded op (an identify or an event with
// a few attributes), to size a batch buffer up front.
const opSizeHint = 256

// atIndex names err's fields after the batch item at index; a negative index
// leaves them as they are.
func atIndex(err error, index int) error {
	if index < 0 {
		return err
	}
	return prefixed(err, "batch["+strconv.Itoa(index)+"]")
}

// encodeError turns a failure of encoding/json into a *customerio.ValidationError:
// a value inside the attributes that JSON cannot carry is bad input.
func encodeError(opName string, err error) error {
	var value *json.UnsupportedValueError
	var typ *json.UnsupportedTypeError
	switch {
	case errors.As(err, &value):
		return validate.Field(opName, "", "value %s cannot be sent: JSON has no NaN or infinity", value.Str)
	case errors.As(err, &typ):
		return validate.Field(opName, "", "a %s cannot be encoded as JSON", typ.Type)
	}
	return validate.Field(opName, "", "cannot be encoded as JSON: %v", err)
}
