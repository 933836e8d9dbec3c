package pipelines

import (
	"encoding/json"
	"errors"
	"sync"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/jsonwrite"
	"github.com/gocustomerio/customerio/internal/validate"
)

// wireMessage is one message as Data Pipelines reads it, in the Segment spec's
// camelCase. One struct serves every type: the fields a type does not have
// stay empty and are omitted, as every empty field is, but for a userId the
// message must carry even when empty (see Identify).
type wireMessage struct {
	// Type is required inside /v1/batch and omitted on the single-call
	// endpoints, where the path implies it.
	Type        string
	UserID      string
	AnonymousID string
	PreviousID  string
	GroupID     string
	Event       string
	Name        string
	// keepUserID sends "userId":"" when UserID is empty.
	keepUserID bool
	// Traits and Properties are the caller's maps, written as encoding/json
	// would write them: time.Time values inside them become RFC 3339 strings
	// (see the package documentation).
	Traits       map[string]any
	Properties   map[string]any
	Integrations map[string]any
}

// common are the fields every message type has besides its ids.
type common struct {
	context      Context
	integrations Integrations
	timestamp    time.Time
	messageID    string
}

// encoding is the reusable state of encoding one message: the wire fields,
// the buffer they are written to and the writer of the free-form maps, with
// its scratch space. Pooled, it makes the encoding of a message allocate
// little more than the bytes it produces.
type encoding struct {
	w      wireMessage
	buf    []byte
	values jsonwrite.Writer
}

// encodings pools encodings. Their writers take nesting up to maxNesting,
// which checkFreeform enforces before anything is written; the writer's own
// limit only stops a value changed while it is being written.
var encodings = sync.Pool{New: func() any {
	return &encoding{values: jsonwrite.Writer{Limit: maxNesting}}
}}

func newEncoding() *encoding { return encodings.Get().(*encoding) }

// maxPooledBuffer bounds the buffer an encoding keeps when pooled, so that one
// huge refused message does not pin its memory.
const maxPooledBuffer = 2 * customerio.MaxEntityBytes

// free clears e, dropping its references to the caller's maps, and pools it.
func (e *encoding) free() {
	e.w = wireMessage{}
	if cap(e.buf) > maxPooledBuffer {
		return
	}
	e.buf = e.buf[:0]
	encodings.Put(e)
}

// Keys of the fields every message may have.
const (
	contextKey = `,"context":`
	sentAtKey  = `,"sentAt":"`
)

// encode completes the message in e with the fields every message has, and
// returns its bytes, held to customerio.MaxEntityBytes; they are e's buffer,
// valid until e is freed:
//
//   - messageId: the caller's, or a new UUID, generated now so that every
//     retry of the batch the message rides in repeats it;
//   - timestamp: the caller's, or now to the millisecond, in UTC;
//   - context: on a single call (single is true), the client's default
//     context as encoded by New, or its merge with the message's own; on a
//     batch item, the message's own context only, or none: the default, with
//     context.library, travels once in the batch envelope (see sendBatch);
//   - sentAt, now, on a single call.
//
// Free-form values (traits, properties, integrations, context) are checked
// first, so that a value that contains itself or nests absurdly deep is a
// *customerio.ValidationError naming its path rather than a runaway encoding;
// whatever the writer still refuses becomes one too.
func (c *Client) encode(op string, e *encoding, m common, single bool) ([]byte, error) {
	w := &e.w
	w.Integrations = m.integrations
	for _, f := range [...]part{
		{"traits", w.Traits},
		{"properties", w.Properties},
		{"integrations", w.Integrations},
		{"context", m.context},
	} {
		if err := checkFreeform(op, f.field, f.value); err != nil {
			return nil, err
		}
	}
	var context []byte
	var err error
	if single {
		context, err = c.context.merged(op, m.context)
	} else {
		context, err = c.context.own(op, m.context)
	}
	if err != nil {
		return nil, err
	}
	ts := m.timestamp
	if ts.IsZero() {
		ts = time.Now().Truncate(time.Millisecond)
	}
	if err := e.appendFields(m.messageID, ts); err != nil {
		return nil, encodeError(op, err)
	}
	n := len(e.buf) + len("}")
	if len(context) > 0 {
		n += len(contextKey) + len(context)
	}
	// A batch item's size is counted with the envelope's context, which Data
	// Pipelines applies to it.
	counted := n
	if single {
		n += len(sentAtKey) + len(sentAtLayout) + len(`"`)
		counted = n
	} else {
		counted += len(contextKey) + len(c.context.encoded)
	}
	if counted > customerio.MaxEntityBytes {
		return nil, validate.Field(op, "", "the message encodes to %d bytes; Data Pipelines accepts at most %d per message", counted, customerio.MaxEntityBytes)
	}
	b := e.buf
	if len(context) > 0 {
		b = append(b, contextKey...)
		b = append(b, context...)
	}
	if single {
		b = append(b, sentAtKey...)
		b = appendSentAt(b, time.Now())
		b = append(b, '"')
	}
	e.buf = append(b, '}')
	return e.buf, nil
}

