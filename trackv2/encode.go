package trackv2

import (
	"encoding/json"
	"errors"
	"strconv"
	"sync"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/jsonwrite"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// opEncoder turns ops into their exact JSON bytes, one after another, appending
// to one buffer. An op is written by hand in the order of Customer.io's
// documentation (type, action, identifiers, name, id, timestamp, attributes,
// device, cio_relationships, primary, secondary), and so are the free-form maps
// in it, for the value types programs put there (strings, numbers, booleans,
// time.Time, and maps and slices of them); any other value goes through
// encoding/json. The bytes are those encoding/json would write for the op with
// its times normalized (transport.Normalize): map keys sorted, the same
// escaping (HTML-safe, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD) and
// the same number formats. Writing by hand saves the reflection encoding/json
// pays on every op of a batch; the only allocation per op is a generated event
// id. An opEncoder is not safe for concurrent use.
type opEncoder struct {
	opName string
	buf    []byte
	// values writes the free-form maps, times as Unix seconds and the types it
	// does not know normalized by transport. Its Limit is how deep they may
	// nest: first transport.ShallowDepth, then, for a value checked and found
	// free of cycles, maxDepth.
	values jsonwrite.Writer
}

func newOpEncoder(opName string) *opEncoder {
	e := &opEncoder{opName: opName}
	e.values = jsonwrite.Writer{Limit: maxDepth, UnixTimes: true, Normalize: e.normalize}
	return e
}

// normalize prepares a value of a type the writer does not know, found depth
// levels down, for encoding/json: times inside it become Unix seconds, and
// structs are checked for cycles and NaNs.
func (e *opEncoder) normalize(v any, depth int) (any, error) {
	return transport.NormalizeBelow(e.opName, "", v, depth)
}

// encode validates op, fills in a generated event id when it needs one, appends
// its JSON to the buffer and returns those bytes, at most
// customerio.MaxEntityBytes of them. time.Time values, in fields and at any
// depth of the free-form maps, are written as Unix seconds; NaN and infinite
// numbers are refused. The returned bytes stay valid and unchanged after later
// calls: the buffer only grows past them.
//
// index is the op's position in a batch, for naming fields in errors
// ("batch[3].identifiers"); a negative index names them as in a single-entity
// request ("identifiers"). Errors are *customerio.ValidationError.
func (e *opEncoder) encode(op *Op, index int) ([]byte, error) {
	start := len(e.buf)
	rule, err := checkOp(e.opName, op)
	if err == nil {
		err = e.write(op, rule, start)
	}
	if err != nil {
		e.buf = e.buf[:start]
		return nil, atIndex(err, index)
	}
	item := e.buf[start:len(e.buf):len(e.buf)]
	if len(item) > customerio.MaxEntityBytes {
		e.buf = e.buf[:start]
		return nil, atIndex(validate.Field(e.opName, "", "the operation encodes to %d bytes; Customer.io accepts at most %d per operation",
			len(item), customerio.MaxEntityBytes), index)
	}
	return item, nil
}

// write appends op, which checkOp accepted under rule, at start. Its free-form
// maps are written as deep as transport.ShallowDepth first; a value nested
// deeper is checked by transport, which finds a cycle in time linear in the
// value's size, and written again with the full limit only when it has none.
// Walking a cycle up to maxDepth would instead write everything beside it again
// on every turn. On error the buffer holds a partial op, which encode cuts off.
func (e *opEncoder) write(op *Op, rule actionRule, start int) error {
	e.values.Limit = transport.ShallowDepth
	err := e.appendOp(op, rule)
	if err == nil {
		return nil
	}
	if bad := e.explain(op); bad != nil {
		return bad
	}
	if errors.Is(err, jsonwrite.ErrTooDeep) {
		e.buf = e.buf[:start]
		e.values.Limit = maxDepth
		if err = e.appendOp(op, rule); err == nil {
			return nil
		}
		if bad := e.explain(op); bad != nil {
			return bad
		}
	}
	return e.failure(err)
}

// appendOp writes op, which checkOp accepted under rule. On error the buffer
// holds a partial op, and the error is one of appendFreeForm's.
func (e *opEncoder) appendOp(op *Op, rule actionRule) error {
	b := append(e.buf, `{"type":`...)
	b = appendString(b, string(op.Type))
	b = append(b, `,"action":`...)
	b = appendString(b, string(op.Action))
	if !rule.merge {
		b = append(b, `,"identifiers":`...)
		b = appendIdentifiers(b, op.Identifiers)
	}
	if op.Name != "" {
		b = append(b, `,"name":`...)
		b = appendString(b, op.Name)
	}
	if rule.event {
		if op.ID != "" {
			b = append(b, `,"id":`...)
			b = appendString(b, op.ID)
		} else {
			// A ULID's characters need no escaping.
			b = append(b, `,"id":"`...)
			b = ids.AppendULID(b)
			b = append(b, '"')
		}
	}
	if !op.Timestamp.IsZero() {
		b = append(b, `,"timestamp":`...)
		b = strconv.AppendInt(b, op.Timestamp.Unix(), 10)
	}
	e.buf = b
	if rule.attributes != forbidden {
		// Identify and event actions always carry an attributes object.
		e.buf = append(e.buf, `,"attributes":`...)
		if err := e.appendFreeForm(op.Attributes, 0); err != nil {
			return err
		}
	}
	switch rule.device {
	case deviceAdd:
		if err := e.appendDevice(op.Device); err != nil {
			return err
		}
	case deviceDelete:
		e.buf = append(e.buf, `,"device":{"token":`...)
		e.buf = appendString(e.buf, op.Device.Token)
		e.buf = append(e.buf, '}')
	}
	if len(op.Relationships) > 0 {
		e.buf = append(e.buf, `,"cio_relationships":[`...)
		for i := range op.Relationships {
			r := &op.Relationships[i]
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.buf = append(e.buf, `{"identifiers":`...)
			e.buf = appendRelated(e.buf, rule.related, r)
			if len(r.Attributes) > 0 {
				e.buf = append(e.buf, `,"relationship_attributes":`...)
				if err := e.appendFreeForm(r.Attributes, 0); err != nil {
					return err
				}
			}
			e.buf = append(e.buf, '}')
		}
		e.buf = append(e.buf, ']')
	}
	if rule.merge {
		e.buf = append(e.buf, `,"primary":`...)
		e.buf = appendPerson(e.buf, op.Primary)
		e.buf = append(e.buf, `,"secondary":`...)
		e.buf = appendPerson(e.buf, op.Secondary)
	}
	e.buf = append(e.buf, '}')
	return nil
}

// appendDevice writes the device of an add_device op; empty optional fields are
// left out.
func (e *opEncoder) appendDevice(d *customerio.Device) error {
	e.buf = append(e.buf, `,"device":{"token":`...)
	e.buf = appendString(e.buf, d.Token)
	if d.Platform != "" {
		e.buf = append(e.buf, `,"platform":`...)
		e.buf = appendString(e.buf, string(d.Platform))
	}
	if !d.LastUsed.IsZero() {
		e.buf = append(e.buf, `,"last_used":`...)
		e.buf = strconv.AppendInt(e.buf, d.LastUsed.Unix(), 10)
	}
	if len(d.Attributes) > 0 {
		e.buf = append(e.buf, `,"attributes":`...)
		if err := e.appendFreeForm(d.Attributes, 0); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

// appendIdentifiers writes an Op.Identifiers value with the JSON names of its
// type.
func appendIdentifiers(b []byte, id any) []byte {
	switch v := id.(type) {
	case customerio.Identifiers:
		return appendPerson(b, v)
	case customerio.Object:
		return appendObject(b, v)
	case Delivery:
		b = append(b, `{"id":`...)
		b = appendString(b, v.ID)
		return append(b, '}')
	}
	return append(b, "null"...)
}

// appendRelated writes the side of a relationship the action takes (checkOp
// made sure it is the only one set) as the relationship's identifiers.
func appendRelated(b []byte, side identKind, r *customerio.Relationship) []byte {
	switch side {
	case kindObject:
		return appendObject(b, r.Object)
	case kindPerson:
		return appendPerson(b, r.Person)
	}
	b = append(b, `{"anonymous_id":`...)
	b = appendString(b, r.AnonymousID)
	return append(b, '}')
}

// appendObject writes an object's reference: type and id, or Customer.io's id.
func appendObject(b []byte, o customerio.Object) []byte {
	b = append(b, '{')
	b = appendOptional(b, `"object_type_id":`, o.TypeID)
	b = appendOptional(b, `"object_id":`, o.ID)
	b = appendOptional(b, `"cio_object_id":`, o.CIOObjectID)
	return append(b, '}')
}

// appendPerson writes a person's one set identifier (or, for a value
// validation refused, whichever are set).
func appendPerson(b []byte, p customerio.Identifiers) []byte {
	b = append(b, '{')
	b = appendOptional(b, `"id":`, p.ID)
	b = appendOptional(b, `"email":`, p.Email)
	b = appendOptional(b, `"phone":`, p.Phone)
	b = appendOptional(b, `"cio_id":`, p.CIOID)
	return append(b, '}')
}

// appendOptional writes key and v inside an object, unless v is empty; a comma
// goes first unless the object was just opened.
func appendOptional(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, key...)
	return appendString(b, v)
}

// maxDepth bounds the nesting of free-form values; deeper is taken for a map
// or slice that contains itself.
const maxDepth = 1000

// appendFreeForm writes the free-form map m, {} when it is nil.
func (e *opEncoder) appendFreeForm(m map[string]any, depth int) error {
	var err error
	e.buf, err = e.values.AppendMap(e.buf, m, depth)
	return err
}

// explain finds what in op's free-form maps cannot be sent: it normalizes them
// again with transport.NormalizeMap, in the order attributes, relationship
// attributes, device attributes, and returns the first error, which names the
// value's path; nil when they all normalize.
func (e *opEncoder) explain(op *Op) error {
	if _, err := transport.NormalizeMap(e.opName, "attributes", op.Attributes); err != nil {
		return err
	}
	for i, r := range op.Relationships {
		if _, err := transport.NormalizeMap(e.opName, "relationship_attributes", r.Attributes); err != nil {
			return prefixed(err, "cio_relationships["+strconv.Itoa(i)+"]")
		}
	}
	if op.Device != nil {
		if _, err := transport.NormalizeMap(e.opName, "device.attributes", op.Device.Attributes); err != nil {
			return err
		}
	}
	return nil
}

// failure is the error for a failure to write op's free-form maps that
// explain did not account for: encoding/json's refusal of a value, or nesting
// that transport counts differently.
func (e *opEncoder) failure(cause error) error {
	if errors.Is(cause, jsonwrite.ErrTooDeep) {
		return validate.Field(e.opName, "", "a value is nested more than %d levels deep (does a map or slice contain itself?)", maxDepth)
	}
	var fe *jsonwrite.FallbackError
	if errors.As(cause, &fe) {
		return encodeError(e.opName, fe.Err)
	}
	return encodeError(e.opName, cause)
}

// appendString writes s as a JSON string escaped exactly as encoding/json
// escapes it.
func appendString(b []byte, s string) []byte { return jsonwrite.AppendString(b, s) }

// encoderPool holds encoders for encodeOp and the Batcher. Encoders whose
// buffer grew past maxPooledBuffer are dropped rather than kept.
var encoderPool = sync.Pool{New: func() any { return newOpEncoder("") }}

const maxPooledBuffer = 64 << 10

// getEncoder returns a pooled encoder naming opName in errors.
func getEncoder(opName string) *opEncoder {
	e := encoderPool.Get().(*opEncoder)
	e.opName = opName
	return e
}

// putEncoder pools e again; the bytes its encode returned are no longer valid.
func putEncoder(e *opEncoder) {
	e.buf = e.buf[:0]
	if cap(e.buf) <= maxPooledBuffer {
		encoderPool.Put(e)
	}
}

// encodeOp returns the exact JSON bytes of op, in a slice of its own: op is
// validated, its event id generated when empty, its maps normalized, and its size
// checked against customerio.MaxEntityBytes. opName names the public call in
// errors; index is as for opEncoder.encode. This is the encoding of
// POST /api/v2/entity bodies.
func encodeOp(opName string, op Op, index int) ([]byte, error) {
	e := getEncoder(opName)
	item, err := e.encode(&op, index)
	if err == nil {
		item = append(make([]byte, 0, len(item)), item...)
	}
	putEncoder(e)
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