// appendFields writes to e.buf the message's fields but context and sentAt:
// {"type":…,"messageId":…,"timestamp":…,… without the closing brace; an
// empty messageID gets a new UUID. The
// string fields are written directly, the free-form maps by e.values, in
// encoding/json's bytes; empty fields are left out.
func (e *encoding) appendFields(messageID string, ts time.Time) error {
	w := &e.w
	b := append(e.buf[:0], '{')
	if w.Type != "" {
		b = appendString(append(b, `"type":`...), w.Type)
		b = append(b, ',')
	}
	if messageID != "" {
		b = appendString(append(b, `"messageId":`...), messageID)
	} else {
		// A UUID's characters need no escaping.
		b = append(b, `"messageId":"`...)
		b = append(ids.AppendUUID(b), '"')
	}
	b = append(b, `,"timestamp":"`...)
	b = ts.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if w.UserID != "" || w.keepUserID {
		b = appendString(append(b, `,"userId":`...), w.UserID)
	}
	b = appendOptional(b, `,"anonymousId":`, w.AnonymousID)
	b = appendOptional(b, `,"previousId":`, w.PreviousID)
	b = appendOptional(b, `,"groupId":`, w.GroupID)
	b = appendOptional(b, `,"event":`, w.Event)
	b = appendOptional(b, `,"name":`, w.Name)
	for _, f := range [...]struct {
		key   string
		value map[string]any
	}{
		{`,"traits":`, w.Traits},
		{`,"properties":`, w.Properties},
		{`,"integrations":`, w.Integrations},
	} {
		if len(f.value) == 0 {
			continue
		}
		b = append(b, f.key...)
		var err error
		if b, err = e.values.AppendMap(b, f.value, 0); err != nil {
			e.buf = b[:0]
			return err
		}
	}
	e.buf = b
	return nil
}

func appendOptional(b []byte, key, value string) []byte {
	if value == "" {
		return b
	}
	return appendString(append(b, key...), value)
}

// appendString appends s as a JSON string, escaped as encoding/json escapes
// it (HTML characters included), so that every field of a message reads the
// same way.
func appendString(b []byte, s string) []byte { return jsonwrite.AppendString(b, s) }

// sentAtLayout formats sentAt: RFC 3339 in UTC with milliseconds, always
// len(sentAtLayout) bytes for years 0000 to 9999, so that the batch envelope has a
// fixed length the queue can count on.
const sentAtLayout = "2006-01-02T15:04:05.000Z"

// appendSentAt appends t as sentAt.
func appendSentAt(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, sentAtLayout)
}

// part is a free-form field of a message, checked by checkFreeform.
type part struct {
	field string
	value any
}

// encodeError explains a failure to write a value that checkFreeform did not
// foresee (a json.Marshaler failing, a map key type JSON has no form for) as a
// *customerio.ValidationError.
func encodeError(op string, err error) error {
	var unsupportedValue *json.UnsupportedValueError
	var unsupportedType *json.UnsupportedTypeError
	switch {
	case errors.As(err, &unsupportedValue):
		return validate.Field(op, "", "value %s cannot be encoded as JSON", unsupportedValue.Str)
	case errors.As(err, &unsupportedType):
		return validate.Field(op, "", "a %s cannot be encoded as JSON", unsupportedType.Type)
	}
	return validate.Field(op, "", "cannot be encoded as JSON: %v", err)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
